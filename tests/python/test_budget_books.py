"""Generated budget books read exactly, in every physical variant the generator draws.

tests/python/book_generator.py draws books with random consistent figures (款 > 項 > 目, each
目's funding adding up to its budget, previous-year figures and changes) as a 総括 part (cover,
条文, 総括) and one part per 款 (事項別明細書 without a cover), in six styles: a landscape
sheet of two facing pages, a table over two facing portrait pages (no row labels on the
right page), or a portrait page; ruled row by row, ruled as a box, or unruled;
headers grouped over three rows or on one; letter-spaced words and labels or not; three fonts;
目 names wrapped at 5 to 9 characters. The reader uses layouts/saishutsu_*.yml alone; every
line, heading and total must come back as drawn, and a built warehouse checks every total.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from book_generator import (
    BOOK_STYLES,
    Book,
    BookStyle,
    figure,
    generate_book,
    render_book,
    render_part,
    render_summary,
)
from conftest import build_documents, copy_project

from loaders.declared import Declared
from loaders.layout import FIGURE_ROLES
from loaders.pdf.reader import read_pdf, read_pdf_tables
from loaders.segment import SegmentedDocument

SEEDS = (1, 2, 3)
STYLE_IDS = [style.name for style in BOOK_STYLES]


def _cells(row) -> list[tuple[str, str]]:
    """A row's figure and item-number cells as printed, in the layout's column order."""
    order = ("item_number", "amount", "previous", "change", "funding_source")
    cells = [c for c in row.printed_cells if c.role in FIGURE_ROLES or c.role == "item_number"]
    cells.sort(key=lambda c: order.index(c.role))
    return [(str(c.column), c.text) for c in cells]


def _figures(budget: int, previous: int, funding: tuple[int, ...], blank_zero: bool):
    sources = ("national_prefectural", "bond", "other", "general")
    out = [("budget", figure(budget)), ("previous", figure(previous))]
    out.append(("change", figure(budget - previous)))
    out += [(s, figure(f)) for s, f in zip(sources, funding, strict=True) if f or not blank_zero]
    return out


def _summary_expected(book: Book) -> list[tuple[str, str, list]]:
    rows = [
        (
            "line_item",
            kan.name,
            [
                ("kan", str(kan.number)),
                *_figures(kan.total("budget"), kan.total("previous"), kan.funding(), True),
            ],
        )
        for kan in book.kans
    ]
    rows.append(
        (
            "歳出合計",
            "",
            _figures(book.total("budget"), book.total("previous"), book.funding(), False),
        )
    )
    return rows


def _part_expected(kan) -> list[tuple[str, str, list]]:
    rows = [("款", "", [("budget", figure(kan.total("budget")))])]
    for kou in kan.kous:
        rows.append(("項", "", [("budget", figure(kou.total("budget")))]))
        for moku in kou.mokus:
            number = [("moku", str(moku.number))] if moku.number is not None else []
            rows.append(
                (
                    "line_item",
                    moku.name,
                    number + _figures(moku.budget, moku.previous, moku.funding, True),
                )
            )
        rows.append(
            ("計", "", _figures(kou.total("budget"), kou.total("previous"), kou.funding(), False))
        )
    return rows


def _read(document: SegmentedDocument) -> list[tuple[str, str, list]]:
    return [(r.row_kind, r.name_text, _cells(r)) for r in document.rows]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("style", BOOK_STYLES, ids=STYLE_IDS)
def test_a_generated_summary_reads_exactly(style: BookStyle, seed: int) -> None:
    book = generate_book(seed)
    document = read_pdf(render_summary(book, style), "summary.pdf").parsed
    assert document.layout_name == "saishutsu_soukatsu"
    assert (document.fiscal_year, document.issuer) == (book.fiscal_year, book.issuer)
    assert _read(document) == _summary_expected(book)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("style", BOOK_STYLES, ids=STYLE_IDS)
def test_every_generated_part_reads_exactly(style: BookStyle, seed: int) -> None:
    book = generate_book(seed)
    declared = Declared(book.issuer, book.fiscal_year, "part", "generated")
    for kan in book.kans:
        document = read_pdf(render_part(book, kan, style, seed), "part.pdf", declared=declared)
        parsed = document.parsed
        assert parsed.layout_name == "saishutsu_meisai"
        # one 款 heading, one per 項: the print on later pages is a repeat
        assert [(g.level, g.name) for g in parsed.groups] == [("款", kan.name)] + [
            ("項", kou.name) for kou in kan.kous
        ]
        assert _read(parsed) == _part_expected(kan), (style.name, kan.number)


@pytest.mark.parametrize("style", BOOK_STYLES, ids=STYLE_IDS)
def test_a_whole_book_in_one_file_reads_as_its_tables(style: BookStyle) -> None:
    """A book as one file (cover, 条文, 総括, a 歳入 page, every 款's 事項別明細書): each table
    found by its header and read with its layout, every page of the other table or of none
    furniture to it; the year and issuer from the cover for both."""
    book = generate_book(5)
    tables = read_pdf_tables(render_book(book, style, 5), "book.pdf")
    summary, detail = (table.parsed for table in tables)
    assert [summary.layout_name, detail.layout_name] == ["saishutsu_soukatsu", "saishutsu_meisai"]
    for parsed in (summary, detail):
        assert (parsed.fiscal_year, parsed.issuer) == (book.fiscal_year, book.issuer)
    assert _read(summary) == _summary_expected(book)
    assert _read(detail) == [row for kan in book.kans for row in _part_expected(kan)]
    assert [(g.level, g.name) for g in detail.groups] == [
        (level, name)
        for kan in book.kans
        for level, name in [("款", kan.name), *(("項", kou.name) for kou in kan.kous)]
    ]
    # each table's rows on its own pages: the other's are furniture to it
    pages = [
        {table.lines[n - 1].page for row in table.parsed.rows for n in row.line_numbers}
        for table in tables
    ]
    assert pages[0] and pages[1] and not pages[0] & pages[1]


@pytest.mark.parametrize("style", [s for s in BOOK_STYLES if s.sheet == "facing"], ids=str)
def test_a_table_over_facing_pages_keeps_each_cell_on_its_page(style: BookStyle) -> None:
    """The funding split printed on the right page of two facing portrait pages lands in
    its line (matched by height) with that page's number and its own x."""
    book = generate_book(4)
    declared = Declared(book.issuer, book.fiscal_year, "part", "generated")
    kan = book.kans[0]
    document = read_pdf(render_part(book, kan, style, 4), "part.pdf", declared=declared)
    assert _read(document.parsed) == _part_expected(kan)
    width = 595.3
    for row in document.parsed.rows:
        pages = {c.role: document.lines[c.line_no - 1].page for c in row.printed_cells}
        if row.row_kind == "line_item":
            assert pages["name"] % 2 == 1
        left = pages.get("name", pages["amount"])
        assert pages["amount"] == left
        assert all(pages[role] == left + 1 for role in ("funding_source",) if role in pages), row
    assert all(0 <= line.x0 < line.x1 <= width for line in document.lines)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Book]]:
    """Three generated books of three issuers built into one warehouse: two as their 総括
    and their parts (one style a book, one of them on facing portrait pages), the third
    whole in one file."""
    work = tmp_path_factory.mktemp("books")
    books = [generate_book(11, "北市", 7), generate_book(12, "南町", 8, kans=4)]
    documents: dict[str, bytes] = {}
    declared = []
    for number, (book, style) in enumerate(
        zip(books, (BOOK_STYLES[0], BOOK_STYLES[4]), strict=True)
    ):
        documents[f"book{number}_00.pdf"] = render_summary(book, style)
        for kan in book.kans:
            name = f"book{number}_{kan.number:02d}.pdf"
            documents[name] = render_part(book, kan, style, kan.number)
            declared.append(
                f"{name}:\n  issuer: {book.issuer}\n  fiscal_year: {book.fiscal_year}\n"
                f"  title: {book.issuer} {kan.number}款\n  source: generated\n"
            )
    documents["declared.yml"] = "".join(declared).encode("utf-8")
    whole = generate_book(13, "東村", 8)
    documents["whole_book.pdf"] = render_book(whole, BOOK_STYLES[3], 13)
    books.append(whole)
    result, _, published = build_documents(work, documents)
    assert result.returncode == 0, result.stdout[-4000:]
    return published, books


