"""Warehouse rows in, attributed rows out: the bridge between dbt and the solver.

Per document, the solver gets one constraint set per pillar:
* 小計: the pillar's lines without reposts sum to the printed 小計, per column;
* 〃 (再掲含む。) minus 小計: the originals of the pillar's reposts sum to the
  difference (a repost carries its original's split, so it is not a separate unknown).
The 合計 is the sum of the 小計 (a dbt test checks the printed figures say so), so it
adds no constraint of its own and would only tie every pillar into one problem.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl

from attribution.solver import Line, LineResult, Split, Total, attribute, ranks_from_rows
from core.parallel import map_documents
from core.version import code_hash

# The warehouse's funding columns (wide, three sources) until funding lands as rows.
COLUMNS = ("national", "other", "general")

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "document_id": pl.String(),
    "line_seq": pl.Int32(),
    "national_thousand_yen": pl.Int64(),
    "other_thousand_yen": pl.Int64(),
    "general_thousand_yen": pl.Int64(),
    "funding_status": pl.String(),
    "funding_proof": pl.String(),
}


def ranks_from_seed(path: Path) -> dict[tuple[int, ...], int]:
    """Plausibility ranks read straight from seeds/funding_plausibility.csv."""
    with path.open(encoding="utf-8") as handle:
        return ranks_from_rows(
            ((row["pattern"], int(row["plausibility_rank"])) for row in csv.DictReader(handle)),
            COLUMNS,
        )


def _split(row: dict[str, Any]) -> Split:
    return (
        int(row["national_thousand_yen"]),
        int(row["other_thousand_yen"]),
        int(row["general_thousand_yen"]),
    )


def _figures(row: dict[str, Any]) -> tuple[int, ...]:
    count = int(row["printed_funding_count"])
    return tuple(int(row[f"funding_figure_{i}_thousand_yen"]) for i in range(1, count + 1))


def attribute_document(
    lines: list[dict[str, Any]],
    totals: list[dict[str, Any]],
    overrides: dict[str, Split],
    ranks: dict[tuple[int, ...], int],
) -> list[dict[str, Any]]:
    """One document's lines (dicts as in int_budget_lines_classified) -> attributed rows."""
    solver_lines: list[Line] = []
    members: dict[int, list[int]] = defaultdict(list)
    repost_originals: dict[int, list[int]] = defaultdict(list)
    for row in sorted(lines, key=lambda r: r["line_seq"]):
        seq, pillar = int(row["line_seq"]), int(row["pillar_no"])
        if row["is_repost"]:
            if row["original_line_seq"] is not None:
                repost_originals[pillar].append(int(row["original_line_seq"]))
            continue
        budget = row["budget_thousand_yen"]
        solver_lines.append(
            Line(
                seq,
                _figures(row),
                overrides.get(row["project_key"]),
                group=pillar,
                budget=None if budget is None else int(budget),
            )
        )
        members[pillar].append(seq)
    subtotals = {int(t["pillar_no"]): _split(t) for t in totals if t["total_kind"] == "小計"}
    solver_totals = [
        Total(("小計", pillar), tuple(members[pillar]), stated, group=pillar)
        for pillar, stated in sorted(subtotals.items())
    ]
    for t in totals:
        if t["total_kind"] != "再掲含む" or int(t["pillar_no"]) not in subtotals:
            continue
        pillar = int(t["pillar_no"])
        with_reposts, without = _split(t), subtotals[pillar]
        difference: Split = (
            with_reposts[0] - without[0],
            with_reposts[1] - without[1],
            with_reposts[2] - without[2],
        )
        solver_totals.append(
            Total(("再掲含む", pillar), tuple(repost_originals[pillar]), difference, group=pillar)
        )
    results = attribute(solver_lines, solver_totals, ranks, columns=len(COLUMNS))
    rows = []
    for row in lines:
        seq = int(row["line_seq"])
        key = int(row["original_line_seq"]) if row["is_repost"] else seq
        result = results.get(key) if key is not None else None
        if result is None:
            result = LineResult(None, "unresolved", "unproven")
        split = result.split or (None, None, None)
        rows.append(
            {
                "document_id": row["document_id"],
                "line_seq": seq,
                **{f"{c}_thousand_yen": v for c, v in zip(COLUMNS, split, strict=True)},
                "funding_status": result.status,
                "funding_proof": result.proof,
            }
        )
    return rows


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
    "printed_funding_count",
    "funding_figure_1_thousand_yen",
    "funding_figure_2_thousand_yen",
    "funding_figure_3_thousand_yen",
)


def attribute_frame(
    lines: pl.DataFrame,
    totals: pl.DataFrame,
    overrides: pl.DataFrame,
    plausibility: pl.DataFrame,
) -> pl.DataFrame:
    """Every document of the warehouse, attributed. Overrides are those
    int_funding_overrides_checked found to fit their line, which names its document."""
    ranks = ranks_from_rows(
        (
            (row["pattern"], int(row["plausibility_rank"]))
            for row in plausibility.iter_rows(named=True)
        ),
        COLUMNS,
    )
    override_by_document: dict[str, dict[str, Split]] = defaultdict(dict)
    for row in overrides.iter_rows(named=True):
        override_by_document[str(row["document_id"])][row["project_key"]] = _split(row)
    totals_by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in totals.iter_rows(named=True):
        totals_by_doc[row["document_id"]].append(row)
    jobs = []
    for (document_id,), group in lines.select(LINE_COLUMNS).group_by(
        ["document_id"], maintain_order=True
    ):
        doc_lines = list(group.iter_rows(named=True))
        jobs.append(
            (
                doc_lines,
                totals_by_doc[str(document_id)],
                override_by_document[str(document_id)],
                ranks,
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
    overrides: pl.DataFrame,
    plausibility: pl.DataFrame,
) -> pl.DataFrame:
    """Per document, a key of everything its attribution reads: its lines as the solver
    sees them (after errata), its printed totals, the overrides of its lines, the
    plausibility ranks and the solver code. A document whose key is unchanged need not
    be redone; any change upstream (a new erratum, a re-parsed document) changes it."""
    shared = hashlib.sha256(solver_version().encode())
    for row in plausibility.sort(plausibility.columns).iter_rows():
        shared.update(repr(row).encode())
    line_text = _rows_as_text(lines.select(LINE_COLUMNS), "line_seq")
    total_text = _rows_as_text(totals, "total_seq" if "total_seq" in totals.columns else None)
    rows = []
    for (document_id,) in lines.select("document_id").unique().sort("document_id").iter_rows():
        key = shared.copy()
        key.update(str(document_id).encode())
        key.update(line_text.get(document_id, "").encode())
        key.update(total_text.get(document_id, "").encode())
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
        pl.concat_str(
            [pl.col(c).cast(pl.String).fill_null("∅") for c in columns], separator="|"
        ).alias("row"),
    )
    grouped = as_text.group_by("document_id", maintain_order=True).agg(pl.col("row").str.join("\n"))
    return dict(grouped.iter_rows())
