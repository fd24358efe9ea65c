"""PDF input: every ○ and funding figure read from the column it is printed in.

The shared sample (tests/data/…_relaid.pdf: the FY2022 document typeset again, A4
landscape, an unembedded CID font, ruled cells, vertical flag headers, the 基本方針 column
as one tall cell, page numbers) against the truth file beside it; bad PDFs refused in
one line naming the file and page.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, REPO, build_documents
from generated_layout import SOURCES as SECOND_SOURCES
from generated_layout import Generated, generate
from pdf_generator import (
    STYLES,
    Pillar,
    Style,
    Table,
    name_key,
    printed_amount,
    render,
    spreadsheet_pdf,
    table_from_text,
)

from core.errors import DocumentError
from loaders.pdf import read_pdf
from loaders.segment import nfkc

SAMPLE = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid.pdf"
TRUTH = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid_truth.json"
SOURCES = ("national", "other", "general")


def truth() -> list[dict]:
    return json.loads(TRUTH.read_text(encoding="utf-8"))["items"]


def read_items(data: bytes, name: str) -> list[dict]:
    """Each line item as the truth file states it, from the reader's cells."""
    parsed = read_pdf(data, name).parsed
    items = []
    for row in parsed.rows:
        if row.row_kind != "line_item":
            continue
        cells = parsed.printed_cells[row.row_seq]
        funding = {c.column: printed_amount(c.text) for c in cells if c.role == "funding_source"}
        flags = {c.column for c in cells if c.role == "flag"}
        # the truth file's key keeps a group label in front of the name
        label = nfkc(row.group_label or "")
        items.append(
            {
                "key": label + name_key(next(c.text for c in cells if c.role == "name")),
                "pillar_no": row.pillar_no,
                "is_repost": any(c.role == "repost" for c in cells),
                "budget": printed_amount(next(c.text for c in cells if c.role == "amount")),
                **{source: funding.get(source, 0) for source in SOURCES},
                "is_new": "new" in flags,
                "is_priority": "priority" in flags,
                "is_key_result": "key_result" in flags,
            }
        )
    return items


def test_the_reader_reads_every_line_of_the_sample_as_printed() -> None:
    assert read_items(SAMPLE.read_bytes(), SAMPLE.name) == truth()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pdf")
    result, _, warehouse = build_documents(work, {SAMPLE.name: SAMPLE.read_bytes()})
    assert result.returncode == 0, result.stdout[-4000:]
    return warehouse


def test_the_sample_builds_with_every_value_printed(built: Path) -> None:
    with duckdb.connect(str(built), read_only=True) as con:
        assert con.execute(
            "select funding_status, flags_status, count(*) from marts.fct_budget_line group by all"
        ).fetchall() == [("printed", "exact", 136)]
        assert con.execute(
            "select check_status, count(*) from marts.fct_stated_total_check group by 1"
        ).fetchall() == [("reconciled", 56)]
        rows = con.execute(
            "select coalesce(b.group_label, '') || b.project_key, b.pillar_no, b.is_repost, "
            "b.budget_thousand_yen, "
            "list(f.amount_thousand_yen order by f.funding_source_seq), "
            "b.is_new, b.is_priority, b.is_key_result "
            "from marts.fct_budget_line as b "
            "join marts.fct_budget_line_funding as f using (document_id, line_seq) "
            "group by all order by any_value(b.line_seq)"
        ).fetchall()
        assert con.execute(
            "select source_format, count(*) from marts.dim_document group by 1"
        ).fetchall() == [("pdf", 1)]
        # every landed line has its page and box
        assert con.execute(
            "select count(*) from raw.document_lines where page_no is null or x0 is null"
        ).fetchall() == [(0,)]
    expected = [
        (
            t["key"],
            t["pillar_no"],
            t["is_repost"],
            t["budget"],
            [t[s] for s in SOURCES],
            t["is_new"],
            t["is_priority"],
            t["is_key_result"],
        )
        for t in truth()
    ]
    assert rows == expected


def reportlab_pdf(draw, **options) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, **options)
    draw(pdf)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_scanned_pdf_is_told_to_be_ocred() -> None:
    data = reportlab_pdf(lambda c: c.rect(50, 50, 200, 100, fill=1))
    with pytest.raises(DocumentError, match=r"^scan\.pdf: no text layer .* OCR it first"):
        read_pdf(data, "scan.pdf")


