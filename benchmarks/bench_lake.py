"""Publishing into a DuckLake on PostgreSQL against publishing the DuckDB file.

    python benchmarks/bench_lake.py [--n 1000] >> benchmarks/RESULTS.md

Builds N generated documents (benchmarks/bench_build.py's family: fiscal years 令和4, 5, …)
with `dbt build` into a temporary folder, then times, each the fastest of three runs:
  * the file: `replace_published` (copy the build, keep the published schemas, rename);
  * the lake: `publish_to_lake` into a fresh lake (its catalog a new database of a real
    PostgreSQL started for the run, as the tests start it; its data a new folder), and
    again into the same lake (the issuer's rows replaced: the next build's publish);
  * reading: one aggregate over fct_budget_line from the file and from the lake.
Prints a Markdown section.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "python"))
sys.path.insert(0, str(REPO / "benchmarks"))

import duckdb  # noqa: E402
from bench_build import DOCUMENT, generated_document  # noqa: E402

from core import config  # noqa: E402
from serving.lake import connect, publish_to_lake  # noqa: E402
from serving.publish import replace_published  # noqa: E402

BIN = Path(sys.executable).parent
QUERY = "select fiscal_year, count(*), sum(budget_thousand_yen) from {}fct_budget_line group by 1"


def fastest(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def build(work: Path, n: int) -> Path:
    """N documents built and published into the default warehouse file in `work`."""
    docs = work / "docs"
    docs.mkdir(parents=True)
    text = DOCUMENT.read_text(encoding="utf-8")
    for index in range(n):
        (docs / f"doc_{index:04d}.txt").write_text(generated_document(text, index), "utf-8")
    published = work / config.DEFAULT_WAREHOUSE
    env = {
        **os.environ,
        config.DOCS_ENV: str(docs),
        config.WAREHOUSE_ENV: str(published),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    env.pop(config.LAKE_ENV, None)
    done = subprocess.run(
        [str(BIN / "dbt"), "build", "--target-path", str(work / "target")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"dbt build failed: {done.stdout[-2000:]}")
    return published


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000, help="documents to build and publish")
    n = parser.parse_args().n
    from postgres_server import postgres

    with tempfile.TemporaryDirectory() as folder, postgres() as server:
        work = Path(folder)
        published = build(work, n)
        build_file = config.build_path(published)
        with duckdb.connect(str(published), read_only=True) as con:
            (rows,) = con.execute("select count(*) from marts.fct_budget_line").fetchone()
        copy = work / "copy" / config.DEFAULT_WAREHOUSE
        file_s = fastest(lambda: replace_published(build_file, copy))
        size = published.stat().st_size
        first, again = [], []
        for attempt in range(3):
            attach = f"ducklake:postgres:{server.database(f'bench_{attempt}')}"
            data = work / f"lake_{attempt}"
            data.mkdir()
            start = time.perf_counter()
            publish_to_lake(published, attach, f"{data}/")
            first.append(time.perf_counter() - start)
            start = time.perf_counter()
            publish_to_lake(published, attach, f"{data}/")
            again.append(time.perf_counter() - start)
        lake_bytes = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
        with duckdb.connect(str(published), read_only=True) as con:
            file_read = fastest(lambda: con.execute(QUERY.format("marts.")).fetchall())
        con = connect(attach, read_only=True)
        lake_read = fastest(lambda: con.execute(QUERY.format("lake.marts.")).fetchall())
        con.close()
    today = dt.date.today().isoformat()
    print(f"\n## Publishing into the lake (benchmarks/bench_lake.py, {today})\n")
    print(
        f"{n} documents ({rows:,} line items) built once; each figure the fastest of three "
        f"runs on this machine (2 cores). The lake: DuckLake {duckdb.__version__} with its "
        "catalog in a PostgreSQL started for the run (Unix socket) and its data in Parquet "
        "files in a local folder.\n"
    )
    print("| publish | s |")
    print("|---|---:|")
    print(
        f"| the file: copy, keep the published schemas, rename ({size / 2**20:.0f} MiB) "
        f"| {file_s:.2f} |"
    )
    print(f"| the lake, first publish (tables made) | {min(first):.2f} |")
    print(f"| the lake, the next publish (the issuer's rows replaced) | {min(again):.2f} |")
    print(
        f"\nThe lake's data folder after two publishes: {lake_bytes / 2**20:.0f} MiB "
        "(the replaced rows' files stay until the lake's files are cleaned up: "
        "time travel reads them)."
    )
    print(
        f"\nReading one aggregate over fct_budget_line: the file {file_read * 1000:.0f} ms, "
        f"the lake {lake_read * 1000:.0f} ms."
    )


if __name__ == "__main__":
    main()
