"""The benchmark's generated documents are real members of the family (the benchmark
itself runs with `make bench`, not in the test suite)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, document_text

from loaders.document import parse_document

spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" / "bench_build.py")
assert spec and spec.loader
bench_build = importlib.util.module_from_spec(spec)
sys.modules["bench_build"] = bench_build
spec.loader.exec_module(bench_build)


@pytest.mark.parametrize(
    ("index", "year", "grand_total"),
    [(0, 2022, "65,471,129"), (1, 2023, "130,942,258"), (1000, 3022, "130,942,258")],
)
def test_generated_documents_have_their_own_year_and_consistent_totals(
    index: int, year: int, grand_total: str
) -> None:
    text = bench_build.generated_document(document_text(), index)
    doc = parse_document(text.encode("utf-8"), f"doc_{index}.txt")
    assert doc.fiscal_year == year
    totals = [r for r in doc.parsed.rows if r.row_kind == "合計"]
    assert totals[0].cell_text.split()[0] == grand_total
    items = [r for r in doc.parsed.rows if r.row_kind == "line_item"]
    assert len(items) == 136


LOG = """\
\x1b[0m20:03:02.793385 [info ] [MainThread]: Running with dbt=1.11.16
\x1b[0m20:03:03.100000 [info ] [MainThread]: Registered adapter: duckdb=1.11.1
\x1b[0m20:03:07.419353 [info ] [MainThread]: Found 21 models, 141 data tests, 6 seeds
\x1b[0m20:03:07.437219 [info ] [MainThread]: Concurrency: 4 threads (target='dev')
\x1b[0m20:03:08.206810 [info ] [Thread-1 (]: 1 of 171 START sql view model staging.a [RUN]
\x1b[0m20:03:09.000000 [info ] [Thread-2 (]: 1 of 171 OK created sql view model staging.a
\x1b[0m20:03:09.000100 [debug] [Thread-2 (]: Finished running node model.shisaku.a
\x1b[0m20:03:17.255262 [info ] [MainThread]: Finished running 1 incremental model in 9.82s.
"""


@pytest.mark.parametrize("earlier_builds", [0, 2])
def test_build_phases_come_from_the_dbt_log(tmp_path, earlier_builds: int) -> None:
    """The last invocation's phases, also when earlier builds wrote to the same log."""
    (tmp_path / "logs").mkdir()
    # an earlier build whose parse took 1 s, not 4.6 s
    earlier = LOG.replace("20:03:07.419353", "20:03:03.793385").replace("\x1b[0m20:", "\x1b[0m19:")
    (tmp_path / "logs" / "dbt.log").write_text(earlier * earlier_builds + LOG, encoding="utf-8")
    phases = bench_build.phases(tmp_path, wall_s=16.0)
    assert phases.parse_s == pytest.approx(4.626, abs=1e-3)
    assert phases.load_s == pytest.approx(0.770, abs=1e-3)
    assert phases.nodes_s == pytest.approx(9.048, abs=1e-3)
    assert phases.other_s == pytest.approx(16.0 - 4.626 - 0.770 - 9.048, abs=1e-3)


TWO_PROCESSES = """
import subprocess, sys, time
held = bytearray(160 * 2**20)
for i in range(0, len(held), 4096):
    held[i] = 1
child = subprocess.Popen([sys.executable, "-c", '''
import time
held = bytearray(160 * 2**20)
for i in range(0, len(held), 4096):
    held[i] = 1
time.sleep(1.5)
'''])
child.wait()
"""


def test_peak_memory_is_the_whole_process_tree() -> None:
    import subprocess

    out = subprocess.run(
        [sys.executable, str(bench_build.MEASURE), sys.executable, "-c", TWO_PROCESSES],
        capture_output=True,
        text=True,
        check=True,
    )
    code, _, peak_kib = out.stdout.split()
    assert code == "0"
    # each process alone holds about 170 MiB; together more than 320 MiB
    assert int(peak_kib) > 320 * 1024


def test_the_pdf_benchmark_reads_the_sample_with_each_library(tmp_path) -> None:
    """bench_pdf.py runs (one repetition: the sample and the generated styles) and counts
    the ○ PDFium's bare loop and the reader's glyph source read: every one the sample
    prints."""
    import json
    import subprocess
    import sys

    from conftest import REPO

    from loaders.pdf import read_pdf

    truth_file = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid_truth.json"
    flags = ("is_new", "is_priority", "is_key_result")

    done = subprocess.run(
        [sys.executable, "benchmarks/bench_pdf.py", "--repeat", "1", "--work", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    row = next(line for line in done.stdout.splitlines() if line.startswith("| sample"))
    flag_marks = sum(t[f] for t in json.loads(truth_file.read_text())["items"] for f in flags)
    parsed = read_pdf(
        (REPO / "tests" / "data" / truth_file.name.replace("_truth.json", ".pdf")).read_bytes(),
        "s.pdf",
    ).parsed
    marks = sum(1 for cells in parsed.printed_cells.values() for c in cells if c.text == "○")
    assert marks > flag_marks  # the 21財団 column prints ○ too
    assert row.split("|")[-2].strip() == f"{marks:,} / {marks:,}", row
    assert "the reader takes" in done.stdout
