"""A parsed document -> the rows of the raw tables, as polars frames. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import polars as pl
import pyarrow as pa

from loaders.document import Document
from loaders.layout import DASHES, Layout, load_layout
from loaders.patterns import pillar_number
from loaders.segment import CellLine, nfkc, row_cells

LINE_NUMBERS = pl.List(pl.Int32)

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "document_id": pl.String(),
        "file_name": pl.String(),
        "sha256": pl.String(),
        "encoding": pl.String(),
        "fiscal_year": pl.Int32(),
        "issuer": pl.String(),
        "layout_name": pl.String(),
        "source_format": pl.String(),
        "title": pl.String(),
        "title_line": pl.Int32(),
        "line_count": pl.Int32(),
        "loaded_at": pl.Datetime("us"),
        # which table of its issuer's year it holds: its layout, and in a budget book split
        # by its outermost group the first one it prints (saishutsu_meisai 5款)
        "table_part": pl.String(),
        # the level of its lines (目), where its layout says
        "line_level": pl.String(),
        # where it prints no year and issuer: the source of the analyst's declaration
        "declared_source": pl.String(),
    },
    "document_lines": {
        "document_id": pl.String(),
        "line_no": pl.Int32(),
        "line_text": pl.String(),
        "page_no": pl.Int32(),
        "x0": pl.Float64(),
        "x1": pl.Float64(),
        "top": pl.Float64(),
        "bottom": pl.Float64(),
    },
    "table_rows": {
        "document_id": pl.String(),
        "row_seq": pl.Int32(),
        "row_kind": pl.String(),
        "total_sums": pl.String(),
        "pillar_no": pl.Int32(),
        "group_label": pl.String(),
        "name_text": pl.String(),
        "cell_text": pl.String(),
        "division_text": pl.String(),
        "line_first": pl.Int32(),
        "line_last": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
    "pillar_headings": {
        "document_id": pl.String(),
        "pillar_mark": pl.String(),
        "pillar_no": pl.Int32(),
        "pillar_title": pl.String(),
        "line_no": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
    "pillar_directions": {
        "document_id": pl.String(),
        "pillar_mark": pl.String(),
        "pillar_no": pl.Int32(),
        "direction_seq": pl.Int32(),
        "direction_text": pl.String(),
        "line_first": pl.Int32(),
        "line_last": pl.Int32(),
        "line_numbers": LINE_NUMBERS,
    },
    # a budget book's group headings (５款 労働費 …) and the groups each table row sits in
    "group_headings": {
        "document_id": pl.String(),
        "heading_seq": pl.Int32(),
        "group_level": pl.String(),
        "group_depth": pl.Int32(),
        "number_text": pl.String(),
        "number_text_nfkc": pl.String(),
        "group_name": pl.String(),
        "line_no": pl.Int32(),
    },
    "table_row_groups": {
        "document_id": pl.String(),
        "row_seq": pl.Int32(),
        "heading_seq": pl.Int32(),
    },
    # the total lines the layout declares: their kind and what each sums
    "layout_totals": {
        "document_id": pl.String(),
        "total_kind": pl.String(),
        "total_sums": pl.String(),
    },
    "layout_columns": {
        "document_id": pl.String(),
        "column_seq": pl.Int32(),
        "column_name": pl.String(),
        "column_role": pl.String(),
        "header_text": pl.String(),
    },
    "table_cells": {
        "document_id": pl.String(),
        "row_seq": pl.Int32(),
        "cell_role": pl.String(),
        "column_name": pl.String(),
        "role_position": pl.Int32(),
        "cell_text": pl.String(),
        "cell_text_nfkc": pl.String(),
        "line_no": pl.Int32(),
        "page_no": pl.Int32(),
        "x0": pl.Float64(),
        "x1": pl.Float64(),
        "top": pl.Float64(),
        "bottom": pl.Float64(),
    },
    # the layout's cell grammar, landed with each document it read (dbt staging parses the
    # cells with it): one row a document
    "layout_cell_grammar": {
        "document_id": pl.String(),
        "layout_name": pl.String(),
        "amount_pattern": pl.String(),
        "negative_marks": pl.String(),
        "period_kind": pl.String(),
        "period_pattern": pl.String(),
        "period_dashes": pl.String(),
    },
    # the marks a flag or foundation cell may print, and what each means
    "layout_cell_marks": {
        "document_id": pl.String(),
        "cell_role": pl.String(),
        "mark": pl.String(),
        "mark_meaning": pl.String(),
    },
    # the era table: a period's era letter (R4) or a title's era name (令和) to fiscal years
    "layout_era_years": {
        "document_id": pl.String(),
        "era_letter": pl.String(),
        "era_name": pl.String(),
        "era_offset": pl.Int32(),
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


Columns = dict[str, list[object]]


def documents_frames(documents: list[Document], loaded_at: datetime) -> dict[str, pl.DataFrame]:
    """Every raw table's rows for these documents, one frame per table."""
    columns: dict[str, Columns] = {
        table: {name: [] for name in schema} for table, schema in SCHEMAS.items()
    }
    for doc in documents:
        for table, doc_columns in document_columns(doc, loaded_at).items():
            for name, values in doc_columns.items():
                columns[table][name] += values
    return {
        table: pl.DataFrame(
            [_series(name, dtype, columns[table][name]) for name, dtype in schema.items()]
        )
        for table, schema in SCHEMAS.items()
    }


