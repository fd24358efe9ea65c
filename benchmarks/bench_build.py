"""Build cost from one document to many, beside dbt's own floor. Writes benchmarks/RESULTS.md.

    python benchmarks/bench_build.py [--n 1,10,100] [--out benchmarks/RESULTS.md]

For each N it generates N documents of the family from the shipped one (fiscal years
令和4, 5, …; every figure scaled by 1, 2 or 3 so the totals stay consistent), then, in a
temporary folder and each in a fresh process:
  * loading: the loader CLI into an empty DuckDB file;
  * whole: a full `dbt build` from nothing (it loads, attributes, tests and publishes);
    the attribution step is the `int_budget_lines_attributed` node's own time;
  * incremental: one more document added, `dbt build` again.
Wall time is measured around each process; peak memory is the largest resident memory of
its whole process tree (worker processes included), see benchmarks/measure.py.
A minimal dbt-duckdb project with one model, built the same way, is the yardstick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import config

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = REPO / "data" / "raw" / "r04_chusho_kigyo_shinko_shisaku.txt"
BIN = Path(sys.executable).parent
AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*$")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
MEASURE = Path(__file__).resolve().parent / "measure.py"
# Whole builds of at most this many documents (and the yardstick) are run --repeat times
# and the median is reported: single runs on this machine vary by up to 30 %.
REPEAT_UP_TO = 10


def generated_document(text: str, index: int) -> str:
    """Document `index`: fiscal year 令和(4+index), every amount scaled by 1 + index % 3."""
    factor = 1 + index % 3
    year = str(4 + index).translate(FULL_WIDTH)

    def scale(token: str) -> str:
        return f"{int(token.replace(',', '')) * factor:,}" if AMOUNT.match(token) else token

    lines = [" ".join(scale(t) for t in line.split(" ")) for line in text.split("\n")]
    return "\n".join(lines).replace("令和４年度", f"令和{year}年度")


@dataclass
class Run:
    wall_s: float
    max_rss_mib: float


def measure(args: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run a command in a fresh process; wall time and peak memory of its process tree."""
    out = subprocess.run(
        [sys.executable, str(MEASURE), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, wall, rss = out.stdout.split()
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(args)} exited {code}")
    return Run(float(wall), int(rss) / 1024)


def load_command(docs: Path, warehouse: Path) -> list[str]:
    """The loader alone (parse and land a folder), as the build's loading phase runs it."""
    return [
        sys.executable,
        "-m",
        "loaders",
        "load",
        "--docs",
        str(docs),
        "--warehouse",
        str(warehouse),
    ]


def dbt_args(work: Path) -> list[str]:
    return [
        str(BIN / "dbt"),
        "build",
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]


NodeResults = list[dict[str, Any]]


def node_results(work: Path) -> NodeResults:
    """The per-node results of the last build in `work` (dbt's run_results.json)."""
    return json.loads((work / "target" / "run_results.json").read_text())["results"]


def node_time(results: NodeResults, name: str) -> float:
    return sum(r["execution_time"] for r in results if r["unique_id"].endswith(f".{name}"))


def slowest_nodes(results: NodeResults, count: int = 5) -> list[tuple[str, float]]:
    """The slowest nodes, then all nodes together (their times add up across threads)."""
    ranked = sorted(results, key=lambda r: -r["execution_time"])[:count]
    by_kind: dict[str, float] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        by_kind[kind] = by_kind.get(kind, 0.0) + r["execution_time"]
    kinds = ", ".join(f"{kind} {secs:.1f} s" for kind, secs in sorted(by_kind.items()))
    return [(node_name(r["unique_id"]), r["execution_time"]) for r in ranked] + [
        (
            f"all {len(results)} nodes together, summed over threads ({kinds})",
            sum(r["execution_time"] for r in results),
        )
    ]


def node_counts(results: NodeResults) -> tuple[int, int]:
    """How many nodes a build ran, and how many of them were data tests."""
    tests = sum(1 for r in results if r["unique_id"].startswith("test."))
    return len(results), tests


def node_name(unique_id: str) -> str:
    """A generic test's id ends in a hash; its readable name is the part before."""
    parts = unique_id.split(".")
    return parts[2] if parts[0] == "test" and len(parts) > 3 else parts[-1]


@dataclass
class Phases:
    """Where one `dbt build` spent its wall time, from the timestamps in its dbt.log."""

    parse_s: float  # "Running with dbt" -> "Found N models …" (full parse: no saved manifest)
    load_s: float  # "Concurrency" -> first node starts (the loader plugin runs here)
    nodes_s: float  # first node starts -> "Finished running" (models, tests, on-run-end)
    other_s: float  # the rest: Python start-up, imports, exit


LOG_TIME = re.compile(r"(\d\d):(\d\d):(\d\d\.\d+) \[\w+ *\] \[[^]]+\]: (.*)$")


def phases(work: Path, wall_s: float) -> Phases:
    """The phases of the last dbt invocation in work/logs/dbt.log (a warm build appends
    to the log of the build before it)."""
    marks: dict[str, float] = {}
    for line in (work / "logs" / "dbt.log").read_text(encoding="utf-8").splitlines():
        match = LOG_TIME.search(line)
        if not match:
            continue
        hours, minutes, seconds, message = match.groups()
        at = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        if message.startswith("Running with dbt"):
            marks = {}  # a later invocation: its marks replace the earlier one's
        for mark, prefix in (
            ("running", "Running with dbt"),
            ("found", "Found "),
            ("concurrency", "Concurrency:"),
            ("first", "1 of "),
            ("finished", "Finished running "),
        ):
            # debug lines say "Finished running node …" for each node; the summary
            # line says "Finished running 3 table models, …"
            if message.startswith(prefix) and not message.startswith("Finished running node"):
                marks.setdefault(mark, at)
    parse = marks["found"] - marks["running"]
    load = marks["first"] - marks["concurrency"]
    nodes = marks["finished"] - marks["first"]
    return Phases(parse, load, nodes, wall_s - parse - load - nodes)


def fresh(work: Path) -> None:
    """Nothing left from an earlier build: no warehouse, build file, manifest or log."""
    for name in ("target", "logs", ".build"):
        shutil.rmtree(work / name, ignore_errors=True)
    for path in work.glob("*.duckdb"):
        path.unlink()


def median_build(
    work: Path, env: dict[str, str], cwd: Path, repeat: int, *, cold: bool = True
) -> tuple[Run, Phases, NodeResults]:
    """`dbt build`, `repeat` times: from nothing (cold), or again with nothing changed as a
    user gets it (warm: the saved manifest is used, partial parsing; the documents are
    unchanged). The run with the median wall time, with its own phases and node results."""
    runs = []
    for _ in range(repeat):
        if cold:
            fresh(work)
        run = measure(dbt_args(work), env, cwd)
        runs.append((run, phases(work, run.wall_s), node_results(work)))
    runs.sort(key=lambda built: built[0].wall_s)
    return runs[len(runs) // 2]


def yardstick(root: Path, repeat: int) -> tuple[Run, Phases, Run, Phases]:
    """dbt's floor: a dbt-duckdb project with one model, built the same way."""
    project = root / "minimal"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text(
        "name: minimal\nversion: '1.0'\nconfig-version: 2\nprofile: minimal\n"
    )
    (project / "profiles.yml").write_text(
        "minimal:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n"
        f"      path: {project / 'minimal.duckdb'}\n      threads: 4\n"
    )
    (project / "models" / "one.sql").write_text("select 1 as one\n")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    measure(dbt_args(project), env, project)  # warm the file-system cache once
    run, run_phases, _ = median_build(project, env, project, repeat)
    warm, warm_phases, _ = median_build(project, env, project, repeat, cold=False)
    return run, run_phases, warm, warm_phases


@dataclass
class Result:
    n: int
    load: Run
    whole: Run
    whole_phases: Phases
    warm: Run
    warm_phases: Phases
    attribution_s: float
    incremental: Run
    incremental_attribution_s: float
    slowest: list[tuple[str, float]]
    nodes: int
    tests: int


def bench(n: int, root: Path, text: str, repeat: int) -> Result:
    work = root / f"n{n}"
    docs = work / "docs"
    docs.mkdir(parents=True)
    for i in range(n):
        (docs / f"doc_{i:04d}.txt").write_text(generated_document(text, i), encoding="utf-8")
    warehouse = work / config.DEFAULT_WAREHOUSE
    env = {
        **os.environ,
        "SHISAKU_DOCS": str(docs),
        "SHISAKU_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    load = measure(load_command(docs, work / "scratch.duckdb"), env, REPO)
    whole, whole_phases, results = median_build(work, env, REPO, repeat if n <= REPEAT_UP_TO else 1)
    attribution = node_time(results, "int_budget_lines_attributed")
    slow = slowest_nodes(results)
    nodes, tests = node_counts(results)
    warm, warm_phases, _ = median_build(
        work, env, REPO, repeat if n <= REPEAT_UP_TO else 1, cold=False
    )
    (docs / f"doc_{n:04d}.txt").write_text(generated_document(text, n), encoding="utf-8")
    incremental = measure(dbt_args(work), env, REPO)
    incremental_attribution = node_time(node_results(work), "int_budget_lines_attributed")
    return Result(
        n,
        load,
        whole,
        whole_phases,
        warm,
        warm_phases,
        attribution,
        incremental,
        incremental_attribution,
        slow,
        nodes,
        tests,
    )


def versions() -> str:
    import dbt.version
    import duckdb
    import polars

    return (
        f"Python {platform.python_version()}, dbt-core {dbt.version.__version__}, "
        f"duckdb {duckdb.__version__}, polars {polars.__version__}"
    )


def machine() -> str:
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB"
    return f"{platform.machine()}, {os.cpu_count()} cores{mem}, {platform.platform()}"


def verdict(ok: bool, measured: float, limit: float) -> str:
    return "met" if ok else f"**missed** by {measured / limit:.2f}×"


def write_results(
    out: Path, floor: tuple[Run, Phases, Run, Phases], rows: list[Result], repeat: int
) -> str:
    floor_run, floor_phases, floor_warm, floor_warm_phases = floor
    one = next((r for r in rows if r.n == 1), rows[0])
    one_whole = one.whole.wall_s
    lines = [
        "# Build benchmarks",
        "",
        f"Written by `make bench` (`benchmarks/bench_build.py`) on {dt.date.today()}.",
        f"Machine: {machine()}. {versions()}.",
        "",
        f"Yardstick: a minimal dbt-duckdb project with one model, `dbt build` from nothing: "
        f"**{floor_run.wall_s:.1f} s**, peak memory {floor_run.max_rss_mib:.0f} MiB. "
        f"Builds of up to {REPEAT_UP_TO} documents and the yardstick: median of {repeat} runs "
        "(single runs here vary by up to 30 %). Peak memory is the whole process tree's "
        "(attribution workers included).",
        "",
        "| documents | line items | loading s | whole build s | attribution s | "
        "peak MiB | × floor | + 1 document s | its attribution s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rss = max(r.load.max_rss_mib, r.whole.max_rss_mib)
        lines.append(
            f"| {r.n} | {136 * r.n:,} | {r.load.wall_s:.1f} | {r.whole.wall_s:.1f} | "
            f"{r.attribution_s:.1f} | {rss:.0f} | {r.whole.wall_s / floor_run.wall_s:.1f} | "
            f"{r.incremental.wall_s:.1f} | {r.incremental_attribution_s:.2f} |"
        )
    lines += [
        "",
        "Phases of the whole build (from dbt.log timestamps): parsing the project (no saved "
        "manifest), loading the documents (the loader plugin, before the first node), running "
        "the nodes (models, tests, on-run-end publish), and the rest (Python start-up, imports, "
        "exit).",
        "",
        "| build | parse s | load s | nodes s | rest s |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, ph in [("yardstick", floor_phases), ("yardstick, warm", floor_warm_phases)] + [
        (f"{r.n} document(s){suffix}", phases_)
        for r in rows
        for suffix, phases_ in (("", r.whole_phases), (", warm", r.warm_phases))
    ]:
        lines.append(
            f"| {label} | {ph.parse_s:.1f} | {ph.load_s:.1f} | {ph.nodes_s:.1f} "
            f"| {ph.other_s:.1f} |"
        )
    lines += ["", "## Targets", ""]
    ratio = one_whole / floor_run.wall_s
    warm_ratio = one.warm.wall_s / floor_warm.wall_s
    lines += [
        "- One document against the minimal project, from the same state (median runs): "
        f"cold (no saved manifest) {one_whole:.1f} s against {floor_run.wall_s:.1f} s = "
        f"{ratio:.2f} × (target ≤ 2 ×: {verdict(ratio <= 2, ratio, 2)}); warm (a second "
        f"build, partial parsing) {one.warm.wall_s:.1f} s against {floor_warm.wall_s:.1f} s = "
        f"{warm_ratio:.2f} × (target ≤ 1.5 ×: {verdict(warm_ratio <= 1.5, warm_ratio, 1.5)}).",
    ]
    for label, ph, base in (
        ("cold", one.whole_phases, floor_phases),
        ("warm", one.warm_phases, floor_warm_phases),
    ):
        lines.append(
            f"  {label.capitalize()}: parsing {ph.parse_s:.1f} s (minimal project "
            f"{base.parse_s:.1f} s), loading the documents {ph.load_s:.1f} s, start-up and exit "
            f"{ph.other_s:.1f} s ({base.other_s:.1f} s), the {one.nodes} nodes ({one.tests} "
            f"data tests) {ph.nodes_s:.1f} s ({base.nodes_s:.1f} s for one model): about "
            f"{1000 * (ph.nodes_s - base.nodes_s) / max(one.nodes - 1, 1):.0f} ms of wall time "
            f"a node beyond the minimal project's on {os.cpu_count()} cores."
        )
    for r in rows:
        if r.n < 100:
            continue
        grow = r.whole.wall_s / one_whole
        rss = r.whole.max_rss_mib
        add = r.incremental.wall_s / one_whole
        lines += [
            f"- {r.n} documents, full build ≤ 6 × one document: {grow:.1f} × — "
            f"{verdict(grow <= 6, grow, 6)}"
            + ("." if r.n == 1000 else " (the target is stated for 1,000)."),
            f"- {r.n} documents, peak memory < 2 GiB: {rss:.0f} MiB — "
            f"{verdict(rss < 2048, rss, 2048)}.",
            f"- Adding one document to {r.n} ≤ 1.5 × one-document build: {add:.2f} × — "
            f"{verdict(add <= 1.5, add, 1.5)}.",
        ]
    for r in (one, rows[-1]) if rows[-1] is not one else (one,):
        lines += [
            "",
            f"## Where the time goes ({r.n} document(s), full build {r.whole.wall_s:.1f} s)",
            "",
        ]
        lines += [f"- `{name}`: {secs:.1f} s" for name, secs in r.slowest]
    text = "\n".join(lines) + "\n"
    out.write_text(text, encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", default="1,10,100", help="document counts, e.g. 1,10,100,1000")
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "RESULTS.md"))
    parser.add_argument(
        "--repeat", type=int, default=3, help=f"runs of builds of <= {REPEAT_UP_TO} documents"
    )
    args = parser.parse_args()
    text = DOCUMENT.read_text(encoding="utf-8")
    root = Path(tempfile.mkdtemp(prefix="shisaku-bench-"))
    try:
        floor = yardstick(root, args.repeat)
        print(f"yardstick: {floor[0].wall_s:.1f} s", flush=True)
        rows = []
        for n in (int(v) for v in args.n.split(",")):
            rows.append(bench(n, root, text, args.repeat))
            print(f"N={n}: whole {rows[-1].whole.wall_s:.1f} s", flush=True)
        print(write_results(Path(args.out), floor, rows, args.repeat))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