def test_generated_books_build_with_every_total_reconciled(
    warehouse: tuple[Path, list[Book]],
) -> None:
    published, books = warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        statuses = con.execute(
            "select check_status, count(*) from marts.fct_stated_total_check group by 1"
        ).fetchall()
        lines = con.execute(
            """
            select issuer, line_level, count(*), sum(budget_thousand_yen)
            from marts.fct_budget_line group by 1, 2 order by 1, 2
            """
        ).fetchall()
        groups = con.execute(
            "select count(*) from marts.dim_budget_group where heading_budget_thousand_yen"
            " != lines_budget_thousand_yen"
        ).fetchall()
    # per book: 歳出合計 (7 columns), per 款 its heading, per 項 its heading and 計 (7)
    expected_checks = sum(
        7 + sum(1 + sum(1 + 7 for _ in kan.kous) for kan in book.kans) for book in books
    )
    assert statuses == [("reconciled", expected_checks)]
    assert lines == sorted(
        [(book.issuer, "款", len(book.kans), book.total("budget")) for book in books]
        + [
            (
                book.issuer,
                "目",
                sum(len(kou.mokus) for kan in book.kans for kou in kan.kous),
                book.total("budget"),
            )
            for book in books
        ]
    )
    assert groups == [(0,)]
    with duckdb.connect(str(published), read_only=True) as con:
        whole = con.execute(
            "select table_part, line_level, budget_group_count from marts.dim_document"
            " where file_name = 'whole_book.pdf' order by 1"
        ).fetchall()
    # the whole book's two tables, each a document
    kans = books[2].kans
    assert whole == [
        (f"saishutsu_meisai {kans[0].number}款", "目", len(kans) + sum(len(k.kous) for k in kans)),
        ("saishutsu_soukatsu", "款", 0),
    ]


