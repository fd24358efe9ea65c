"""Warehouse rows in, attributed rows out: the bridge between dbt and the solver.

Per document, the solver gets the funding sources of the document's layout (as many
columns as it declares) and one constraint set per pillar:
* the pillar's total: its lines without reposts sum to it, per column;
* its total with reposts minus its total: the originals of the pillar's reposts sum to
  the difference (a repost carries its original's split, so it is not a separate unknown).
The document's total is the sum of the pillar totals (a dbt test checks the printed
figures say so), so it adds no constraint of its own and would only tie every pillar
into one problem. A table without pillars (a budget book's 総括) is one group, constrained
by the document's total.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from attribution.solver import Line, LineResult, Split, Total, attribute, ranks_from_rows
from core.parallel import map_documents
from core.version import code_hash

# one row per line item and funding source
RESULT_SCHEMA: dict[str, pl.DataType] = {
    "document_id": pl.String(),
    "line_seq": pl.Int32(),
    "funding_source_seq": pl.Int32(),
    "amount_thousand_yen": pl.Int64(),
    "funding_status": pl.String(),
    "funding_proof": pl.String(),
}


def ranks_from_seed(path: Path, sources: Sequence[str]) -> dict[tuple[int, ...], int]:
    """Plausibility ranks read straight from seeds/funding_plausibility.csv, for a layout
    whose funding sources are `sources`."""
    with path.open(encoding="utf-8") as handle:
        return ranks_from_rows(
            ((row["pattern"], int(row["plausibility_rank"])) for row in csv.DictReader(handle)),
            sources,
        )


def attribute_document(
    lines: list[dict[str, Any]],
    totals: list[dict[str, Any]],
    sources: Sequence[str],
    overrides: dict[str, Split],
    ranks: dict[tuple[int, ...], int],
) -> list[dict[str, Any]]:
    """One document's lines (dicts as in int_budget_lines_corrected) -> attributed rows,
    one per line and funding source (`sources`: the layout's, in printed order)."""
    columns = len(sources)
    solver_lines: list[Line] = []
    members: dict[int, list[int]] = defaultdict(list)
    repost_originals: dict[int, list[int]] = defaultdict(list)
    for row in sorted(lines, key=lambda r: r["line_seq"]):
        seq, pillar = int(row["line_seq"]), _group(row["pillar_no"])
        if row["is_repost"]:
            if row["original_line_seq"] is not None:
                repost_originals[pillar].append(int(row["original_line_seq"]))
            continue
        budget = row["budget_thousand_yen"]
        figures = tuple(int(f) for f in row["funding_figures"])
        solver_lines.append(
            Line(
                seq,
                figures,
                overrides.get(row["project_key"]),
                group=pillar,
                budget=None if budget is None else int(budget),
                placed=_placed(figures, row["funding_columns"], sources),
            )
        )
        members[pillar].append(seq)
    stated = {
        (t["total_sums"], _group(t["pillar_no"])): tuple(int(f) for f in t["funding_figures"])
        for t in totals
    }
    solver_totals = [
        Total(("pillar", pillar), tuple(members[pillar]), split, group=pillar)
        for (sums, pillar), split in sorted(stated.items())
        if sums == "pillar"
    ]
    if not solver_totals and ("document", NO_PILLAR) in stated:
        # a table without pillars (a budget book's 総括): its total constrains every line
        solver_totals.append(
            Total(
                ("document", NO_PILLAR),
                tuple(members[NO_PILLAR]),
                stated[("document", NO_PILLAR)],
                group=NO_PILLAR,
            )
        )
    for (sums, pillar), with_reposts in sorted(stated.items()):
        without = stated.get(("pillar", pillar))
        if sums != "pillar_reposts" or without is None:
            continue
        difference = tuple(a - b for a, b in zip(with_reposts, without, strict=True))
        solver_totals.append(
            Total(
                ("pillar_reposts", pillar),
                tuple(repost_originals[pillar]),
                difference,
                group=pillar,
            )
        )
    results = attribute(solver_lines, solver_totals, ranks, columns=columns)
    rows = []
    for row in lines:
        seq = int(row["line_seq"])
        key = int(row["original_line_seq"]) if row["is_repost"] else seq
        result = results.get(key) if key is not None else None
        if result is None:
            result = LineResult(None, "unresolved", "unproven")
        split = result.split or (None,) * columns
        for source_seq, amount in enumerate(split, start=1):
            rows.append(
                {
                    "document_id": row["document_id"],
                    "line_seq": seq,
                    "funding_source_seq": source_seq,
                    "amount_thousand_yen": amount,
                    "funding_status": result.status,
                    "funding_proof": result.proof,
                }
            )
    return rows


# the group of a line or total of a table without pillars
NO_PILLAR = 0


def _group(pillar_no: int | None) -> int:
    return NO_PILLAR if pillar_no is None else int(pillar_no)


def _placed(
    figures: tuple[int, ...], columns: Sequence[str | None] | None, sources: Sequence[str]
) -> Split | None:
    """The split when every printed figure's column is known (read from a PDF)."""
    if columns is None or len(columns) != len(figures) or None in columns:
        return None
    if not set(columns) <= set(sources):
        return None
    split = [0] * len(sources)
    for column, figure in zip(columns, figures, strict=True):
        split[sources.index(str(column))] = figure
    return tuple(split)


# What attribute_document reads of a line; the rest of the row is not shipped to workers.
LINE_COLUMNS = (
    "document_id",
    "fiscal_year",
    "line_seq",
    "pillar_no",
    "is_repost",
    "original_line_seq",
    "project_key",
    "budget_thousand_yen",
    "funding_figures",
    "funding_columns",
)


# what the solver reads of a printed total (int_table_rows_pivoted, rows that are totals)
TOTAL_COLUMNS = ("document_id", "line_seq", "total_sums", "pillar_no", "funding_figures")


def _sources_by_document(amount_columns: pl.DataFrame) -> dict[str, tuple[str, ...]]:
    """Per document, its layout's funding sources in printed order."""
    funding = amount_columns.filter(pl.col("column_role") == "funding_source").sort(
        "document_id", "funding_source_seq"
    )
    return {
        str(document_id): tuple(group["column_name"])
        for (document_id,), group in funding.group_by(["document_id"], maintain_order=True)
    }


def _overrides_by_document(
    overrides: pl.DataFrame, sources: dict[str, tuple[str, ...]]
) -> dict[str, dict[str, Split]]:
    """Overrides (one row per line and funding source; a source without a row is 0) as a
    split per document and project_key."""
    found: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for row in overrides.iter_rows(named=True):
        document_id = str(row["document_id"])
        split = found[document_id].setdefault(row["project_key"], [0] * len(sources[document_id]))
        split[int(row["funding_source_seq"]) - 1] = int(row["amount_thousand_yen"])
    return {
        document_id: {key: tuple(split) for key, split in by_key.items()}
        for document_id, by_key in found.items()
    }


def attribute_frame(
    lines: pl.DataFrame,
    totals: pl.DataFrame,
    amount_columns: pl.DataFrame,
    overrides: pl.DataFrame,
    plausibility: pl.DataFrame,
) -> pl.DataFrame:
    """Every document of the warehouse, attributed. Overrides are the rows
    int_funding_overrides_checked found to fit their line, which names its document."""
    sources = _sources_by_document(amount_columns)
    seed_rows = [
        (row["pattern"], int(row["plausibility_rank"]))
        for row in plausibility.iter_rows(named=True)
    ]
    override_by_document = _overrides_by_document(overrides, sources)
    totals_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in totals.iter_rows(named=True):
        totals_by_doc[row["document_id"]].append(row)
    jobs = []
    for (document_id,), group in lines.select(LINE_COLUMNS).group_by(
        ["document_id"], maintain_order=True
    ):
        doc_sources = sources[str(document_id)]
        jobs.append(
            (
                list(group.iter_rows(named=True)),
                totals_by_doc[str(document_id)],
                doc_sources,
                override_by_document.get(str(document_id), {}),
                ranks_from_rows(seed_rows, doc_sources),
            )
        )
    rows: list[dict[str, Any]] = []
    # many documents: in worker processes (core/parallel.py)
    for doc_rows in map_documents(attribute_document, jobs):
        rows += doc_rows
    return pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row")


def solver_version() -> str:
    """A hash of the attribution code: results computed by other code are recomputed."""
    return code_hash(Path(__file__).parent)


def attribution_keys(
    lines: pl.DataFrame,
    totals: pl.DataFrame,
    amount_columns: pl.DataFrame,
    overrides: pl.DataFrame,
    plausibility: pl.DataFrame,
) -> pl.DataFrame:
    """Per document, a key of everything its attribution reads: its lines as the solver
    sees them (after errata), its printed totals, its layout's funding sources, the
    overrides of its lines, the plausibility ranks and the solver code. A document whose
    key is unchanged need not be redone; any change upstream (a new erratum, a re-parsed
    document) changes it."""
    shared = hashlib.sha256(solver_version().encode())
    for row in plausibility.sort(plausibility.columns).iter_rows():
        shared.update(repr(row).encode())
    line_text = _rows_as_text(lines.select(LINE_COLUMNS), "line_seq")
    total_text = _rows_as_text(totals.select(TOTAL_COLUMNS), "line_seq")
    column_text = _rows_as_text(amount_columns, "amount_seq")
    rows = []
    for (document_id,) in lines.select("document_id").unique().sort("document_id").iter_rows():
        key = shared.copy()
        key.update(str(document_id).encode())
        key.update(line_text.get(document_id, "").encode())
        key.update(total_text.get(document_id, "").encode())
        key.update(column_text.get(document_id, "").encode())
        own = overrides.filter(pl.col("document_id") == document_id)
        for row in own.sort(own.columns).iter_rows():
            key.update(repr(row).encode())
        rows.append({"document_id": document_id, "attribution_key": key.hexdigest()[:16]})
    return pl.DataFrame(rows, schema={"document_id": pl.String(), "attribution_key": pl.String()})


def _rows_as_text(frame: pl.DataFrame, order: str | None) -> dict[str, str]:
    """Per document, its rows (every column, in `order`) as one text, for hashing."""
    if frame.is_empty():
        return {}
    columns = sorted(frame.columns)
    ordered = frame.sort(["document_id", order] if order else columns)
    as_text = ordered.select(
        "document_id",
        pl.concat_str([_as_text(c, frame.schema[c]) for c in columns], separator="|").alias("row"),
    )
    grouped = as_text.group_by("document_id", maintain_order=True).agg(pl.col("row").str.join("\n"))
    return dict(grouped.iter_rows())


def _as_text(column: str, dtype: pl.DataType) -> pl.Expr:
    if isinstance(dtype, pl.List):
        value = pl.col(column).list.eval(pl.element().cast(pl.String)).list.join(",")
    else:
        value = pl.col(column).cast(pl.String)
    return value.fill_null("∅")
