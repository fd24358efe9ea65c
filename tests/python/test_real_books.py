"""Real budget books, read from layouts alone (issue 21).

Two parts of the city of Fuji's FY2026 budget book (tests/data/real/), which nobody on
this project made:
- the 歳出 総括 (layouts/saishutsu_soukatsu.yml): front matter first, the table on page 18
  (one landscape sheet of two facing pages), a three-row grouped header whose group header
  holds another column's word, letter-spaced headers and total label, a 千円 units row,
  previous-year and change columns (△ = negative), item numbers, no pillars, periods, flags
  or divisions, and the fiscal year and issuer printed on the cover only;
- the 歳出 事項別明細書 of 5款 労働費 (layouts/saishutsu_meisai.yml): 款 and 項 headings
  printing their budgets, repeated on every page, 目 lines (one unnumbered, wrapped over
  three lines, budget 0), a 計 line closing the 項, the 節 and 説明 columns beside the table,
  a file name in 1 pt type, and no cover: its year and issuer are declared (declared.yml).
The expected values come from the truth files beside the PDFs.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, REPO, build_documents

from core.errors import DocumentError
from loaders.declared import Declared
from loaders.land import read_folder
from loaders.pdf.reader import read_pdf

REAL = REPO / "tests" / "data" / "real"
SUMMARY = REAL / "fuji_r8_00_gaiyo_soukatsu.pdf"
LABOUR = REAL / "fuji_r8_saishutsu_05_rodohi.pdf"


def truth_of(pdf: Path) -> dict:
    return json.loads(pdf.with_name(f"{pdf.stem}_truth.json").read_text(encoding="utf-8"))


SUMMARY_TRUTH = truth_of(SUMMARY)
LABOUR_TRUTH = truth_of(LABOUR)
DECLARED = (
    f"{LABOUR.name}:\n"
    "  issuer: 富士市\n"
    "  fiscal_year: 2026\n"
    "  title: 令和８年度 富士市一般会計予算書 歳出 ５款 労働費\n"
    "  source: the city's FY2026 budget book, split by 款 (its cover is in another file)\n"
)


def test_the_summary_is_found_after_its_front_matter_with_year_and_issuer_from_the_cover() -> None:
    document = read_pdf(SUMMARY.read_bytes(), SUMMARY.name)
    parsed = document.parsed
    assert parsed.layout_name == "saishutsu_soukatsu"
    assert (parsed.fiscal_year, parsed.issuer) == (
        SUMMARY_TRUTH["fiscal_year"],
        SUMMARY_TRUTH["issuer"],
    )
    assert parsed.declared_source is None
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


def test_a_part_of_a_book_reads_its_groups_and_leaves_the_columns_beside_it() -> None:
    declared = Declared("富士市", 2026, "労働費", "test")
    parsed = read_pdf(LABOUR.read_bytes(), LABOUR.name, declared=declared).parsed
    assert parsed.layout_name == "saishutsu_meisai"
    assert parsed.table_part == "saishutsu_meisai 5款"
    # the 款 and 項 headings once each: their print on pages 2 and 3 is a repeat
    assert [(g.level, g.depth, g.number_text, g.name) for g in parsed.groups] == [
        ("款", 1, "５", "労働費"),
        ("項", 2, "１", "労働費"),
    ]
    kinds = [block.furniture_kind for block in parsed.furniture]
    assert kinds.count("repeated_heading") == 4 and "mark" in kinds
    # no word of the 節 and 説明 columns is in a line
    rows = " ".join(" ".join(r.name_lines) + " " + r.cell_text for r in parsed.rows)
    assert "給与費" not in rows and "報" not in rows
    assert parsed.declared_source == "test"


def test_a_part_without_a_cover_needs_its_year_declared(tmp_path: Path) -> None:
    (tmp_path / LABOUR.name).write_bytes(LABOUR.read_bytes())
    with pytest.raises(DocumentError) as caught:
        read_folder(tmp_path)
    assert str(caught.value).startswith(
        f"{LABOUR.name}: none of its 137 lines is a title naming the fiscal year"
    )
    assert str(caught.value).endswith(
        "or a part of a book whose cover is in another file (declare its year and issuer in "
        "declared.yml in the documents folder)"
    )


@pytest.mark.parametrize(
    ("declared", "error"),
    [
        (
            DECLARED.replace(LABOUR.name, "missing.pdf"),
            "declared.yml (missing.pdf): names no document of the folder",
        ),
        (
            DECLARED.replace("  source:", "  origin:"),
            f"declared.yml ({LABOUR.name}): declares exactly issuer, fiscal_year, title, source",
        ),
        (
            DECLARED.replace(LABOUR.name, SUMMARY.name).replace("2026", "2025"),
            f"{SUMMARY.name}:",
        ),
    ],
)
def test_a_declaration_that_cannot_be_used_is_an_error(
    tmp_path: Path, declared: str, error: str
) -> None:
    for pdf in (SUMMARY, LABOUR):
        (tmp_path / pdf.name).write_bytes(pdf.read_bytes())
    (tmp_path / "declared.yml").write_text(declared, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read_folder(tmp_path)
    assert str(caught.value).startswith(error)
    if error.startswith(SUMMARY.name):
        # a declaration never overrides what the document prints
        assert str(caught.value).endswith(
            "prints 富士市 2026, but declared.yml declares 富士市 2025: a declaration never "
            "overrides the print"
        )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both parts of the book built with the FY2022 list: three layouts, with pillars,
    without, and with a 款 > 項 hierarchy."""
    work = tmp_path_factory.mktemp("real_books")
    documents = {
        DOCUMENT.name: DOCUMENT.read_bytes(),
        SUMMARY.name: SUMMARY.read_bytes(),
        LABOUR.name: LABOUR.read_bytes(),
        "declared.yml": DECLARED.encode("utf-8"),
    }
    result, _, published = build_documents(work, documents)
    assert result.returncode == 0, result.stdout[-4000:]
    return published


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