ERRATA_HEADER = (
    "issuer,fiscal_year,project_key,budget_group,source_line,cell,printed_value,"
    "corrected_value,printed_text,corrected_text,source_note\n"
)


def test_a_seed_row_names_a_book_line_by_its_budget_group(tmp_path: Path) -> None:
    """A book prints one name under several groups (会計管理費 in two 項): an erratum naming
    it without its budget_group is refused by name; with it, it corrects that line only."""
    book = generate_book(11, "北市", 7)
    found = {}
    for kan in book.kans:
        for kou in kan.kous:
            for moku in kou.mokus:
                found.setdefault(moku.name, []).append(
                    f"{kan.number}款 {kan.name} > {kou.number}項 {kou.name}"
                )
    name, groups = next((n, g) for n, g in found.items() if len(set(g)) == len(g) > 1)
    documents = {
        f"part_{kan.number:02d}.pdf": render_part(book, kan, BOOK_STYLES[3], kan.number)
        for kan in book.kans
    }
    documents["declared.yml"] = "".join(
        f"part_{kan.number:02d}.pdf:\n  issuer: 北市\n  fiscal_year: {book.fiscal_year}\n"
        f"  title: 北市 {kan.number}款\n  source: generated\n"
        for kan in book.kans
    ).encode("utf-8")

    def build(group: str, work: Path):
        project = copy_project(work / "project")
        row = f"北市,{book.fiscal_year},{name},{group},,name,,,{name},{name}（訂正）,test\n"
        (project / "seeds" / "errata.csv").write_text(ERRATA_HEADER + row, "utf-8")
        return build_documents(work, documents, project)

    result, _, published = build("", tmp_path / "any")
    assert result.returncode != 0
    assert "line items in several budget groups match: give the budget_group" in result.stdout
    assert not published.exists()
    result, _, published = build(groups[1], tmp_path / "one")
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(published), read_only=True) as con:
        named = con.execute(
            "select budget_group, project_name from marts.fct_budget_line"
            " where project_name like ? order by 1",
            [f"{name}%"],
        ).fetchall()
    assert named == sorted([(groups[0], name), (groups[1], f"{name}（訂正）")])