def _series(name: str, dtype: pl.DataType, values: list[object]) -> pl.Series:
    if dtype != LINE_NUMBERS:
        return pl.Series(name, values, dtype=dtype)
    # a list column from flat values and offsets (one Series per row would be slow)
    offsets, flat = [0], []
    for numbers in values:
        flat += numbers
        offsets.append(len(flat))
    lists = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), pa.array(flat, pa.int32()))
    return pl.Series(name, lists, dtype=dtype)


def _boxes(boxes: list[CellLine] | None, count: int) -> Columns:
    """Page and box of each line (a PDF's cell lines); null for a text document."""
    if boxes is None:
        return {name: [None] * count for name in ("page_no", "x0", "x1", "top", "bottom")}
    return {
        "page_no": [b.page for b in boxes],
        "x0": [round(b.x0, 2) for b in boxes],
        "x1": [round(b.x1, 2) for b in boxes],
        "top": [round(b.top, 2) for b in boxes],
        "bottom": [round(b.bottom, 2) for b in boxes],
    }


class _Spanning(Protocol):
    line_numbers: list[int]


def _line_span(items: Sequence[_Spanning]) -> Columns:
    """The lines each element stands on: first, last and all of them."""
    return {
        "line_first": [min(item.line_numbers) for item in items],
        "line_last": [max(item.line_numbers) for item in items],
        "line_numbers": [item.line_numbers for item in items],
    }