def test_an_encrypted_pdf_is_refused() -> None:
    data = reportlab_pdf(lambda c: c.drawString(50, 50, "x"), encrypt="secret")
    with pytest.raises(DocumentError, match=r"^locked\.pdf: the PDF is encrypted"):
        read_pdf(data, "locked.pdf")


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(DocumentError, match=r"^broken\.pdf: not a readable PDF"):
        read_pdf(b"%PDF-1.4\nnothing here", "broken.pdf")


def test_a_page_without_the_column_header_names_the_page() -> None:
    def draw(c) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
        c.setFont("HeiseiMin-W3", 10)
        c.drawString(50, 700, "令和４年度中小企業振興施策一覧")
        c.drawString(50, 650, "事業名 事業費 担当課等")

    with pytest.raises(DocumentError, match=r"^nohead\.pdf \(page 1\): no layout's column header"):
        read_pdf(reportlab_pdf(draw), "nohead.pdf")


def test_a_header_that_fits_no_layout_names_the_closest_and_what_it_lacks() -> None:
    def draw(c) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
        c.setFont("HeiseiMin-W3", 9)
        c.drawString(50, 700, "令和４年度中小企業振興施策一覧")
        # the FY2022 header with 事業期間 and 重点 left out
        x = 40
        for word in ("基本方針", "事業名", "新規", "主要成果", "事業費", "国庫", "その他"):
            c.drawString(x, 650, word)
            x += 60
        for word in ("一般財源", "21財団への補助・委託", "担当課等"):
            c.drawString(x, 650, word)
            x += 110
        c.drawString(40, 600, "まったく別の表")

    with pytest.raises(DocumentError) as caught:
        read_pdf(reportlab_pdf(draw), "close.pdf")
    assert str(caught.value) == (
        "close.pdf (page 1): no layout's column header is printed on the first page "
        "(layouts/*.yml); the closest, aomori_chusho_shisaku, finds 10 of its 12 column "
        "headers, not: 重点, 事業期間"
    )

    def blank(c) -> None:
        c.drawString(50, 700, "Appendix")

    with pytest.raises(DocumentError, match=r"none of any layout's column header words"):
        read_pdf(reportlab_pdf(blank), "other.pdf")


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_generated_pdfs_read_as_drawn(style: Style) -> None:
    """The FY2022 table drawn in four styles (page size and orientation, unembedded CID or
    embedded TrueType fonts, ruled or not, column widths, wrap widths, page numbers or not,
    figures as separate glyph runs) reads back exactly as drawn."""
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    assert read_items(render(table, style), f"{style.name}.pdf") == truth()


def second_layout_pdf(style: Style) -> tuple[bytes, Generated]:
    generated = generate(3, issuer="岩手県", width=14, marks="circled")
    drawn = [
        {
            **dict(zip(SECOND_SOURCES, line.split, strict=True)),
            "is_new": line.is_new,
            "is_priority": line.is_priority,
        }
        for line in generated.truth
    ]
    table = table_from_text(generated.text, drawn, "sangyo_shinko_shisaku")
    return render(table, style), generated


