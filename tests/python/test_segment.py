"""Segmentation of real snippets of the FY2022 document: what each line is."""

from __future__ import annotations

import dataclasses

import pytest
import variants
from conftest import document_text

from core.errors import DocumentError
from loaders.document import parse_document
from loaders.layout import LAYOUTS_DIR, load_layout, parse_layout
from loaders.segment import (
    ROW_KIND_LINE_ITEM,
    PillarDirection,
    TableRow,
    _Segmenter,
    add_direction,
    display_width,
    number_total,
    row_cells,
    segment,
    segment_elements,
    split_group_labels,
    split_lines,
    undeclared_label_lines,
)

# the row kinds the layout gives its total lines: 小計, 〃 (再掲含む), 合計
ROW_KIND_SUBTOTAL, ROW_KIND_SUBTOTAL_WITH_REPOSTS, ROW_KIND_GRAND_TOTAL = (
    total.kind for total in load_layout().totals
)


@pytest.mark.parametrize(
    ("snippet", "name", "cells", "divisions"),
    [
        # one-line row: name, cells and division on the same line
        (
            "ＵＩＪターン人材誘致促進事業 ○ 3,611 3,611 H19-R4 労政・能力開発課",
            "ＵＩＪターン人材誘致促進事業",
            "○ 3,611 3,611 H19-R4",
            ["労政・能力開発課"],
        ),
        # no flags, all three funding figures printed
        (
            "訓練校事業（指導員派遣研修） 540 386 154 H19-R4 労政・能力開発課",
            "訓練校事業（指導員派遣研修）",
            "540 386 154 H19-R4",
            ["労政・能力開発課"],
        ),
        # name wrapped over two lines, cells on their own line
        (
            "あおもり若者定着奨学金返還支援事\n業\n\n○ ○ 86,656 86,656 R4-R10 地域活力振興課",
            "あおもり若者定着奨学金返還支援事業",
            "○ ○ 86,656 86,656 R4-R10",
            ["地域活力振興課"],
        ),
        # divisions on the lines after the cells, with a regional office
        (
            "西北地域の未来をつくるデジタル人\n財育成事業\n\n○ ○ 2,972 2,752 220 R4-R6\n"
            "新産業創造課\n（西北地域県民局）",
            "西北地域の未来をつくるデジタル人財育成事業",
            "○ ○ 2,972 2,752 220 R4-R6",
            ["新産業創造課", "（西北地域県民局）"],
        ),
        # 21財団 △ after the period, the division below with a note
        (
            "中小企業DX推進事業 ○ ○ ○ 8,432 7,587 845 R4-R5 △\n地域産業課\n（R５：新産業創造課）",
            "中小企業DX推進事業",
            "○ ○ ○ 8,432 7,587 845 R4-R5 △",
            ["地域産業課", "（R５：新産業創造課）"],
        ),
        # open-ended period and 21財団 ○
        (
            "創業・経営革新支援事業 26,554 26,554 H19- ○ 地域産業課",
            "創業・経営革新支援事業",
            "26,554 26,554 H19- ○",
            ["地域産業課"],
        ),
        # the stray space in a period
        (
            "新型コロナウイルス感染症中小企業\n経営再建特別対策事業費補助\n\n"
            "1,170,090 933,514 236,576 R2- R6 商工政策課",
            "新型コロナウイルス感染症中小企業経営再建特別対策事業費補助",
            "1,170,090 933,514 236,576 R2- R6",
            ["商工政策課"],
        ),
        # repost marker half-width, wrapped onto its own line
        (
            "産地で作る冷凍食品産業振興事業\n(再掲)\n\n"
            "○ ○ 19,816 9,143 10,673 R3-R5 総合販売戦略課",
            "産地で作る冷凍食品産業振興事業(再掲)",
            "○ ○ 19,816 9,143 10,673 R3-R5",
            ["総合販売戦略課"],
        ),
    ],
)
def test_line_item_snippets(snippet: str, name: str, cells: str, divisions: list[str]) -> None:
    rows = segment_elements(split_lines(snippet), "snippet.txt").rows
    assert len(rows) == 1
    row = rows[0]
    assert row.row_kind == ROW_KIND_LINE_ITEM
    assert (row.name_text, row.cell_text, row.division_lines) == (name, cells, divisions)


