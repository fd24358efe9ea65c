"""`python -m loaders draft-layout`: a first layout drawn from a PDF page's table, for an
analyst to finish with `check-layout` (issue 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import DOCUMENT, REPO, run_loader_cli
from pdf_generator import STYLES, render, table_from_text
from test_pdf import truth

from loaders.declared import Declared
from loaders.layout import FIGURE_ROLES, parse_layout
from loaders.pdf.reader import read_pdf

REAL = REPO / "tests" / "data" / "real"
SUMMARY = REAL / "fuji_r8_00_gaiyo_soukatsu.pdf"


def drafted(path: Path, page: int | None = None) -> tuple[str, dict]:
    args = ["draft-layout", str(path)] + ([] if page is None else ["--page", str(page)])
    result = run_loader_cli(args)
    assert result.returncode == 0, result.stderr
    return result.stdout, yaml.safe_load(result.stdout)


def figures(row) -> list[str]:
    """A row's figure cells as printed, in the layout's column order."""
    return [c.text for c in row.printed_cells if c.role in FIGURE_ROLES]


def printed(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def assert_lines_as_printed(read, truth: dict) -> None:
    """Every line item of a read document prints the truth file's name and figures."""
    lines = [r for r in read.rows if r.row_kind == "line_item"]
    assert [(r.name_text, figures(r)) for r in lines] == [
        (
            line["name"],
            [printed(line["budget"]), printed(line["previous"]), printed(line["change"])]
            + [printed(f) for f in line["funding"] if f],
        )
        for line in truth["lines"]
    ]


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_a_generated_table_drafts_the_shipped_columns(tmp_path: Path, style) -> None:
    table = table_from_text(DOCUMENT.read_text("utf-8"), truth(), "aomori_chusho_shisaku")
    path = tmp_path / "drawn.pdf"
    path.write_bytes(render(table, style))
    text, layout = drafted(path)
    columns = [(c["header"][0], c["role"]) for c in layout["columns"]]
    assert columns == [
        ("基本方針", "pillar"),
        ("事業名", "name"),
        ("新規", "flag"),
        ("重点", "flag"),
        ("主要成果", "flag"),
        ("事業費", "amount"),
        ("国庫", "funding_source"),
        ("その他", "funding_source"),
        ("一般財源", "funding_source"),
        ("事業期間", "period"),
        ("21財団への補助・委託", "division"),
        ("担当課等", "division"),
    ]
    assert layout["column_header"]["funding_line"] == ["国庫", "その他", "一般財源"]
    # every guess says what to decide; the layout check names what is left to decide
    assert all("# decide:" in line for line in text.splitlines() if "{name: column_" in line)
    draft = tmp_path / "draft.yml"
    draft.write_text(text, encoding="utf-8")
    check = run_loader_cli(["check-layout", str(draft)])
    assert check.returncode == 1
    assert check.stderr == (
        f"error: {draft}: only one column may have the role division, not column_11, column_12\n"
    )


def test_the_real_summary_page_drafts_a_layout_that_reads_it() -> None:
    """The 総括 drafts its columns with their roles (the number before each 款 name an item
    number, △ figures the change, the column the budget less the change equals the
    previous year's), the units row, the negative mark, that the table starts after other
    pages, and its total line; as drafted, the layout reads every line and total of the
    page as the truth file has them."""
    text, layout = drafted(SUMMARY, 18)
    columns = [(c["header"][0], c["role"]) for c in layout["columns"]]
    assert columns == [
        ("款", "name"),
        ("本年度予算額", "amount"),
        ("前年度予算額", "previous"),
        ("比較", "change"),
        ("国県支出金", "funding_source"),
        ("地方債", "funding_source"),
        ("その他", "funding_source"),
        ("一般財源", "funding_source"),
    ]
    assert "# a group header over 国県支出金, 地方債: 特定財源" in text
    values = layout["cell_values"]
    assert (values["negative_marks"], values["units"]) == (["△"], ["千円"])
    assert layout["column_header"]["on_every_page"] is False
    assert layout["totals"] == [
        {"label": r"歳\s*出\s*合\s*計", "kind": "歳出合計", "sums": "document"}
    ]
    read = read_pdf(SUMMARY.read_bytes(), SUMMARY.name, parse_layout(text, "drafted.yml")).parsed
    truth = json.loads((REAL / "fuji_r8_00_gaiyo_soukatsu_truth.json").read_text("utf-8"))
    assert read.fiscal_year == truth["fiscal_year"]

    assert_lines_as_printed(read, truth)
    ((total_row, total),) = [
        (r, t) for r in read.rows if r.row_kind != "line_item" for t in truth["totals"]
    ]
    assert figures(total_row) == [
        printed(total["budget"]),
        printed(total["previous"]),
        printed(total["change"]),
        *(printed(f) for f in total["funding"]),
    ]


def test_the_real_part_drafts_a_layout_that_reads_it() -> None:
    """The 労働費 part (a sheet of two facing pages, its table on the left page) drafts the
    table's columns with their roles, the facing page as one column beside the table, the
    款 and 項 heading lines as group levels, the 目 as the line level, and its 計 line
    (found on page 3: it prints every figure column and no number) as a total of the 項; as
    drafted, with its year declared, the layout reads every line and total as the truth file
    has them."""
    part = REAL / "fuji_r8_saishutsu_05_rodohi.pdf"
    text, layout = drafted(part)
    assert [(c["header"][0], c["role"]) for c in layout["columns"]] == [
        ("目", "name"),
        ("本年度予算額", "amount"),
        ("前年度予算額", "previous"),
        ("比較", "change"),
        ("国県支出金", "funding_source"),
        ("地方債", "funding_source"),
        ("その他", "funding_source"),
        ("一般財源", "funding_source"),
        ("節", "outside"),
    ]
    assert [g["level"] for g in layout["groups"]] == ["款", "項"]
    assert layout["line_level"] == "目" and layout["figures_on_first_line"] is True
    assert layout["totals"] == [{"label": "計", "kind": "計", "sums": "項"}]
    truth = json.loads((REAL / "fuji_r8_saishutsu_05_rodohi_truth.json").read_text("utf-8"))
    declared = Declared(truth["issuer"], truth["fiscal_year"], "労働費", "test")
    read = read_pdf(
        part.read_bytes(), part.name, parse_layout(text, "drafted.yml"), declared
    ).parsed

    assert_lines_as_printed(read, truth)
    kan, kou = truth["totals"]
    assert [(r.row_kind, figures(r)) for r in read.rows if r.row_kind != "line_item"] == [
        ("款", [printed(kan["budget"])]),
        ("項", [printed(kou["budget"])]),
        (
            "計",
            [printed(kou[k]) for k in ("budget", "previous", "change")]
            + [printed(f) for f in kou["funding"]],
        ),
    ]


def test_a_page_without_figures_is_refused_in_one_line() -> None:
    cover = REAL / "fuji_r8_00_gaiyo_soukatsu.pdf"
    result = run_loader_cli(["draft-layout", str(cover), "--page", "1"])
    assert result.returncode == 1
    assert result.stderr == (
        "error: fuji_r8_00_gaiyo_soukatsu.pdf (page 1): prints no figure: no table to draw a "
        "layout from\n"
    )