def test_the_second_layout_as_a_pdf_reads_as_drawn() -> None:
    data, generated = second_layout_pdf(STYLES[1])
    parsed = read_pdf(data, "iwate.pdf").parsed
    assert parsed.layout_name == "sangyo_shinko_shisaku"
    items = [r for r in parsed.rows if r.row_kind == "line_item"]
    assert len(items) == len(generated.truth)
    for row, line in zip(items, generated.truth, strict=True):
        cells = parsed.printed_cells[row.row_seq]
        funding = {c.column: printed_amount(c.text) for c in cells if c.role == "funding_source"}
        flags = {c.column for c in cells if c.role == "flag"}
        assert name_key(next(c.text for c in cells if c.role == "name")) == line.key
        assert tuple(funding.get(s, 0) for s in SECOND_SOURCES) == line.split
        assert flags == {f for f in ("new", "priority") if getattr(line, f"is_{f}")}


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The FY2022 text and its PDF, and a second-layout PDF, in one warehouse."""
    work = tmp_path_factory.mktemp("side_by_side")
    second, _ = second_layout_pdf(STYLES[3])
    documents = {
        DOCUMENT.name: DOCUMENT.read_bytes(),
        SAMPLE.name: SAMPLE.read_bytes(),
        "iwate_r05.pdf": second,
    }
    result, _, warehouse = build_documents(work, documents)
    assert result.returncode == 0, result.stdout[-4000:]
    return warehouse


def test_the_pdf_is_the_document_of_record_and_the_text_is_compared(side_by_side: Path) -> None:
    with duckdb.connect(str(side_by_side), read_only=True) as con:
        assert con.execute(
            "select issuer, fiscal_year, source_format from marts.dim_document order by 1"
        ).fetchall() == [("岩手県", 2023, "pdf"), ("青森県", 2022, "pdf")]
        assert con.execute(
            "select count(*) from marts.fct_budget_line where issuer = '青森県'"
        ).fetchall() == [(136,)]
        # what the text path proved is what the PDF prints (a dbt test fails otherwise);
        # what it inferred is right this often
        agreement = dict(
            (status, (right, lines))
            for status, right, lines in con.execute(
                "select text_funding_status, count(*) filter (where funding_agrees), count(*) "
                "from marts.fct_text_pdf_line_comparison group by 1"
            ).fetchall()
        )
        assert agreement["derived"] == (77, 77)
        assert agreement["printed"] == (3, 3)
        assert agreement["inferred"][1] == 56
        flags = dict(
            (status, (right, lines))
            for status, right, lines in con.execute(
                "select text_flags_status, count(*) filter (where flags_agree), count(*) "
                "from marts.fct_text_pdf_line_comparison group by 1"
            ).fetchall()
        )
        assert flags["exact"] == (91, 91)
        assert flags["inferred"][1] == 45
        sources = con.execute(
            "select count(distinct funding_column) from marts.fct_budget_line_funding "
            "where issuer = '岩手県'"
        ).fetchall()
        assert sources == [(4,)]


def test_a_spreadsheet_printed_by_libreoffice_reads_as_drawn(tmp_path: Path) -> None:
    """Made the way such lists usually are: openpyxl (merged 基本方針 cells, wrapped names,
    line breaks in header cells, #,##0 figures, cell borders, the header row repeated on
    each page) printed to PDF by LibreOffice: subset TrueType fonts, borders as lines, and
    a merged cell cut off at a page break and printed again on the next page."""
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    data = spreadsheet_pdf(table, tmp_path)
    assert read_items(data, "spreadsheet.pdf") == truth()
    parsed = read_pdf(data, "spreadsheet.pdf").parsed
    assert [h.pillar_mark for h in parsed.headings] == list("①②③④⑤⑥⑦⑧")


@pytest.mark.parametrize("vertical", ["center", "top", "bottom"])
def test_an_unruled_spreadsheet_reads_as_drawn_however_its_cells_align(
    tmp_path: Path, vertical: str
) -> None:
    """The spreadsheet printed without borders, its cells centred, at the top (a name wraps
    onto lines below its figures while the merged 基本方針 cell runs beside it) or at the
    bottom of the row (a spreadsheet's default): a figure set flush right ends 2 pt before
    the period of the next cell (two words), a left-aligned period starts left of its
    centred header (its column begins where the figures end), and each name's lines go to
    the row the page's alignment puts them in."""
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    data = spreadsheet_pdf(table, tmp_path, ruled=False, vertical=vertical)
    assert read_items(data, "spreadsheet.pdf") == truth()


def test_a_glyph_without_unicode_names_the_page() -> None:
    def draw(c) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
        c.setFont("HeiseiMin-W3", 10)
        c.drawString(50, 700, "令和４年度中小企業振興施策一覧")

    data = reportlab_pdf(draw, pageCompression=0)
    # the font's CMap and ordering made unknown: its codes map to no character
    hidden = data.replace(b"/UniJIS-UCS2-H", b"/Identity-H   ").replace(b"(Japan1)", b"(Zzzzz1)")
    assert len(hidden) == len(data)
    with pytest.raises(DocumentError, match=r"^hidden\.pdf \(page 1\): a glyph has no Unicode"):
        read_pdf(hidden, "hidden.pdf")


def test_a_word_outside_the_ruled_table_names_the_page_and_word() -> None:
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    data = render(table, STYLES[0], stray="欄外メモ")
    with pytest.raises(
        DocumentError, match=r"^stray\.pdf \(page 1\): the word '欄外メモ' .* no column"
    ):
        read_pdf(data, "stray.pdf")


def test_a_bad_pdf_among_good_documents_fails_the_build_and_keeps_the_warehouse(
    tmp_path: Path,
) -> None:
    good = {DOCUMENT.name: DOCUMENT.read_bytes()}
    result, docs, warehouse = build_documents(tmp_path, good)
    assert result.returncode == 0, result.stdout[-3000:]
    published = warehouse.read_bytes()
    (docs / "scan.pdf").write_bytes(reportlab_pdf(lambda c: c.rect(50, 50, 200, 100, fill=1)))
    result, _, _ = build_documents(tmp_path, {})
    assert result.returncode != 0
    assert "scan.pdf: no text layer" in result.stdout + result.stderr
    assert warehouse.read_bytes() == published


def test_a_page_of_one_line_rows_is_still_read_by_its_rules() -> None:
    """A ruled page whose rows are all one line high (each row's borders shorter than two
    lines of text, as on the last page of a long file holding only the 合計): the
    column rules still count."""
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    first = table.pillars[0]
    short = [i for i in first.items if len(i.name) <= STYLES[0].wrap and len(i.divisions) <= 1]
    one = Table(table.layout, table.title, [Pillar(first.heading, [], short[:1])])
    parsed = read_pdf(render(one, STYLES[0]), "one.pdf").parsed
    assert [r.row_kind for r in parsed.rows] == ["line_item", "小計", "合計"]


def test_show_draws_what_a_page_was_read_as(tmp_path: Path) -> None:
    """`python -m loaders show` writes a PNG of the page with each column's x-range, each
    row's band and every cell line drawn over it, and names the colours."""
    import struct
    import subprocess
    import sys
    import zlib

    out = tmp_path / "page2.png"
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "show", str(SAMPLE), "--page", "2", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    legend = done.stdout.splitlines()
    assert [line.split(" ")[0] for line in legend[:12]] == [
        "pillar", "project", "new", "priority", "key_result", "budget", "national", "other",
        "general", "period", "foundation", "division",
    ]  # fmt: skip
    assert legend[12] == "22 rows (black bands), 167 cell lines (boxes; grey: furniture)"
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1684, 1191)  # A4 landscape at 2 pixels a point
    # the budget column's left edge is drawn in its colour down the page
    raw = zlib.decompress(data[data.index(b"IDAT") + 4 :])
    budget = legend[5]  # "budget (amount): x 333.5-398.5, rgb(70, 200, 200)"
    x = int(float(budget.split("x ")[1].split("-")[0]) * 2)
    rgb = tuple(int(v) for v in budget.split("rgb(")[1].rstrip(")").split(", "))
    y = height // 2
    offset = y * (1 + 3 * width) + 1 + 3 * x
    assert tuple(raw[offset : offset + 3]) == rgb


