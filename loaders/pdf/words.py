"""Stage 2: glyphs to words, and words to visual lines.

Glyphs (in drawing order, from loaders/pdf/glyphs.py) join into a word while each follows
the last on its baseline, closer than `word_gap` glyph heights, with no vertical ruling line
between them; words come out in reading order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from loaders.pdf.glyphs import Glyph, Rule
from loaders.pdf.settings import SETTINGS

S = SETTINGS


class Word(NamedTuple):
    """Glyphs joined on one baseline: the text and its box (top measured from the page's
    top)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


# Kinsoku: these never start a line or a cell; printed past a rule they still close the
# text before them.
CLOSING = "）)」』】。、，,・ー"
# a printed figure's characters (1,234): a figure and a text printed apart are two words
FIGURE_CHARACTERS = frozenset("0123456789,０１２３４５６７８９，")


def words_of(glyphs: Iterable[Glyph], rules: Iterable[Rule] = ()) -> list[Word]:
    """Glyphs in the order they are drawn, joined into words while each follows the last on
    its baseline closer than `word_gap` glyph heights and no vertical ruling line parts them
    (but a closing bracket or 。 printed past a rule still closes its word), and a figure
    and a text do not meet across a gap of `figure_gap` (unruled, a figure set flush right
    ends close to the next cell's text: 13,329 R4-R5); words in
    reading order (top to bottom, left to right). Drawing order keeps two texts apart that
    overlap where one overflows its cell."""
    # vertical rules by x, each x's segments merged where they touch (a ruled table draws
    # one segment per row and column)
    spans_at: dict[float, list[list[float]]] = {}
    verticals = (r for r in rules if r.x1 - r.x0 < S.rule_thickness)
    for r in sorted(verticals, key=lambda r: (r.x0, r.top)):
        merged = spans_at.setdefault(round(r.x0, 1), [])
        if merged and r.top <= merged[-1][1] + S.rule_join:
            merged[-1][1] = max(merged[-1][1], r.bottom)
        else:
            merged.append([r.top, r.bottom])
    xs = sorted(spans_at)

    same_line, backstep, gap = 2 * S.same_line, S.word_backstep, S.word_gap
    figure_gap = S.figure_gap
    runs: list[list[Glyph]] = []
    run: list[Glyph] = []
    # the last glyph's box and centre: it joins the next while the next follows it
    last_x0 = last_x1 = last_top = last_bottom = last_center = 0.0
    last_text = ""
    for glyph in glyphs:
        text, x0, x1, top, bottom = glyph
        center = (x0 + x1) / 2
        if run:
            size = bottom - top
            if size < 1.0:
                size = 1.0
            if (
                abs(top + bottom - last_top - last_bottom) <= same_line * size
                and last_x0 - backstep * size <= x0 <= last_x1 + gap * size
                and (text in CLOSING or not (xs and _ruled(xs, spans_at, last_center, glyph)))
                and (
                    x0 <= last_x1 + figure_gap * size
                    or (text in FIGURE_CHARACTERS) == (last_text in FIGURE_CHARACTERS)
                )
            ):
                run.append(glyph)
                last_x0, last_x1, last_top, last_bottom, last_center = x0, x1, top, bottom, center
                last_text = text
                continue
        run = [glyph]
        runs.append(run)
        last_x0, last_x1, last_top, last_bottom, last_center = x0, x1, top, bottom, center
        last_text = text
    return in_reading_order(joined(run) for run in runs)


def in_reading_order(words: Iterable[Word]) -> list[Word]:
    """Words top to bottom (by their middles), left to right, as `words_of` gives them."""
    return sorted(words, key=lambda w: (round(w.middle, 1), w.x0))


def _ruled(
    xs: list[float], spans_at: dict[float, list[list[float]]], left: float, right: Glyph
) -> bool:
    """A vertical rule between the centres `left` (of the glyph before) and `right`'s,
    beside `right` (its top-to-bottom spans at each x in `spans_at`)."""
    start = bisect.bisect_right(xs, left)
    stop = bisect.bisect_left(xs, (right.x0 + right.x1) / 2, start)
    return start < stop and any(
        top <= right.bottom and bottom >= right.top
        for x in xs[start:stop]
        for top, bottom in spans_at[x]
    )


def joined(parts: Sequence[Glyph | Word]) -> Word:
    """Glyphs (or words) side by side as one word: their texts joined, their boxes'
    union."""
    texts, x0s, x1s, tops, bottoms = zip(*parts, strict=True)
    return Word("".join(texts), min(x0s), max(x1s), min(tops), max(bottoms))


def visual_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped by baseline, each line left to right."""
    words = list(words)
    if len(words) <= 1:
        return [words] if words else []
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if lines and abs(word.middle - lines[-1][0].middle) <= S.same_line * word.height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]