@pytest.mark.parametrize(
    ("snippet", "kinds", "pillars"),
    [
        ("小計 1,060,650 627,175 18,279 415,196", [ROW_KIND_SUBTOTAL], [1]),
        (
            "小計 5,853,593 3,269,490 216,187 2,367,916\n"
            " 〃  (再掲含む。) 5,856,609 3,270,903 216,187 2,369,519",
            [ROW_KIND_SUBTOTAL, ROW_KIND_SUBTOTAL_WITH_REPOSTS],
            [1, 1],
        ),
        (
            "小計 124,670 70,849 0 53,821\n合計 65,471,129 5,051,913 57,271,108 3,148,108",
            [ROW_KIND_SUBTOTAL, ROW_KIND_GRAND_TOTAL],
            [1, None],
        ),
    ],
)
def test_total_snippets(snippet: str, kinds: list[str], pillars: list[int | None]) -> None:
    rows = segment_elements(split_lines(snippet), "snippet.txt").rows
    assert [r.row_kind for r in rows] == kinds
    assert [r.pillar_no for r in rows] == pillars


def test_header_words_are_header_only_inside_a_header_block() -> None:
    # 事業 / 期間 inside the column header; 業 as the tail of a wrapped name outside it.
    snippet = (
        " 国庫 その他 一般財源\n基本方針 事業名\n\n新\n規\n\nR４事業費\n（千円）\n\n財源内訳\n"
        "事業\n期間\n\n担当課等\n\nあおもり事業者支援ポータルサイト運\n用保守事業\n\n"
        "1,741 1,741 R3- 地域産業課"
    )
    elements = segment_elements(split_lines(snippet), "snippet.txt")
    assert [f.furniture_kind for f in elements.furniture] == ["column_header", "column_header"]
    assert "事業" in elements.furniture[1].lines
    assert [r.name_text for r in elements.rows] == ["あおもり事業者支援ポータルサイト運用保守事業"]


def test_directions_join_wrapped_lines_and_follow_their_heading() -> None:
    snippet = (
        "②中小企業の経営基盤の強化を図ること\n\n・商店街の活\n性化の推進\n\n"
        "・経営支援の\n強化（再掲含\nむ。）"
    )
    elements = segment_elements(split_lines(snippet), "snippet.txt")
    assert [(h.pillar_mark, h.pillar_title) for h in elements.headings] == [
        ("②", "中小企業の経営基盤の強化を図ること")
    ]
    assert [(d.pillar_mark, d.direction_text) for d in elements.directions] == [
        ("②", "商店街の活性化の推進"),
        ("②", "経営支援の強化（再掲含む。）"),
    ]
    # the bullet stays in the printed lines, not in the direction's text
    assert elements.directions[0].lines[0] == "・商店街の活"


def test_whole_document(document_lines: list[str]) -> None:
    doc = segment(document_lines, "r04.txt")
    items = [r for r in doc.rows if r.row_kind == ROW_KIND_LINE_ITEM]
    assert doc.fiscal_year == 2022
    assert doc.title == "（１）令和４年度中小企業振興施策一覧"
    assert len(items) == 136
    assert sum(1 for r in items if "再掲" in r.name_text) == 14
    assert sum(1 for r in doc.rows if r.row_kind != ROW_KIND_LINE_ITEM) == 14
    assert sorted(h.pillar_mark for h in doc.headings) == list("①②③④⑤⑥⑦⑧")
    # ⑤'s second direction is printed at the top of the next page, under its header.
    fifth = [d.direction_text for d in doc.directions if d.pillar_mark == "⑤"]
    assert fifth[1].startswith("公設試験研究機関等における研究開発")


def test_group_label_is_split_off_the_name(document_lines: list[str]) -> None:
    doc = segment(document_lines, "r04.txt")
    labelled = [r for r in doc.rows if r.group_label]
    assert [(r.group_label, r.name_text) for r in labelled] == [
        ("青森県信用保証協会補助", "東北地方太平洋沖地震被災中小企業経営再建特別対策事業費補助")
    ]


def test_every_non_blank_line_is_claimed_once(document_lines: list[str]) -> None:
    doc = segment(document_lines, "r04.txt")
    claimed = [n for r in doc.rows for n in r.line_numbers]
    claimed += [h.line_no for h in doc.headings]
    claimed += [n for d in doc.directions for n in d.line_numbers]
    claimed += [n for f in doc.furniture for n in f.line_numbers]
    non_blank = [n for n, text in enumerate(document_lines, start=1) if text.strip()]
    assert sorted(claimed) == non_blank