def test_show_names_a_page_the_pdf_does_not_have(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "loaders", "show", str(SAMPLE), "--page", "9"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"error: {SAMPLE.name}: has no page 9\n"


def test_the_reader_settings_are_checked_when_made() -> None:
    from loaders.pdf.settings import SETTINGS, ReaderSettings

    assert SETTINGS.same_line == 0.35 and SETTINGS.max_cell_lines == 12
    for change, message in (
        ({"word_gap": 0}, "word_gap must be a positive number, not 0"),
        ({"edge": -0.5}, "edge must be a positive number, not -0.5"),
        ({"max_cell_lines": 2.5}, "max_cell_lines must be a whole number"),
        ({"stack_overlap": 1.5}, "stack_overlap is a share of a word, at most 1"),
        ({"header_span": "12"}, "header_span must be a positive number, not '12'"),
    ):
        with pytest.raises(ValueError, match=f"^reader setting {message}"):
            ReaderSettings(**change)


def test_columns_are_read_by_their_role_whatever_the_layout_names_them() -> None:
    """A layout may name its columns as it likes: the division column named `tantou` is
    still read as the division (not part of the row's cells text)."""
    from loaders.layout import LAYOUTS_DIR, parse_layout

    text = (LAYOUTS_DIR / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")
    renamed = text.replace("{name: division, role: division", "{name: tantou, role: division")
    assert renamed != text
    layout = parse_layout(renamed, "layouts/renamed.yml")
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth(), "aomori_chusho_shisaku")
    data = render(Table(layout, table.title, table.pillars), STYLES[0])
    first = read_pdf(data, "renamed.pdf", layout=layout).parsed.rows[0]
    assert first.cell_text == "○ ○ ○ 24,349 11,020 13,329 R4-R5"
    assert first.division_lines == ["地域活力振興課", "広報広聴課"]
