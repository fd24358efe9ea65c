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
from conftest import REPO, build_documents

from core.errors import DocumentError
from loaders.pdf import read_pdf

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
        funding = {c.column: int(c.value) for c in cells if c.role == "funding_source"}
        flags = {c.column for c in cells if c.role == "flag"}
        items.append(
            {
                "key": next(c.value for c in cells if c.role == "name"),
                "pillar_no": row.pillar_seq,
                "is_repost": any(c.role == "repost" for c in cells),
                "budget": int(next(c.value for c in cells if c.role == "amount")),
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
            "select b.project_key, b.pillar_no, b.is_repost, b.budget_thousand_yen, "
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