def document_columns(doc: Document, loaded_at: datetime) -> dict[str, Columns]:
    """Every raw table's rows for one document, as column lists."""
    did = doc.document_id
    parsed = doc.parsed
    rows, headings = parsed.rows, parsed.headings
    directions, furniture = parsed.directions, parsed.furniture
    layout = load_layout(parsed.layout_name)
    cells = [
        (row.row_seq, cell)
        for row in rows
        for cell in (row.printed_cells if row.printed_cells is not None else row_cells(row, layout))
    ]
    return {
        "documents": {
            "document_id": [did],
            "file_name": [doc.file_name],
            "sha256": [doc.sha256],
            "encoding": [doc.encoding],
            "fiscal_year": [parsed.fiscal_year],
            "issuer": [parsed.issuer],
            "layout_name": [layout.name],
            "source_format": [doc.source_format],
            "title": [parsed.title],
            "title_line": [parsed.title_line],
            "line_count": [len(doc.lines)],
            "loaded_at": [loaded_at],
            "table_part": [parsed.table_part],
            "line_level": [layout.line_level or None],
            "declared_source": [parsed.declared_source],
        },
        "document_lines": {
            "document_id": [did] * len(doc.lines),
            "line_no": list(range(1, len(doc.lines) + 1)),
            "line_text": list(doc.lines),
            **_boxes(doc.line_boxes, len(doc.lines)),
        },
        "table_rows": {
            "document_id": [did] * len(rows),
            "row_seq": [r.row_seq for r in rows],
            "row_kind": [r.row_kind for r in rows],
            "total_sums": [r.total_sums for r in rows],
            "pillar_no": [r.pillar_no for r in rows],
            "group_label": [r.group_label for r in rows],
            "name_text": [r.name_text or None for r in rows],
            "cell_text": [r.cell_text for r in rows],
            "division_text": ["\n".join(r.division_lines) or None for r in rows],
            **_line_span(rows),
        },
        "group_headings": {
            "document_id": [did] * len(parsed.groups),
            "heading_seq": [g.heading_seq for g in parsed.groups],
            "group_level": [g.level for g in parsed.groups],
            "group_depth": [g.depth for g in parsed.groups],
            "number_text": [g.number_text for g in parsed.groups],
            "number_text_nfkc": [nfkc(g.number_text) for g in parsed.groups],
            "group_name": [g.name for g in parsed.groups],
            "line_no": [g.line_no for g in parsed.groups],
        },
        "table_row_groups": {
            "document_id": [did] * sum(len(r.groups) for r in rows),
            "row_seq": [r.row_seq for r in rows for _ in r.groups],
            "heading_seq": [seq for r in rows for seq in r.groups],
        },
        "layout_totals": {
            "document_id": [did] * len(layout.totals),
            "total_kind": [t.kind for t in layout.totals],
            "total_sums": [t.sums for t in layout.totals],
        },
        "pillar_headings": {
            "document_id": [did] * len(headings),
            "pillar_mark": [h.pillar_mark for h in headings],
            "pillar_no": [pillar_number(h.pillar_mark) for h in headings],
            "pillar_title": [h.pillar_title for h in headings],
            "line_no": [h.line_no for h in headings],
            "line_numbers": [[h.line_no, *h.more_lines] for h in headings],
        },
        "pillar_directions": {
            "document_id": [did] * len(directions),
            "pillar_mark": [d.pillar_mark for d in directions],
            "pillar_no": [pillar_number(d.pillar_mark) for d in directions],
            "direction_seq": [d.direction_seq for d in directions],
            "direction_text": [d.direction_text for d in directions],
            **_line_span(directions),
        },
        "layout_columns": {
            "document_id": [did] * len(layout.columns),
            "column_seq": list(range(1, len(layout.columns) + 1)),
            "column_name": [c.name for c in layout.columns],
            "column_role": [c.role for c in layout.columns],
            "header_text": [" ".join(c.header) for c in layout.columns],
        },
        "table_cells": {
            "document_id": [did] * len(cells),
            "row_seq": [seq for seq, _ in cells],
            "cell_role": [c.role for _, c in cells],
            "column_name": [c.column for _, c in cells],
            "role_position": [c.position for _, c in cells],
            "cell_text": [c.text for _, c in cells],
            "cell_text_nfkc": [nfkc(c.text) for _, c in cells],
            "line_no": [c.line_no for _, c in cells],
            **_boxes(
                [doc.line_boxes[c.line_no - 1] for _, c in cells] if doc.line_boxes else None,
                len(cells),
            ),
        },
        **_grammar_columns(did, layout),
        "page_furniture": {
            "document_id": [did] * len(furniture),
            "furniture_seq": [f.furniture_seq for f in furniture],
            "furniture_kind": [f.furniture_kind for f in furniture],
            "furniture_text": ["\n".join(line.strip() for line in f.lines) for f in furniture],
            **_line_span(furniture),
        },
    }


def _grammar_columns(did: str, layout: Layout) -> dict[str, Columns]:
    """The layout's cell grammar as rows of the three grammar tables, for one document.
    Marks are landed NFKC-normalised, as the cell text they are compared with."""
    marks = [("flag", mark, "set") for mark in layout.flag_marks]
    marks += [("foundation", mark, meaning) for mark, meaning in layout.foundation_marks.items()]
    eras = layout.era_years
    return {
        "layout_cell_grammar": {
            "document_id": [did],
            "layout_name": [layout.name],
            "amount_pattern": [layout.amount_grammar],
            "negative_marks": [layout.negative_marks],
            "period_kind": [layout.period_kind],
            "period_pattern": [layout.period.pattern],
            "period_dashes": [DASHES],
        },
        "layout_cell_marks": {
            "document_id": [did] * len(marks),
            "cell_role": [role for role, _, _ in marks],
            "mark": [nfkc(mark) for _, mark, _ in marks],
            "mark_meaning": [meaning for _, _, meaning in marks],
        },
        "layout_era_years": {
            "document_id": [did] * len(eras),
            "era_letter": [era.letter for era in eras],
            "era_name": [era.name for era in eras],
            "era_offset": [era.offset for era in eras],
        },
    }
