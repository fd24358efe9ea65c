"""Attribution speed: the FY2022 document, and how time grows with lines per pillar.

    python benchmarks/bench_attribution.py [--warehouse FILE] [--repeat 5]

Reads the inputs of `int_budget_lines_attributed` from a built warehouse (run
`make build` first), times the solver with its uniqueness proofs, then times synthetic
single pillars of growing size. Prints a Markdown section; `make bench` appends it to
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from pathlib import Path

import duckdb

from attribution.frames import attribute_frame, ranks_from_seed
from attribution.solver import Line, Total, attribute, patterns_for, split_of
from core import config

RANKS = ranks_from_seed(
    Path(__file__).resolve().parents[1] / "seeds" / "funding_plausibility.csv",
    ("national", "other", "general"),
)


def time_document(warehouse: str, repeat: int) -> tuple[list[float], dict[str, int]]:
    with duckdb.connect(warehouse, read_only=True) as con:
        lines = con.sql("select * from intermediate.int_budget_lines_corrected").pl()
        totals = con.sql(
            "select * from intermediate.int_table_rows_pivoted where row_kind != 'line_item'"
        ).pl()
        amount_columns = con.sql("select * from intermediate.int_amount_columns").pl()
        overrides = con.sql(
            "select * from intermediate.int_funding_overrides_checked where failure is null"
        ).pl()
        plausibility = con.sql("select * from staging.funding_plausibility").pl()
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = attribute_frame(lines, totals, amount_columns, overrides, plausibility)
        times.append(time.perf_counter() - start)
    assert result is not None
    counts = dict(result.group_by("funding_status").len().iter_rows())
    return times, counts


def synthetic_pillar(n: int, seed: int) -> tuple[list[Line], list[Total]]:
    """n lines with document-like figures (1 or 2 printed, rarely 3), totals from a truth."""
    rng = random.Random(seed)
    lines, truth = [], []
    for key in range(n):
        count = rng.choices([1, 2, 3], weights=[55, 42, 3])[0]
        figures = tuple(int(10 ** rng.uniform(2.3, 5.5)) for _ in range(count))
        lines.append(Line(key, figures))
        truth.append(split_of(figures, rng.choice(patterns_for(count, 3)), 3))
    stated = (sum(t[0] for t in truth), sum(t[1] for t in truth), sum(t[2] for t in truth))
    return lines, [Total(("pillar", 1), tuple(range(n)), stated)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", default=str(config.warehouse_path()))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="10,20,40,80,160")
    args = parser.parse_args()

    print("\n## Funding attribution (benchmarks/bench_attribution.py)\n")
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}.")
    times, counts = time_document(args.warehouse, args.repeat)
    print(
        f"\nThe shipped document: attribution {statistics.median(times):.3f} s median, "
        f"{min(times):.3f} s min over {args.repeat} runs; statuses {counts}\n"
    )
    print("Synthetic single pillars of growing size (document-like figures):\n")
    print("| lines in one pillar | median s (3 seeds) | derived | inferred | unproven |")
    print("|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        runs, statuses = [], {"derived": 0, "inferred": 0, "unproven": 0}
        for seed in range(3):
            lines, totals = synthetic_pillar(n, seed)
            start = time.perf_counter()
            results = attribute(lines, totals, RANKS, columns=3)
            runs.append(time.perf_counter() - start)
            for r in results.values():
                if r.proof == "unproven":
                    statuses["unproven"] += 1
                elif r.status in statuses:
                    statuses[r.status] += 1
        print(
            f"| {n} | {statistics.median(runs):.3f} | {statuses['derived']} | "
            f"{statuses['inferred']} | {statuses['unproven']} |"
        )


if __name__ == "__main__":
    main()
