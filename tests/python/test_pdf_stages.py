"""Each stage of the PDF reader alone, on synthetic glyphs and words (loaders/pdf/)."""

from __future__ import annotations

import pytest

from loaders.layout import load_layout
from loaders.pdf.columns import _key, _stack_key, column_spans, find_header, is_value
from loaders.pdf.glyphs import Glyph, Page, Rule
from loaders.pdf.rows import _blocks, _column_of
from loaders.pdf.settings import SETTINGS
from loaders.pdf.words import Word, visual_lines, words_of

SIZE = 10.0


def glyphs(text: str, x: float, top: float, advance: float = SIZE) -> list[Glyph]:
    return [
        Glyph(ch, x + i * advance, x + (i + 1) * advance, top, top + SIZE)
        for i, ch in enumerate(text)
    ]


def word(text: str, x0: float, top: float, width: float | None = None) -> Word:
    return Word(text, x0, x0 + (width or SIZE * len(text)), top, top + SIZE)


# -- words ---------------------------------------------------------------------------


def test_glyphs_join_into_words_unless_a_gap_or_a_rule_parts_them() -> None:
    gap = SETTINGS.word_gap * SIZE
    line = glyphs("事業", 0, 0) + glyphs("費", 20 + gap * 0.9, 0) + glyphs("国庫", 60, 0)
    assert [w.text for w in words_of(line)] == ["事業費", "国庫"]
    # a vertical rule between 業 and 費 parts them; a closing bracket past one does not
    rule = Rule(19.5, 19.5, -2, 12)
    assert [w.text for w in words_of(line, [rule])] == ["事業", "費", "国庫"]
    closing = glyphs("（千円", 0, 0) + glyphs("）", 30, 0)
    assert [w.text for w in words_of(closing, [Rule(30, 30, -2, 12)])] == ["（千円）"]


def test_words_come_in_reading_order_and_lines_group_by_baseline() -> None:
    drawn = glyphs("下", 0, 30) + glyphs("右", 50, 0) + glyphs("左", 0, 0.02)
    words = words_of(drawn)
    assert [w.text for w in words] == ["左", "右", "下"]
    assert [[w.text for w in line] for line in visual_lines(words)] == [["左", "右"], ["下"]]


# -- columns -------------------------------------------------------------------------


@pytest.mark.parametrize(("parts", "joined"), [(("ｶ", "ﾞ"), "ガ"), (("R４", "事業 費"), "R4事業費")])
def test_a_stack_is_compared_as_its_words_joined_and_normalised(
    parts: tuple[str, ...], joined: str
) -> None:
    stack = tuple(word(p, 0, 12 * i) for i, p in enumerate(parts))
    assert _stack_key(stack) == _key("".join(parts)) == joined


HEADERS = [
    ("基本方針", 0),
    ("事業名", 80),
    ("新", 200),
    ("重点", 225),
    ("主要成果", 255),
    ("事業費", 300),
    ("国庫", 360),
    ("その他", 410),
    ("一般財源", 460),
    ("事業期間", 520),
    ("21財団への補助・委託", 580),
    ("担当課等", 800),
]


def header_words() -> list[Word]:
    words = [word(text, x, 100, width=min(40.0, 10 * len(text))) for text, x in HEADERS]
    words.append(word("規", 200, 112))  # 新 / 規 printed one character per line
    return words


def test_the_header_is_found_also_when_printed_one_character_per_line() -> None:
    found = find_header(header_words(), load_layout(), "p.pdf (page 1)")
    assert [w.text for w in found["new"].words] == ["新", "規"]
    assert found["budget"].x0 == 300


def test_columns_run_between_headers_cut_at_rules_or_by_alignment() -> None:
    layout = load_layout()
    found = find_header(header_words(), layout, "p.pdf (page 1)")
    unruled = {s.column.name: (s.x0, s.x1) for s in column_spans(found, layout, page([]))}
    # after a column of text, the cut is at the next header's left edge; after a flag
    # column, halfway
    assert unruled["project"] == (80 - SETTINGS.edge, 200 - SETTINGS.edge)
    assert unruled["new"][1] == pytest.approx((210 + 225) / 2)
    ruled = column_spans(found, layout, page([Rule(213, 213, 90, 400)]))
    assert {s.column.name: s.x1 for s in ruled}["new"] == 213


def page(rules: list[Rule]) -> Page:
    return Page(1, 900, 600, [], rules)


# -- rows ----------------------------------------------------------------------------


def test_a_word_is_placed_by_its_right_edge_centre_or_left_edge() -> None:
    layout = load_layout()
    found = find_header(header_words(), layout, "p.pdf (page 1)")
    spans = column_spans(found, layout, page([]))

    def column(w: Word) -> str | None:
        span = _column_of(w, spans, layout)
        return span.column.name if span else None

    # a figure by its right edge, though it starts in the column before
    assert column(word("1,234,567", 285, 200, width=70)) == "budget"
    # text by its left edge, though it runs on over the next columns
    assert column(word("ものづくり企業支援事業", 90, 200)) == "project"
    # a mark by its centre
    assert column(word("○", 201, 200)) == "new"
    assert is_value("○", layout) and is_value("R4-R5", layout) and not is_value("課", layout)


def test_text_lines_are_cut_into_one_block_per_row_nearest_its_figures() -> None:
    # five lines; rows anchored at the middles of lines 0-2 and 3-4
    lines = [0.0, 10.0, 20.0, 50.0, 60.0]
    assert _blocks(lines, [10.0, 55.0])[0] == [0, 0, 0, 1, 1]
    # every row needs a line: the far anchor takes the last, though it is nearer the first
    assert _blocks([0.0, 10.0], [5.0, 500.0])[0] == [0, 1]
    # of equal cuts, the one whose blocks end first
    assert _blocks([0.0, 10.0, 20.0], [5.0, 15.0])[0] == [0, 1, 1]
    # fewer lines than rows, or more than the rows can hold: each line to its nearest
    assert _blocks([0.0], [5.0, 500.0])[0] == [0]
    many = [float(i) for i in range(2 * SETTINGS.max_cell_lines + 1)]
    assert _blocks(many, [0.0, 30.0])[0] == [0] * 16 + [1] * 9