@pytest.mark.parametrize(
    ("snippet", "line", "message"),
    [
        ("就職ガイダンス開催事業 928 928 R2-R4x 労政", 1, "looks like a line item"),
        ("あおもり移住支援事業 ○ ○ 28,9O5 18,639 R1-R6", 1, "looks like a line item"),
        ("小計 1,060,650 627,175 415,196", 1, "a total line whose 4 figures do not parse"),
        (
            "就職ガイダンス開催事業\n\n小計 1 1 0 0",
            1,
            "text '就職ガイダンス開催事業' has no figures after it "
            "(before a printed total at line 3)",
        ),
        (" 〃  (再掲含む。) 1 1 0 0", 1, "〃 (再掲含む) does not follow a 小計 line"),
        (
            "①　産業人材の育成\n○ ○ 928 928 R2-R4 労政",
            2,
            "a line item's figures with no project name before them",
        ),
        ("・人材の還流", 1, "direction '・人材の還流' comes before any pillar heading"),
        ("基本方針 事業名\n新\n規", 1, "column header block never reaches 担当課等"),
    ],
)
def test_bad_lines_name_file_and_line(snippet: str, line: int, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        segment_elements(split_lines(snippet), "bad.txt")
    assert caught.value.file_name == "bad.txt"
    assert caught.value.line_no == line
    assert str(caught.value).startswith(f"bad.txt:{line}: {message}")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("（１）令和４年度中小企業振興施策一覧", 2022),
        ("（１）令和５年度中小企業振興施策一覧", 2023),
        ("（１）令和元年度中小企業振興施策一覧", 2019),
        ("（１）平成30年度中小企業振興施策一覧", 2018),
    ],
)
def test_fiscal_year_comes_from_the_title(document_lines: list[str], title: str, year: int) -> None:
    lines = [title if "施策一覧" in line else line for line in document_lines]
    assert segment(lines, "doc.txt").fiscal_year == year


def test_text_that_is_not_a_table_is_an_error() -> None:
    with pytest.raises(DocumentError) as caught:
        segment(["議事録", "", "本日の会議は以上です。"], "notes.txt")
    assert str(caught.value) == (
        "notes.txt: none of its 3 lines is a title naming the fiscal year "
        "(令和N年度…施策一覧): not a table of layout aomori_chusho_shisaku"
    )


def reading(text: str) -> list[tuple]:
    """What the loader reads of every row: kind, pillar, name, group label, cells, divisions."""
    parsed = parse_document(text.encode("utf-8"), "wrapped.txt").parsed
    return [
        (
            row.row_kind,
            row.pillar_no,
            row.name_text,
            row.group_label,
            row.cell_text.strip(),
            tuple(row.division_lines),
        )
        for row in parsed.rows
    ]


# Without blank lines between rows, names wrapped as narrowly as the 基本方針 column's
# directions (6-7 characters) run into a direction, and at 10 characters a wrapped name
# line (商店街を中心とした課) reads as a division name: the text alone cannot tell them apart.
AMBIGUOUS_WITHOUT_BLANK_LINES = {6, 7, 10}


WRAPS = [
    pytest.param(
        width,
        blank_lines,
        id=f"{width}-{'blank_lines' if blank_lines else 'no_blank_lines'}",
        marks=[]
        if blank_lines or width not in AMBIGUOUS_WITHOUT_BLANK_LINES
        else [pytest.mark.xfail(strict=True, reason="ambiguous without blank lines")],
    )
    for width in range(6, 41)
    for blank_lines in (True, False)
]


@pytest.mark.parametrize(("width", "blank_lines"), WRAPS)
def test_names_read_the_same_at_every_wrap_width(width: int, blank_lines: bool) -> None:
    text = variants.rewrapped(document_text(), width)
    if not blank_lines:
        text = variants.without_blank_lines(text)
    assert reading(text) == reading(document_text())


def test_the_group_label_comes_from_the_layout_and_wraps_anywhere() -> None:
    for width in (4, 6, 11, 30):
        rows = reading(variants.rewrapped(document_text(), width))
        labelled = [(row[2], row[3]) for row in rows if row[3] is not None]
        assert labelled == [
            ("東北地方太平洋沖地震被災中小企業経営再建特別対策事業費補助", "青森県信用保証協会補助")
        ]


