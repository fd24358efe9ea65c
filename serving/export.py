"""Every mart as Parquet, as Excel-friendly CSV (UTF-8 with BOM; English headers, and a
second file with the Japanese headers the warehouse's column comments carry), and one
.xlsx workbook with a sheet per mart. Reads the published warehouse read-only; writes
only inside the output folder.

Text stays text: a name printed in a document is data, never a formula. The workbook
writes every string as a string (never a formula or a link); in the CSVs a text field
that a spreadsheet would evaluate on import (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, as OWASP recommends; numbers stay numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from serving.files import output_folder, replacing

MARTS = (
    "fct_budget_line",
    "fct_budget_line_funding",
    "dim_pillar",
    "dim_budget_group",
    "fct_pillar_funding",
    "fct_stated_total_check",
    "fct_project_year_over_year",
    "dim_document",
    "fct_text_pdf_line_comparison",
)
JA_LABEL = re.compile(r"\[ja: ([^\]]+)\]$")
WORKBOOK = "marts.xlsx"
LIST_SEPARATOR = "、"
# A text field a spreadsheet reads as a formula when it opens a CSV, and the mark that
# makes it text (OWASP, "CSV injection").
FORMULA_START = r"^[=+\-@\t\r]"
TEXT_MARK = "'"
# xlsxwriter turns strings that look like formulas or URLs into formulas and links.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
# Columns a reader looks at first, in this order, wherever a mart has them.
LEAD_COLUMNS = ("pillar_label", "project_name", "budget_thousand_yen")
# Hash identifiers (document_id, sha256) mean nothing to a reader: they go last.
IDENTIFIER = re.compile(r"(?:^|_)(?:id|sha256|hash)$")
AMOUNT = re.compile(r"_thousand_yen$")


def japanese_headers(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Per mart, column -> its Japanese label, read from the warehouse's own column comments
    (`… [ja: 事業名]`, written by macros/alter_column_comment.sql); a column without one
    keeps its English name."""
    headers: dict[str, dict[str, str]] = {}
    for table, column, comment in con.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where database_name = current_database() and schema_name = 'marts'"
    ).fetchall():
        label = JA_LABEL.search(comment or "")
        headers.setdefault(table, {})[column] = label.group(1) if label else column
    return headers


def _target(out: Path, name: str) -> Path:
    """A file name directly inside `out` (checked, so a name cannot climb out of it)."""
    path = out / name
    if path.parent != out or path.name != name:
        raise ValueError(f"{name}: export file names must stay inside {out}")
    return path


def reading_order(frame: pl.DataFrame) -> pl.DataFrame:
    """What people read first (pillar, project name, budget) leads; identifiers and hashes
    go last."""
    lead = [name for name in LEAD_COLUMNS if name in frame.columns]
    trailing = [name for name in frame.columns if IDENTIFIER.search(name) and name not in lead]
    middle = [name for name in frame.columns if name not in lead and name not in trailing]
    return frame.select(lead + middle + trailing)


def excel_formats(frame: pl.DataFrame) -> dict[str, str]:
    """Amounts with a thousands separator; years, numbers and identifiers without one."""
    formats = {}
    for name, dtype in frame.schema.items():
        if not dtype.is_numeric():
            continue
        if AMOUNT.search(name):
            formats[name] = "#,##0"
        elif name.endswith("_share") or name.startswith("share_"):
            formats[name] = "0.0%"
        elif dtype.is_float():
            formats[name] = "0.0"
        else:
            formats[name] = "0"
    return formats


def flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists (divisions, directions, amounts per source) as one text cell, for CSV and
    spreadsheets: a list whose mart carries its `<name>_text` companion is dropped, else
    its items are written as text and joined here."""
    lists = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    companions = [name for name in lists if f"{name}_text" in frame.columns]
    return frame.drop(companions).with_columns(
        pl.col(name).list.eval(pl.element().cast(pl.String)).list.join(LIST_SEPARATOR)
        for name in lists
        if name not in companions
    )


def neutralised(frame: pl.DataFrame) -> pl.DataFrame:
    """Text fields that a spreadsheet would evaluate on opening a CSV, marked as text
    (a leading apostrophe); other columns unchanged."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit(TEXT_MARK) + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    )


def primary_keys(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Each mart's primary key, from its contract: the order its rows are exported in
    (a table's rows have no order of their own)."""
    rows = con.execute(
        "select table_name, constraint_column_names from duckdb_constraints() "
        "where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    return {table: list(columns) for table, columns in rows}


def export_marts(warehouse: Path, out: Path) -> list[Path]:
    out = output_folder(out)
    written: list[Path] = []
    frames: dict[str, pl.DataFrame] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        headers = japanese_headers(con)
        keys = primary_keys(con)
        for mart in MARTS:
            order = ", ".join(f'"{column}"' for column in keys.get(mart, [])) or "all"
            rows = con.sql(f'select * from marts."{mart}" order by {order}').pl()
            frames[mart] = reading_order(rows)
    # lists as text, once per mart, for the CSVs and the workbook
    flats = {mart: flatten(frame) for mart, frame in frames.items()}
    for mart, frame in frames.items():
        flat = neutralised(flats[mart])
        parquet = _target(out, f"{mart}.parquet")
        with replacing(parquet) as temporary:
            frame.write_parquet(temporary)
        csv_en = _target(out, f"{mart}.csv")
        with replacing(csv_en) as temporary:
            flat.write_csv(temporary, include_bom=True)
        csv_ja = _target(out, f"{mart}_ja.csv")
        with replacing(csv_ja) as temporary:
            flat.rename(headers.get(mart, {}), strict=False).write_csv(temporary, include_bom=True)
        written += [parquet, csv_en, csv_ja]
    workbook_path = _target(out, WORKBOOK)
    with (
        replacing(workbook_path) as temporary,
        xlsxwriter.Workbook(str(temporary), WORKBOOK_OPTIONS) as workbook,
    ):
        for mart, flat in flats.items():
            flat.write_excel(
                workbook=workbook,
                worksheet=mart,
                autofit=True,
                column_formats=excel_formats(flat),  # type: ignore[arg-type]
                freeze_panes=(1, 0),
            )
    written.append(workbook_path)
    return written
