"""Every mart as Parquet, as Excel-friendly CSV (UTF-8 with BOM; English headers, and a
second file with the document's Japanese headers), and one .xlsx workbook with a sheet
per mart. Reads the published warehouse read-only; writes only inside the output folder.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter
import yaml

MARTS = (
    "fct_budget_line",
    "fct_budget_line_funding",
    "dim_pillar",
    "fct_pillar_funding",
    "fct_stated_total_check",
    "fct_project_year_over_year",
    "dim_document",
)
MARTS_YAML = Path(__file__).resolve().parents[1] / "models" / "marts" / "_marts__models.yml"
WORKBOOK = "marts.xlsx"
LIST_SEPARATOR = "、"


def japanese_headers(yaml_path: Path = MARTS_YAML) -> dict[str, dict[str, str]]:
    """Per mart, column -> the Japanese header kept in the YAML (`meta: {ja: …}`)."""
    models = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))["models"]
    return {
        model["name"]: {
            column["name"]: column.get("meta", {}).get("ja", column["name"])
            for column in model.get("columns", [])
        }
        for model in models
    }


def _target(out: Path, name: str) -> Path:
    """A file directly inside `out`; a symlink there is removed, never followed."""
    path = out / name
    if path.parent != out or path.name != name:
        raise ValueError(f"{name}: export file names must stay inside {out}")
    if path.is_symlink():
        path.unlink()
    return path


def flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists (divisions, directions) as one text cell, for CSV and spreadsheets."""
    return frame.with_columns(
        pl.col(name).list.join(LIST_SEPARATOR)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def export_marts(warehouse: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    headers = japanese_headers()
    written: list[Path] = []
    frames: dict[str, pl.DataFrame] = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for mart in MARTS:
            frames[mart] = con.sql(f'select * from marts."{mart}"').pl()
    for mart, frame in frames.items():
        parquet = _target(out, f"{mart}.parquet")
        frame.write_parquet(parquet)
        flat = flatten(frame)
        csv_en = _target(out, f"{mart}.csv")
        flat.write_csv(csv_en, include_bom=True)
        csv_ja = _target(out, f"{mart}_ja.csv")
        flat.rename(headers.get(mart, {})).write_csv(csv_ja, include_bom=True)
        written += [parquet, csv_en, csv_ja]
    workbook_path = _target(out, WORKBOOK)
    with xlsxwriter.Workbook(str(workbook_path)) as workbook:
        for mart, frame in frames.items():
            flatten(frame).write_excel(workbook=workbook, worksheet=mart, autofit=True)
    written.append(workbook_path)
    return written
