"""Real budget books, read from layouts alone (issue 21).

The city of Fuji's FY2026 歳出 総括 (tests/data/real/fuji_r8_00_gaiyo_soukatsu.pdf) is a
book nobody on this project made: front matter first, the table on page 18 (one landscape
sheet of two facing pages), a three-row grouped header whose group header holds another
column's word, letter-spaced headers and total label, a 千円 units row, previous-year and
change columns (△ = negative), item numbers, no pillars, periods, flags or divisions, and
the fiscal year and issuer printed on the cover only. layouts/saishutsu_soukatsu.yml
declares it; the expected values come from the truth file beside the PDF.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, REPO, build_documents

from loaders.pdf.reader import read_pdf

REAL = REPO / "tests" / "data" / "real"
SUMMARY = REAL / "fuji_r8_00_gaiyo_soukatsu.pdf"
SUMMARY_TRUTH = json.loads(
    (REAL / "fuji_r8_00_gaiyo_soukatsu_truth.json").read_text(encoding="utf-8")
)


def test_the_summary_is_found_after_its_front_matter_with_year_and_issuer_from_the_cover() -> None:
    document = read_pdf(SUMMARY.read_bytes(), SUMMARY.name)
    parsed = document.parsed
    assert parsed.layout_name == "saishutsu_soukatsu"
    assert (parsed.fiscal_year, parsed.issuer) == (
        SUMMARY_TRUTH["fiscal_year"],
        SUMMARY_TRUTH["issuer"],
    )
    # every line of the table on the one page that prints its header; the 17 pages
    # before it and the one after are furniture, never rows
    pages = {document.lines[n - 1].page for row in parsed.rows for n in row.line_numbers}
    assert pages == {line["page"] for line in SUMMARY_TRUTH["lines"]}
    kinds = {block.furniture_kind for block in parsed.furniture}
    assert {"title", "outside_table", "page_number", "column_header"} <= kinds
    # two facing pages' numbers on one sheet are one page-number line
    assert [b.lines for b in parsed.furniture if b.furniture_kind == "page_number"] == [
        ["- 17 - - 18 -"]
    ]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 総括 built with the FY2022 list: two layouts, with and without pillars."""
    work = tmp_path_factory.mktemp("real_summary")
    documents = {DOCUMENT.name: DOCUMENT.read_bytes(), SUMMARY.name: SUMMARY.read_bytes()}
    result, _, published = build_documents(work, documents)
    assert result.returncode == 0, result.stdout[-4000:]
    return published


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_line_of_the_summary_lands_as_printed(warehouse: Path) -> None:
    landed = query(
        warehouse,
        """
        select
            line.item_number, line.project_name, line.budget_thousand_yen,
            line.previous_thousand_yen, line.change_thousand_yen,
            list(funding.amount_thousand_yen order by funding.funding_source_seq),
            any_value(funding.funding_status)
        from marts.fct_budget_line as line
        inner join marts.fct_budget_line_funding as funding
            on line.document_id = funding.document_id and line.line_seq = funding.line_seq
        where line.issuer = '富士市'
        group by all
        order by line.item_number
        """,
    )
    expected = [
        (
            line["kan_no"],
            line["name"],
            line["budget"],
            line["previous"],
            line["change"],
            line["funding"],
            "printed",
        )
        for line in SUMMARY_TRUTH["lines"]
    ]
    assert landed == expected


def test_a_budget_books_lines_have_no_pillar_period_flags_or_division(warehouse: Path) -> None:
    assert query(
        warehouse,
        """
        select distinct pillar_no, period_text, flags_status, is_new, division
        from marts.fct_budget_line where issuer = '富士市'
        """,
    ) == [(None, None, None, None, None)]
    # the FY2022 list beside it keeps all of them
    assert query(
        warehouse,
        """
        select count(*) from marts.fct_budget_line
        where issuer = '青森県'
            and (pillar_no is null or period_text is null or flags_status is null)
        """,
    ) == [(0,)]


def test_the_printed_grand_total_is_checked_in_every_column(warehouse: Path) -> None:
    (total,) = SUMMARY_TRUTH["totals"]
    checked = query(
        warehouse,
        """
        select row_kind, column_name, stated_thousand_yen, computed_thousand_yen, check_status
        from marts.fct_stated_total_check
        where issuer = '富士市'
        order by amount_seq
        """,
    )
    figures = [total["budget"], total["previous"], total["change"], *total["funding"]]
    columns = ["budget", "previous", "change", "national_prefectural", "bond", "other", "general"]
    assert checked == [
        ("歳出合計", column, figure, figure, "reconciled")
        for column, figure in zip(columns, figures, strict=True)
    ]
    assert query(
        warehouse, "select line_item_count from marts.dim_document where issuer = '富士市'"
    ) == [(len(SUMMARY_TRUTH["lines"]),)]
