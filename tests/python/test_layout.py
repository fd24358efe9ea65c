"""Layouts are data: the shipped layout reads, and a broken one is refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_loader_cli

from core.errors import DocumentError
from loaders.layout import LAYOUTS_DIR, LayoutError, choose_layout, load_layout, parse_layout

SHIPPED = (LAYOUTS_DIR / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")


def test_the_shipped_layout_declares_what_the_loader_reads() -> None:
    layout = load_layout()
    assert layout.fiscal_year("令和", "４") == 2022
    assert layout.fiscal_year("平成", "元") == 1989
    assert [t.sums for t in layout.totals] == ["pillar", "pillar_reposts", "document"]
    assert layout.group_labels == ("青森県信用保証協会補助",)
    assert layout.funding_header.match("国庫 その他 一般財源")
    assert layout.title.search("（１）令和４年度中小企業振興施策一覧")
    assert layout.funding_sources == ("national", "other", "general")
    assert layout.flags == ("new", "priority", "key_result")
    assert layout.period.fullmatch("R2- R6") and layout.period.fullmatch("H19-")
    # the 施策一覧 prints no negative amounts: △ is a foundation mark there
    assert layout.negative_marks == "" and not layout.amount.fullmatch("△1,234")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("sums: document", "sums: everything"), "totals may sum"),
        (("(?P<era>令和|平成)", "(令和|平成)"), "needs the groups"),
        (
            ("role: division", "role: office"),
            "column roles are ['amount', 'change', 'division', 'flag', 'foundation', "
            "'funding_source', 'name', 'outside', 'period', 'pillar', 'previous'], not ['office']",
        ),
        (("role: amount", "role: previous"), "no column has the role amount"),
        (("role: period", "role: name"), "only one column may have the role name"),
        (("period: era", "period: julian"), "cell_values.period is one of"),
        (
            ("column_header:", "column_headers:"),
            "not a usable layout: it lacks the key 'column_header'",
        ),
    ],
)
def test_a_broken_layout_is_refused_naming_the_file(change: tuple[str, str], message: str) -> None:
    broken = SHIPPED.replace(*change)
    assert broken != SHIPPED
    with pytest.raises(LayoutError) as caught:
        parse_layout(broken, "layouts/broken.yml")
    assert str(caught.value).startswith("layouts/broken.yml: ")
    assert message in str(caught.value)


def _with_sources(count: int) -> str:
    """The shipped layout with `count` funding-source columns (named source_1 … source_n)."""
    lines = SHIPPED.split("\n")
    kept = [line for line in lines if "role: funding_source" not in line]
    at = next(i for i, line in enumerate(kept) if "role: period" in line)
    added = [
        f"  - {{name: source_{i}, role: funding_source, header: [財源{i}]}}"
        for i in range(1, count + 1)
    ]
    return "\n".join(kept[:at] + added + kept[at:])


@pytest.mark.parametrize(("count", "refused"), [(1, False), (6, False), (7, True)])
def test_a_layout_prints_one_to_six_funding_sources(count: int, refused: bool) -> None:
    text = _with_sources(count)
    if refused:
        with pytest.raises(LayoutError, match=f"1 to 6 funding_source columns, not {count}$"):
            parse_layout(text, "layouts/x.yml")
        return
    layout = parse_layout(text, "layouts/x.yml")
    assert layout.funding_sources == tuple(f"source_{i}" for i in range(1, count + 1))
    assert layout.total_figures == count + 1


def test_no_funding_source_is_refused() -> None:
    with pytest.raises(LayoutError, match=r"no column has the role funding_source$"):
        parse_layout(_with_sources(0), "layouts/x.yml")


@pytest.mark.parametrize(
    ("line", "parses"),
    [
        ("○ ○ ○ 7,359 3,384 1,062 2,913 R4-R6", True),
        # as many marks as the layout has flags, no more
        ("○ ○ ○ ○ 7,359 3,384 1,062 2,913 R4-R6", False),
        # the budget and at most one figure per funding source
        ("7,359 3,384 1,062 2,913 1 R4-R6", False),
        ("7,359 R4-R6", True),
        ("7,359 3,384 1,062 2,913 R4-R6 △", True),
        ("7,359 3,384 1,062 2,913 R4-R6 ×", False),
    ],
)
def test_a_cells_line_holds_what_the_layout_prints_and_no_more(line: str, parses: bool) -> None:
    match = load_layout().cell_line.match(line)
    if not parses:
        assert match is None or match.group("name").strip() or match.group("division"), line
        return
    assert match is not None and match.group("name") == "" and match.group("division") is None


@pytest.mark.parametrize(
    ("period", "years"),
    [
        ("R4-R6", "2022-2024"),
        ("Ｒ４－Ｒ６", "2022-2024"),
        ("H19-", "2007-"),
        ("S63-H2", "1988-1990"),
        ("R4", "2022"),
    ],
)
def test_era_periods_are_printed_periods(period: str, years: str) -> None:
    # the years themselves are read in dbt staging (unit test test_periods_read_as_fiscal_years)
    layout = load_layout()
    assert layout.period.fullmatch(period), years


@pytest.mark.parametrize(
    ("period", "years"),
    [("2022-2024", "2022-2024"), ("２０２２～２０２４", "2022-2024"), ("2019-", "2019-")],
)
def test_gregorian_periods_are_printed_periods(period: str, years: str) -> None:
    layout = load_layout("sangyo_shinko_shisaku")
    assert layout.period_kind == "gregorian"
    assert layout.period.fullmatch(period), years
    assert not load_layout().period.fullmatch(period)


def test_a_layout_may_print_negative_amounts_after_a_mark() -> None:
    text = SHIPPED.replace("  period: era\n", "  period: era\n  negative_marks: [▲]\n")
    layout = parse_layout(text, "negatives.yml")
    assert layout.negative_marks == "▲"
    assert layout.amount.fullmatch("▲1,234") and layout.amount.fullmatch("1,234")
    assert not layout.amount.fullmatch("▲") and not layout.amount.fullmatch("1,234▲")
    # its figures still make a cells line
    assert layout.cell_line.match("▲616,955 0 0 ▲616,955 R4 商工政策課")
    # a mark that is also a foundation mark cannot be read one way
    both = SHIPPED.replace("  period: era\n", "  period: era\n  negative_marks: [△]\n")
    with pytest.raises(LayoutError, match="negative mark '△' is also a flag or foundation"):
        parse_layout(both, "both.yml")


@pytest.mark.parametrize(
    ("header", "found"),
    [
        ("国庫 その他 一般財源", "aomori_chusho_shisaku"),
        ("  国庫   その他　一般財源  ", "aomori_chusho_shisaku"),
        ("国庫支出金 県債 その他 一般財源", "sangyo_shinko_shisaku"),
        ("国庫 その他 一般財源 県債", "aomori_chusho_shisaku"),  # no layout: the default
    ],
)
def test_a_text_document_chooses_the_layout_whose_funding_header_it_prints(
    header: str, found: str
) -> None:
    assert choose_layout(["title", header, "row"], "doc.txt").name == found


def test_a_text_document_that_fits_two_layouts_is_refused_naming_both() -> None:
    lines = ["国庫 その他 一般財源", "国庫支出金 県債 その他 一般財源"]
    with pytest.raises(DocumentError) as caught:
        choose_layout(lines, "doc.txt")
    assert str(caught.value) == (
        "doc.txt: its column header fits several layouts: "
        "aomori_chusho_shisaku, sangyo_shinko_shisaku"
    )


@pytest.mark.parametrize(
    ("line", "first", "last"),
    [
        ("基本方針 事業名", True, False),
        ("  基本方針　 事業名 ", True, False),
        ("基本方針", True, False),
        ("基本方針 事業名 新規", False, False),
        ("担当課等", False, True),
        (" 担当課等 ", False, True),
        ("担当課等 ○", False, False),
    ],
)
def test_header_block_lines_match_whole_lines(line: str, first: bool, last: bool) -> None:
    layout = load_layout()
    assert bool(layout.header_block_first.match(line)) is first
    assert bool(layout.header_block_last.match(line)) is last


def test_the_title_may_name_the_issuer_and_the_repost_marker_ends_a_name() -> None:
    layout = load_layout()
    match = layout.title.search("令和４年度 岩手県 中小企業振興施策一覧")
    assert match is not None and match.group("issuer") == "岩手県"
    plain = layout.title.search("令和４年度中小企業振興施策一覧")
    assert plain is not None and plain.group("issuer") is None
    assert layout.repost_marker.search("事業名（ 再掲 ）")
    assert layout.repost_marker.search("事業名 (再掲)")
    assert not layout.repost_marker.search("（再掲）事業名")
    assert layout.name_line_max_chars == 200
    undeclared = parse_layout(SHIPPED.replace("name_line_max_chars: 200", ""), "x.yml")
    assert undeclared.name_line_max_chars == 200


def test_total_lines_and_their_kinds_come_from_the_layout() -> None:
    layout = load_layout()
    assert layout.total_kinds("pillar") == ("小計",)
    assert layout.total_figures == 4
    assert layout.total_label.match("小計 1 2 3 4")
    assert layout.total_label.match("合計 1 2 3 4")
    subtotal = layout.totals[0]
    assert subtotal.line.match("小計 1,060,650 627,175 415,196 18,279")
    assert not subtotal.line.match("小計 1,060,650 627,175 415,196")
    assert subtotal.label_only.match(" 小計 ")


def test_what_a_layout_may_leave_out_or_add_is_read_as_declared() -> None:
    """Optional declarations: their defaults when left out, their values when given."""
    shipped = parse_layout(SHIPPED, "layouts/x.yml")
    assert shipped.name_line_max_chars == 200
    assert shipped.regional_office_suffix == "県民局"
    assert next(c for c in shipped.columns if c.name == "project").header == ("事業名",)
    assert shipped.flag_marks == "○〇"
    other = parse_layout(
        SHIPPED.replace("name_line_max_chars: 200", "name_line_max_chars: 50")
        .replace("  regional_office_suffix: 県民局\n", "")
        .replace("flag_marks: [○, 〇]", "flag_marks: [○, ◎]"),
        "layouts/x.yml",
    )
    assert (other.name_line_max_chars, other.regional_office_suffix) == (50, "")
    assert other.flag_marks == "○◎"
    left_out = parse_layout(SHIPPED.replace("name_line_max_chars: 200", ""), "layouts/x.yml")
    assert left_out.name_line_max_chars == 200
    # only the declared foundation marks are one: a division's one-letter first word is not
    line = "事業 ○ 928 928 R2-R4 X 課"
    match = shipped.cell_line.match(line)
    assert match is not None
    assert (match.group("flags").strip(), match.group("division")) == ("○", "X 課")
    # grouped figures look like cells; so do era periods of the declared eras only
    assert shipped.looks_like_cells.search("事業 1,234")
    assert shipped.period.fullmatch("R4-R5") and shipped.period.fullmatch("Ｈ19-")
    assert not shipped.period.fullmatch("X4-X5")


def test_a_layout_without_flag_and_foundation_columns_reads_its_cells_line() -> None:
    lines = [
        line
        for line in SHIPPED.split("\n")
        if "role: flag" not in line
        and "role: foundation" not in line
        and not line.startswith("  flag_marks:")
    ]
    layout = parse_layout("\n".join(lines), "layouts/x.yml")
    assert layout.flag_marks == ""
    match = layout.cell_line.match("就職ガイダンス開催事業 928 928 R2-R4 労政")
    assert match is not None
    assert (match.group("name"), match.group("amounts"), match.group("division")) == (
        "就職ガイダンス開催事業",
        "928 928",
        "労政",
    )


def test_a_title_pattern_with_just_the_era_and_the_year_is_enough() -> None:
    text = SHIPPED.replace(r"\s*(?:(?P<issuer>\S{1,4}?[都道府県])\s*)?", "")
    assert text != SHIPPED
    layout = parse_layout(text, "layouts/x.yml")
    assert set(layout.title.groupindex) == {"era", "year"}


def test_a_role_says_how_its_column_aligns() -> None:
    from loaders.layout import Role

    assert {r.value: r.alignment for r in Role} == {
        "pillar": "left",
        "name": "left",
        "flag": "centre",
        "amount": "right",
        "funding_source": "right",
        "period": "centre",
        "foundation": "centre",
        "division": "left",
        "previous": "right",
        "change": "right",
        "outside": "left",
    }
    assert [r.value for r in Role if r.fills_column] == [
        "pillar", "name", "amount", "funding_source", "division", "previous", "change", "outside"
    ]  # fmt: skip
    assert [r.value for r in Role if r.wraps] == ["name", "division"]
    column = next(c for c in load_layout().columns if c.name == "budget")
    assert column.role is Role.AMOUNT and column.role == "amount"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("name: x\ncolumns: [\n", "not a usable layout: YAML at line 3, column 1: expected"),
        (SHIPPED.replace("cell_values:", "cell_valuez:"), "it lacks the key 'cell_values'"),
        (SHIPPED.replace("role: division", "role: office"), "column roles are"),
    ],
)
def test_the_layout_check_says_what_is_wrong_in_one_line(
    tmp_path: Path, text: str, error: str
) -> None:
    path = tmp_path / "draft.yml"
    path.write_text(text, encoding="utf-8")
    result = run_loader_cli(["check-layout", str(path)])
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith(f"error: {path}: ") and error in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr


def test_the_layout_check_says_what_a_good_layout_declares() -> None:
    result = run_loader_cli(["check-layout", "aomori_chusho_shisaku"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "aomori_chusho_shisaku: layout aomori_chusho_shisaku (青森県): 12 columns (pillar, "
        "name, 3 flag, amount, 3 funding_source, period, foundation, division), 3 total lines, "
        "era periods\n"
    )
