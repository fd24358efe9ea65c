"""Every tolerance the PDF reader uses, in one checked object (as pdfplumber's TableSettings).

Distances are in points (pt) or in text heights (a word's height, at least 1 pt); each is a
property of how tables are typeset, not of one file. `SETTINGS` is what the reader uses;
a setting out of its range is refused when the object is made, naming the setting.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class ReaderSettings:
    # glyphs and words on one baseline: middles closer than this many text heights
    same_line: float = 0.35
    # a glyph joins the word before it when it starts within this many glyph heights of its
    # end (and no vertical rule stands between them)
    word_gap: float = 0.3
    # ... and not more than this many glyph heights before its start (a glyph drawn back)
    word_backstep: float = 0.1
    # ... but a figure and a text printed apart by more than this many glyph heights are
    # two words (unruled, a right-aligned figure ends close to the next cell's text)
    figure_gap: float = 0.15
    # a drawn path thinner than this (pt) is one ruling line; a wider one gives its sides
    rule_thickness: float = 1.5
    # a straight path lying within a glyph's box, give or take this (pt), is part of the
    # glyph drawn again as outlines, not a ruling line
    outline_tolerance: float = 0.5
    # segments of one vertical rule touching within this (pt) are merged
    rule_join: float = 0.5
    # a glyph is printed when its centre lies inside its clipping box, give or take this (pt)
    clip_tolerance: float = 0.5
    # a header printed one character per line: stacked words no farther apart (heights)
    stack_gap: float = 1.0
    # ... and overlapping in x by at least this share of the narrower word
    stack_overlap: float = 0.4
    # a header cell stacks at most this many words
    stack_max_words: int = 12
    # a word less high than this share of the page's text is a mark beside the table (a
    # file name in 1 pt type), furniture
    mark_height: float = 0.4
    # every column header lies within this many text heights of the first
    header_span: float = 12.0
    # a header line reaches this many text heights below the header band's last word
    header_below: float = 0.5
    # a rule within this (pt) of a header's edge stands beside it; a cut before a filling
    # column's next header lies this far left of it; the x a figure, text is placed by
    # lies this far inside its right, left edge
    edge: float = 0.5
    # a horizontal rule reaching within this (pt) of the name column's edges crosses it
    rule_reach: float = 2.0
    # words whose left edges lie within this (pt) share a left edge (one text column)
    left_edge: float = 1.0
    # a cell wraps over at most this many lines
    max_cell_lines: int = 12
    # a wrapped cell's line but its last ends within this many text heights of the column's
    # rightmost line end; one ending shorter adds this (pt) to a cut's cost, which settles
    # cuts that fit the figures alike (a tie) and never outweighs a line's misplacement
    short_line: float = 1.5
    short_line_cost: float = 1.0
    # cells centred on their figures within this (pt, on average a row) are taken as centred
    # without trying the other alignments
    centred_fit: float = 0.05

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(
                    f"reader setting {setting.name} must be a positive number, not {value!r}"
                )
        for name in ("stack_max_words", "max_cell_lines"):
            if not isinstance(getattr(self, name), int):
                raise ValueError(f"reader setting {name} must be a whole number")
        if self.stack_overlap > 1:
            raise ValueError("reader setting stack_overlap is a share of a word, at most 1")


SETTINGS = ReaderSettings()
