"""A parsed document -> the rows of the raw tables, as polars frames. Pure."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from loaders.document import Document
from loaders.segment import nfkc

LINE_NUMBERS = pl.List(pl.Int32)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "document_id": pl.String(),
        "file_name": pl.String(),
        "sha256": pl.String(),
        "encoding": pl.String(),
        "fiscal_year": pl.Int32(),
        "title": pl.String(),
        "title_line": pl.Int32(),
        "line_count": pl.Int32(),
        "loaded_at": pl.Datetime("us"),
    },
    "document_lines": {
        "document_id": pl.String(),
        "line_no": pl.Int32(),
        "line_text": pl.String(),
    },
    "table_rows": {
        "document_id": pl.String(),
        "row_seq": pl.Int32(),
        "row_kind": pl.String(),
        "pillar_seq": pl.Int32(),
        "group_label": pl.String(),
        "name_text": pl.String(),
        "name_text_nfkc": pl.String(),
        "cell_text": pl.String(),
        "cell_text_nfkc": pl.String(),
        "division_text": pl.String(),
        "line_first": pl.Int32(),
        "line_last": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
    "pillar_headings": {
        "document_id": pl.String(),
        "heading_seq": pl.Int32(),
        "pillar_mark": pl.String(),
        "pillar_title": pl.String(),
        "line_no": pl.Int32(),
    },
    "pillar_directions": {
        "document_id": pl.String(),
        "pillar_mark": pl.String(),
        "direction_seq": pl.Int32(),
        "direction_text": pl.String(),
        "line_first": pl.Int32(),
        "line_last": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
    "page_furniture": {
        "document_id": pl.String(),
        "furniture_seq": pl.Int32(),
        "furniture_kind": pl.String(),
        "furniture_text": pl.String(),
        "line_first": pl.Int32(),
        "line_last": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
}


Rows = list[dict[str, object]]


def documents_frames(documents: list[Document], loaded_at: datetime) -> dict[str, pl.DataFrame]:
    """Every raw table's rows for these documents, one frame per table."""
    rows: dict[str, Rows] = {table: [] for table in SCHEMAS}
    for doc in documents:
        for table, doc_rows in document_rows(doc, loaded_at).items():
            rows[table] += doc_rows
    return {
        table: pl.DataFrame(table_rows, schema=SCHEMAS[table], orient="row")
        for table, table_rows in rows.items()
    }


def document_rows(doc: Document, loaded_at: datetime) -> dict[str, Rows]:
    """Every raw table's rows for one document."""
    did = doc.document_id
    parsed = doc.parsed
    return {
        "documents": [
            {
                "document_id": did,
                "file_name": doc.file_name,
                "sha256": doc.sha256,
                "encoding": doc.encoding,
                "fiscal_year": parsed.fiscal_year,
                "title": parsed.title,
                "title_line": parsed.title_line,
                "line_count": len(doc.lines),
                "loaded_at": loaded_at,
            }
        ],
        "document_lines": [
            {"document_id": did, "line_no": n, "line_text": text}
            for n, text in enumerate(doc.lines, start=1)
        ],
        "table_rows": [
            {
                "document_id": did,
                "row_seq": row.row_seq,
                "row_kind": row.row_kind,
                "pillar_seq": row.pillar_seq,
                "group_label": row.group_label,
                "name_text": row.name_text or None,
                "name_text_nfkc": nfkc(row.name_text) or None,
                "cell_text": row.cell_text,
                "cell_text_nfkc": nfkc(row.cell_text),
                "division_text": "\n".join(row.division_lines) or None,
                "line_first": min(row.line_numbers),
                "line_last": max(row.line_numbers),
                "line_numbers": row.line_numbers,
            }
            for row in parsed.rows
        ],
        "pillar_headings": [
            {
                "document_id": did,
                "heading_seq": h.heading_seq,
                "pillar_mark": h.pillar_mark,
                "pillar_title": h.pillar_title,
                "line_no": h.line_no,
            }
            for h in parsed.headings
        ],
        "pillar_directions": [
            {
                "document_id": did,
                "pillar_mark": d.pillar_mark,
                "direction_seq": d.direction_seq,
                "direction_text": d.direction_text,
                "line_first": min(d.line_numbers),
                "line_last": max(d.line_numbers),
                "line_numbers": d.line_numbers,
            }
            for d in parsed.directions
        ],
        "page_furniture": [
            {
                "document_id": did,
                "furniture_seq": f.furniture_seq,
                "furniture_kind": f.furniture_kind,
                "furniture_text": "\n".join(line.strip() for line in f.lines),
                "line_first": min(f.line_numbers),
                "line_last": max(f.line_numbers),
                "line_numbers": f.line_numbers,
            }
            for f in parsed.furniture
        ],
    }