def test_a_label_like_line_that_is_not_declared_is_a_warning_naming_the_line() -> None:
    text = document_text().replace("青森県信用保証協会補助\n", "青森県信用保証協会助成\n")
    parsed = parse_document(text.encode("utf-8"), "other.txt").parsed
    line = text.split("\n").index("青森県信用保証協会助成") + 1
    assert parsed.warnings == [
        f"other.txt:{line}: '青森県信用保証協会助成' looks like a group label but is not declared "
        "in layout aomori_chusho_shisaku (layouts/aomori_chusho_shisaku.yml, group_labels)"
    ]
    assert all(row.group_label is None for row in parsed.rows)


def _lines() -> list[str]:
    return document_text().split("\n")


# the second: the widest width; the third: two lines under the header
# the fourth: a second line two columns wider than the widest direction line, which only
# the carried direction's own width admits
@pytest.mark.parametrize(
    "tail", ["び確保", "び確保を図る", "び/確保", "び確保を図る/確保を図るるる"]
)
def test_a_direction_wrapped_across_a_page_break_continues_under_the_header(tail: str) -> None:
    # ・中小企業の技術力強化・経営革新等のための人材の育成及び確保 ends just before a page's
    # header; its last line is moved under that header (a header block without the funding
    # line: see docs/mutation.md on the carried direction), where a wrapped direction goes on
    lines = _lines()
    last = lines.index("び確保")
    header_end = next(i for i in range(last, len(lines)) if lines[i].strip() == "担当課等")
    funding = next(i for i in range(last, header_end) if "一般財源" in lines[i])
    moved = (
        lines[:last]
        + lines[last + 1 : funding]
        + lines[funding + 1 : header_end + 1]
        + tail.split("/")
        + lines[header_end + 1 :]
    )
    header_end -= 1
    original = parse_document(document_text().encode(), "a.txt").parsed
    parsed = parse_document("\n".join(moved).encode(), "b.txt").parsed
    direction = next(d for d in parsed.directions if d.lines[0] == "・中小企業の")
    assert "".join(direction.lines) == (
        "・中小企業の技術力強化・経営革新等のための人材の育成及" + tail.replace("/", "")
    )
    assert direction.line_numbers[-1] == header_end + len(tail.split("/"))
    assert [r.name_text for r in parsed.rows] == [r.name_text for r in original.rows]


def test_a_line_wider_than_any_direction_after_a_page_break_is_a_name() -> None:
    lines = _lines()
    last = lines.index("び確保")
    header_end = next(i for i in range(last, len(lines)) if lines[i].strip() == "担当課等")
    # the first row under the header is a wrapped name: it stays one
    parsed = parse_document("\n".join(lines).encode(), "a.txt").parsed
    first = next(r for r in parsed.rows if r.line_numbers[0] > header_end)
    assert first.name_text == "風力発電関連産業しごとづくり・人づくり事業"


@pytest.mark.parametrize(("fillers", "refused"), [(39, False), (40, True)])
def test_a_header_block_is_at_most_the_layouts_block_max_lines(fillers: int, refused: bool) -> None:
    lines = ["基本方針 事業名", *(["新"] * fillers), "担当課等"]
    if refused:
        with pytest.raises(DocumentError, match=r"^b\.txt:1: column header block never reaches"):
            segment_elements(lines, "b.txt")
        return
    elements = segment_elements(lines, "b.txt")
    assert [f.furniture_kind for f in elements.furniture] == ["column_header"]
    assert len(elements.furniture[0].lines) == fillers + 2


def test_a_document_cut_inside_a_row_keeps_its_name_lines_as_an_unfinished_row() -> None:
    lines = _lines()
    cut = lines.index("地域経済をけん引する次世代トップ")
    elements = segment_elements(lines[: cut + 2], "cut.txt", load_layout())
    unfinished = [f for f in elements.furniture if f.furniture_kind == "unfinished_row"]
    assert len(unfinished) == 1
    assert unfinished[0].lines == ["地域経済をけん引する次世代トップ", "リーダー育成事業"]
    assert unfinished[0].line_numbers == [cut + 1, cut + 2]
    assert not any(r.row_kind != ROW_KIND_LINE_ITEM for r in elements.rows)


def test_a_document_cut_after_a_subtotal_keeps_its_last_name_lines_too() -> None:
    lines = _lines()
    first_subtotal = next(i for i, line in enumerate(lines) if line.startswith("小計"))
    cut = next(
        i
        for i in range(first_subtotal, len(lines))
        if lines[i].strip()
        and (not lines[i].startswith(("小計", " 〃")))
        and lines[i][0] not in "①②③④⑤⑥⑦⑧・"
    )
    elements = segment_elements(lines[: cut + 1], "cut.txt", load_layout())
    unfinished = [f for f in elements.furniture if f.furniture_kind == "unfinished_row"]
    assert [f.line_numbers for f in unfinished] == [[cut + 1]]