LINES_SQL = """
    select
        line.item_number, line.project_name, line.budget_thousand_yen,
        line.previous_thousand_yen, line.change_thousand_yen,
        list(funding.amount_thousand_yen order by funding.funding_source_seq),
        any_value(funding.funding_status), line.line_level, line.budget_group
    from marts.fct_budget_line as line
    inner join marts.fct_budget_line_funding as funding
        on line.document_id = funding.document_id and line.line_seq = funding.line_seq
    inner join marts.dim_document as document
        on line.document_id = document.document_id
    where document.file_name = '{file}'
    group by all
    order by any_value(line.line_seq)
"""


def expected_lines(truth: dict) -> list[tuple]:
    return [
        (
            line["moku_no"] if line["level"] == "目" else line["kan_no"],
            line["name"],
            line["budget"],
            line["previous"],
            line["change"],
            line["funding"],
            "printed",
            line["level"],
            None
            if line["level"] == "款"
            else f"{line['kan_no']}款 労働費 > {line['kou_no']}項 労働費",
        )
        for line in truth["lines"]
    ]


@pytest.mark.parametrize("pdf", [SUMMARY, LABOUR], ids=["summary", "labour"])
def test_every_line_lands_as_printed(warehouse: Path, pdf: Path) -> None:
    landed = query(warehouse, LINES_SQL.format(file=pdf.name))
    assert landed == expected_lines(truth_of(pdf))


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


CHECKS_SQL = """
    select total.row_kind, total.budget_group, total.column_name,
        total.stated_thousand_yen, total.computed_thousand_yen, total.check_status
    from marts.fct_stated_total_check as total
    inner join marts.dim_document as document
        on total.document_id = document.document_id
    where document.file_name = '{file}'
    order by total.line_seq, total.amount_seq
"""
COLUMNS = ["budget", "previous", "change", "national_prefectural", "bond", "other", "general"]


def test_the_summarys_grand_total_is_checked_in_every_column(warehouse: Path) -> None:
    (total,) = SUMMARY_TRUTH["totals"]
    figures = [total["budget"], total["previous"], total["change"], *total["funding"]]
    assert query(warehouse, CHECKS_SQL.format(file=SUMMARY.name)) == [
        ("歳出合計", None, column, figure, figure, "reconciled")
        for column, figure in zip(COLUMNS, figures, strict=True)
    ]


def test_every_printed_total_of_the_part_is_checked(warehouse: Path) -> None:
    """The 款 and 項 headings print their budgets, the 計 line every column: each is a
    checked total of the lines of its group, difference 0."""
    kan, kou = LABOUR_TRUTH["totals"]
    group = "5款 労働費 > 1項 労働費"
    closing = [kou["budget"], kou["previous"], kou["change"], *kou["funding"]]
    assert query(warehouse, CHECKS_SQL.format(file=LABOUR.name)) == [
        ("款", "5款 労働費", "budget", kan["budget"], kan["budget"], "reconciled"),
        ("項", group, "budget", kou["budget"], kou["budget"], "reconciled"),
        *(
            ("計", group, column, figure, figure, "reconciled")
            for column, figure in zip(COLUMNS, closing, strict=True)
        ),
    ]


def test_the_book_agrees_with_itself_and_says_where_its_year_came_from(warehouse: Path) -> None:
    # the part's 款 heading is the 総括's line of that 款
    assert query(
        warehouse,
        """
        select budget_group.heading_budget_thousand_yen, summary.budget_thousand_yen
        from marts.dim_budget_group as budget_group
        inner join marts.fct_budget_line as summary
            on summary.line_level = budget_group.group_level
            and summary.item_number = budget_group.group_number
            and summary.fiscal_year = budget_group.fiscal_year
        where budget_group.group_level = '款'
        """,
    ) == [(159963, 159963)]
    assert query(
        warehouse,
        """
        select file_name, table_part, line_level, declared_source is not null, line_item_count
        from marts.dim_document where issuer = '富士市' order by file_name
        """,
    ) == [
        (SUMMARY.name, "saishutsu_soukatsu", "款", False, len(SUMMARY_TRUTH["lines"])),
        (LABOUR.name, "saishutsu_meisai 5款", "目", True, len(LABOUR_TRUTH["lines"])),
    ]


def test_year_over_year_reads_the_previous_year_a_book_prints(warehouse: Path) -> None:
    """Only one year of the book is loaded, yet each line's change from the previous year is
    known from the print; a 目 is compared within its 款 and 項, never with a 総括 line."""
    rows = query(
        warehouse,
        """
        select project_scope, project_name, printed_previous_thousand_yen,
            printed_change_thousand_yen, is_in_previous_document
        from marts.fct_project_year_over_year
        where issuer = '富士市' and project_scope like '目%'
        order by project_name
        """,
    )
    assert rows == sorted(
        [
            ("目 5款 労働費 > 1項 労働費", line["name"], line["previous"], line["change"], False)
            for line in LABOUR_TRUTH["lines"]
        ],
        key=lambda row: row[1],
    )