def test_name_lines_left_after_the_grand_total_are_an_error_naming_them() -> None:
    lines = [*_lines(), "", "どこにも属さない行"]
    with pytest.raises(DocumentError) as caught:
        segment_elements(lines, "end.txt", load_layout())
    assert str(caught.value).startswith(
        f"end.txt:{len(lines)}: text 'どこにも属さない行' has no figures after it "
        f"(before the end of the document at line {len(lines)})"
    )


def test_totals_say_what_they_sum_and_the_title_gives_the_issuer() -> None:
    parsed = parse_document(document_text().encode(), "a.txt").parsed
    sums = [r.total_sums for r in parsed.rows if r.row_kind != ROW_KIND_LINE_ITEM]
    assert sums.count("pillar") == 8
    assert sums[-1] == "document" and sums.count("document") == 1
    assert set(sums) == {"pillar", "pillar_reposts", "document"}
    assert all(r.total_sums is None for r in parsed.rows if r.row_kind == ROW_KIND_LINE_ITEM)
    pillars = [r.pillar_no for r in parsed.rows if r.total_sums == "pillar"]
    assert pillars == list(range(1, 9))
    assert parsed.issuer == "青森県"
    titled = document_text().replace(
        "令和４年度中小企業振興施策一覧", "令和４年度 岩手県 中小企業振興施策一覧"
    )
    assert parse_document(titled.encode(), "b.txt").parsed.issuer == "岩手県"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\rb\r", ["a", "b"]),
        ("a\r\rb", ["a", "", "b"]),
        ("a\n\nb", ["a", "", "b"]),
        ("a\x0cb\u2028c", ["a\x0cb\u2028c"]),
        ("", []),
    ],
)
def test_lines_end_at_lf_crlf_or_cr_only(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_a_footnote_takes_the_lines_that_follow_it() -> None:
    lines = _lines()
    at = lines.index("ものづくり企業スマート化促進事業 ○ ○ 32,625 29,596 3,029 R3-R4 地域産業課")
    noted = [*lines[: at + 1], "", "※ 事業費には前年度からの", "繰越分を含まない", *lines[at + 1 :]]
    parsed = parse_document("\n".join(noted).encode(), "n.txt").parsed
    footnotes = [f for f in parsed.furniture if f.furniture_kind == "footnote"]
    assert [f.lines for f in footnotes] == [["※ 事業費には前年度からの", "繰越分を含まない"]]
    assert footnotes[0].line_numbers == [at + 3, at + 4]
    original = parse_document(document_text().encode(), "a.txt").parsed
    assert [r.name_text for r in parsed.rows] == [r.name_text for r in original.rows]


def test_a_document_with_a_title_and_no_line_item_is_an_error() -> None:
    lines = ["令和４年度中小企業振興施策一覧", "国庫 その他 一般財源"]
    with pytest.raises(DocumentError) as caught:
        segment(lines, "empty.txt")
    assert str(caught.value) == "empty.txt: no line items were found: not a 施策一覧 table"


def test_elements_are_numbered_in_print_order(document_lines: list[str]) -> None:
    """Rows, furniture and each pillar's directions are numbered 1, 2, … in the order they
    are printed; a line item belongs to the pillar whose 小計 follows it; a row's figures
    are on its cells line, and a total is one line."""
    doc = segment(document_lines, "r04.txt")
    assert [r.row_seq for r in doc.rows] == list(range(1, len(doc.rows) + 1))
    assert [f.furniture_seq for f in doc.furniture] == list(range(1, len(doc.furniture) + 1))
    for mark in {d.pillar_mark for d in doc.directions}:
        seqs = [d.direction_seq for d in doc.directions if d.pillar_mark == mark]
        assert seqs == list(range(1, len(seqs) + 1)), mark
    subtotals = 0
    for row in doc.rows:
        if row.row_kind == ROW_KIND_SUBTOTAL:
            subtotals += 1
        if row.row_kind == ROW_KIND_GRAND_TOTAL:
            assert row.pillar_no is None
        elif row.row_kind == ROW_KIND_LINE_ITEM:
            assert row.pillar_no == subtotals + 1, row.name_text
            assert row.cells_line in row.line_numbers
        else:
            assert row.pillar_no == subtotals, row.row_kind
        if row.row_kind != ROW_KIND_LINE_ITEM:
            assert row.line_numbers == [row.cells_line]
            assert document_lines[row.cells_line - 1].strip().startswith(("小計", "〃", "合計"))
    assert subtotals == 8
    # the first line item's name is printed on the lines before its figures
    first = doc.rows[0]
    assert first.line_numbers[0] < first.cells_line
    assert "".join(document_lines[n - 1].strip() for n in first.line_numbers[:-1]).startswith(
        first.name_text[:10]
    )


def _row(kind: str, lines: list[str], label: str | None = None) -> TableRow:
    return TableRow(
        1,
        kind,
        1,
        lines,
        "",
        [],
        [1],
        name_line_widths=[2 * len(t) for t in lines],
        group_label=label,
    )


def test_a_group_label_is_split_off_a_name_on_lines_of_its_own_or_inline() -> None:
    labels = ("青森県信用保証協会補助", "別の補助")
    # on lines of its own (the text): the label's lines go, with their widths
    row = _row(ROW_KIND_LINE_ITEM, ["青森県信用", "保証協会補助", "経営再建事業", "費補助"])
    split_group_labels([row], labels)
    assert (row.group_label, row.name_lines, row.name_line_widths) == (
        "青森県信用保証協会補助",
        ["経営再建事業", "費補助"],
        [12, 6],
    )
    # every row is looked at, not only up to the first labelled one
    rows = [
        _row(ROW_KIND_LINE_ITEM, ["別の補助", "経営事業"]),
        _row(ROW_KIND_LINE_ITEM, ["青森県信用保証協会補助", "再建事業"]),
    ]
    split_group_labels(rows, labels)
    assert [(r.group_label, r.name_lines) for r in rows] == [
        ("別の補助", ["経営事業"]),
        ("青森県信用保証協会補助", ["再建事業"]),
    ]
    # run together with the name on one line: only a PDF's cell (inline) is split
    one_line = ["青森県信用保証協会補助経営再建事業費補助"]
    row = _row(ROW_KIND_LINE_ITEM, list(one_line))
    split_group_labels([row], labels)
    assert (row.group_label, row.name_lines) == (None, one_line)
    split_group_labels([row], labels, inline=True)
    assert (row.group_label, row.name_lines, row.name_line_widths) == (
        "青森県信用保証協会補助",
        ["経営再建事業費補助"],
        [],
    )
    # inline, never: a name that is the label alone, a total, a row already labelled, or
    # a name the label is not the start of
    untouched = [
        _row(ROW_KIND_LINE_ITEM, ["青森県信用保証協会補助"]),
        _row(ROW_KIND_SUBTOTAL, list(one_line)),
        _row(ROW_KIND_LINE_ITEM, ["別の補助経営再建事業"], label="前の補助"),
        _row(ROW_KIND_LINE_ITEM, ["経営再建事業青森県信用保証協会補助"]),
    ]
    before = [(r.group_label, list(r.name_lines)) for r in untouched]
    split_group_labels(untouched, labels, inline=True)
    assert [(r.group_label, r.name_lines) for r in untouched] == before


@pytest.mark.parametrize(
    ("text", "width"), [("ab", 2), ("青森", 4), ("ＡＢ", 4), ("ｱｲ", 2), ("○1", 2), ("", 0)]
)
def test_display_width_counts_wide_and_full_width_characters_twice_ambiguous_once(
    text: str, width: int
) -> None:
    assert display_width(text) == width


def test_a_page_number_inside_a_wrapped_name_is_furniture_and_the_name_goes_on(
    document_lines: list[str],
) -> None:
    lines = list(document_lines)
    first_name = lines.index("「青森の価値・魅力」発信による若者")
    lines[first_name + 1 : first_name + 1] = ["- 3 -"]
    doc = segment(lines, "paged.txt")
    pages = [f for f in doc.furniture if f.furniture_kind == "page_number"]
    assert [(f.lines, f.line_numbers) for f in pages] == [(["- 3 -"], [first_name + 2])]
    assert doc.rows[0].name_text == "「青森の価値・魅力」発信による若者の県内定着・還流促進事業"


@pytest.mark.parametrize(
    ("before", "what"),
    [
        ("（１）令和４年度中小企業振興施策一覧", "the title"),
        ("②中小企業の経営基盤の強化", "a pillar heading"),
    ],
)
def test_a_name_without_figures_before_a_title_or_heading_names_both_lines(
    before: str, what: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        segment_elements(split_lines(f"就職ガイダンス開催事業\n\n{before}"), "bad.txt")
    assert str(caught.value) == (
        "bad.txt:1: text '就職ガイダンス開催事業' has no figures after it "
        f"(before {what} at line 3)"
    )


def test_a_document_of_totals_without_a_line_item_is_an_error() -> None:
    text = "（１）令和４年度中小企業振興施策一覧\n\n小計 1 1 0 0\n合計 1 1 0 0"
    with pytest.raises(DocumentError, match=r"^t\.txt: no line items were found"):
        segment(split_lines(text), "t.txt")


def test_label_like_name_lines_are_found_short_of_the_widest_line() -> None:
    """A name line is label-like when it and the next line's first character stay within
    LABEL_WIDTH_RATIO of the widest name line (a name wraps only once its column is full),
    unless the next line opens a bracket; the first such line of a row is reported."""

    def row(lines: list[str], first_line: int) -> TableRow:
        widths = [display_width(t) for t in lines]
        numbers = list(range(first_line, first_line + len(lines) + 1))
        return TableRow(1, ROW_KIND_LINE_ITEM, 1, lines, "", [], numbers, widths)

    wide = "あ" * 10  # the widest name line: 20, so a label-like line ends by 16
    rows = [
        row([wide, "い"], 1),
        # 14 + the next line's first character (2) = 16: label-like, reported once
        row(["う" * 7, "え" * 7, "お"], 10),
        # 16 + 2 = 18: a full line
        row(["か" * 8, "き"], 20),
        # followed by a bracket: part of the name; the line after it is checked still
        row(["く" * 10, "（注）", "こ"], 30),
        # the last line but one is checked too
        row(["さ" * 10, "し" * 3, "す"], 40),
        # the line checked against is the one after, not the last
        row(["た" * 7, "ち", "（つ）"], 50),
    ]
    assert undeclared_label_lines(rows) == [
        (10, "う" * 7),
        (31, "（注）"),
        (41, "し" * 3),
        (50, "た" * 7),
    ]


@pytest.mark.parametrize(
    ("text", "fits"), [("あいう1", True), ("あいうえ", True), ("あいうえ1", False)]
)
def test_a_direction_goes_on_with_lines_at_most_two_columns_wider_than_its_widest(
    text: str, fits: bool
) -> None:
    direction = PillarDirection("①", 1, ["・あい", "うえお"], [1, 2])  # widest: 6 columns
    assert _Segmenter.fits_direction(direction, text) is fits


def test_a_total_is_numbered_by_one_rule_for_the_text_and_the_pdf() -> None:
    """number_total: a pillar subtotal closes the next pillar, a subtotal with reposts
    follows one and keeps its pillar, the grand total has none."""
    layout = load_layout()
    subtotal, reposts, grand = layout.totals
    item = _row(ROW_KIND_LINE_ITEM, ["事業"])
    assert number_total(layout, subtotal, [item], 2, "小計") == (3, 3)
    closed = _row(ROW_KIND_SUBTOTAL, [])
    assert number_total(layout, reposts, [item, closed], 3, "〃") == (3, 3)
    assert number_total(layout, grand, [closed], 8, "合計") == (None, 8)
    with pytest.raises(ValueError, match=r"^〃 \(再掲含む\) does not follow a 小計 line$"):
        number_total(layout, reposts, [item], 3, "〃")
    with pytest.raises(ValueError, match="does not follow"):
        number_total(layout, reposts, [], 0, "〃")


def test_a_line_items_cells_carry_their_column_printed_text_and_line(
    document_lines: list[str],
) -> None:
    """Foundation marks, regional offices, division notes and repost markers land as cells
    with their column, the text as printed and the line they are printed on (dbt staging
    reads their values)."""
    doc = segment(document_lines, "r04.txt")
    layout = load_layout()

    def cells(name_start: str) -> list[tuple]:
        row = next(r for r in doc.rows if r.name_text.startswith(name_start))
        return [tuple(vars(c).values()) for c in row_cells(row, layout)]

    line = document_lines.index(
        "あおもり創業・起業支援強化事業 ○ ○ ○ 25,145 25,145 R4-R6 △ 地域産業課"
    )
    assert ("foundation", "foundation", 1, "△", line + 1) in cells("あおもり創業・起業")
    office = next(c for c in cells("協働ロボット") if c[0] == "regional_office")
    assert office[:4] == ("regional_office", "division", 1, "（三八地域県民局）")
    assert document_lines[office[4] - 1] == "（三八地域県民局）"
    note_line = document_lines.index("（R５：新産業創造課）") + 1
    note = next(
        tuple(vars(c).values())
        for r in doc.rows
        if note_line in r.line_numbers
        for c in row_cells(r, layout)
        if c.role == "division_note"
    )
    assert note == ("division_note", "division", 1, "（R５：新産業創造課）", note_line)
    repost = next(r for r in doc.rows if "（再掲）" in r.name_text)
    marker = next(tuple(vars(c).values()) for c in row_cells(repost, layout) if c.role == "repost")
    assert marker == ("repost", None, 1, "（再掲）", repost.line_numbers[0])
    # a name's text is its lines joined as printed (staging keys it without white space)
    spaced = dataclasses.replace(doc.rows[0], name_lines=["あおもり ICT", "施工 事業"])
    name = next(c for c in row_cells(spaced, layout) if c.role == "name")
    assert name.text == "あおもり ICT施工 事業"


def test_a_text_fitting_two_layouts_is_refused_naming_the_file() -> None:
    with pytest.raises(DocumentError, match=r"^doc\.txt: its column header fits several"):
        segment(["国庫 その他 一般財源", "国庫支出金 県債 その他 一般財源"], "doc.txt")
    with pytest.raises(DocumentError, match=r"^doc\.txt: its column header fits several"):
        segment_elements(["国庫 その他 一般財源", "国庫支出金 県債 その他 一般財源"], "doc.txt")


def test_a_name_as_short_as_a_direction_line_after_a_row_is_a_name(
    document_lines: list[str],
) -> None:
    """A one-line name no wider than the directions' lines, after a finished row, is a new
    project's name: only a direction open when the page broke continues under a header."""
    lines = list(document_lines)
    before = lines.index("未来のものづくり人財確保・育成事業 1,305 1,305 H27-R4 労政・能力開発課")
    at = lines.index("あおもりツーリズム創発事業 3,279 3,279 H27-R4 観光企画課")
    lines[at : at + 1] = ["短い事業", "3,279 3,279 H27-R4 観光企画課"]
    # the row before it: its name on a line of its own, too
    lines[before : before + 1] = [
        "未来のものづくり人財確保・育成事業",
        "1,305 1,305 H27-R4 労政・能力開発課",
    ]
    doc = segment(lines, "short.txt")
    assert any(r.name_text == "短い事業" for r in doc.rows)
    assert [r.name_text for r in doc.rows if r.row_kind == ROW_KIND_LINE_ITEM].count(
        "短い事業"
    ) == 1


def test_a_reposts_total_names_every_pillar_total_kind_it_may_follow() -> None:
    text = (LAYOUTS_DIR / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")
    at = text.index("  - {label: '合")
    two = text[:at] + "  - {label: '計', kind: 計, sums: pillar}\n" + text[at:]
    layout = parse_layout(two, "layouts/x.yml")
    reposts = next(t for t in layout.totals if t.sums == "pillar_reposts")
    with pytest.raises(ValueError, match=r"does not follow a 小計/計 line$"):
        number_total(layout, reposts, [], 0, "〃")


def test_a_layout_given_is_the_layout_read_with(document_lines: list[str]) -> None:
    """segment() reads with the layout it is given, not the one it would choose: here the
    shipped layout without its group label, so the labelled name keeps the label."""
    text = (LAYOUTS_DIR / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")
    unlabelled = text.replace("group_labels:\n  - 青森県信用保証協会補助\n", "")
    assert unlabelled != text
    layout = parse_layout(unlabelled, "layouts/unlabelled.yml")
    doc = segment(document_lines, "r04.txt", layout)
    assert all(row.group_label is None for row in doc.rows)
    assert any(row.name_text.startswith("青森県信用保証協会補助東北") for row in doc.rows)


def test_a_direction_is_numbered_by_one_rule_for_the_text_and_the_pdf() -> None:
    directions: list[PillarDirection] = []
    assert add_direction(directions, "①", "・一", 3).direction_seq == 1
    assert add_direction(directions, "②", "・二", 9).direction_seq == 1
    third = add_direction(directions, "①", "・三", 12)
    assert (third.pillar_mark, third.direction_seq, third.lines, third.line_numbers) == (
        "①",
        2,
        ["・三"],
        [12],
    )
    assert [d.lines[0] for d in directions] == ["・一", "・二", "・三"]
    with pytest.raises(ValueError, match=r"^direction '・四' comes before any pillar heading$"):
        add_direction(directions, None, "・四", 20)
