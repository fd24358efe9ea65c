"""`make mutate`: mutation testing of the modules whose logic the fast tests must pin.

Copies the project's code, layouts, data and tests into a scratch folder, runs mutmut
there on each module with the fast tests (no dbt build), and prints per module the
mutants killed (a timeout counts as killed: the tests did not pass) and the survivors.
Exits non-zero when a module scores below TARGET or a survivor is not listed, with its
reason, in docs/mutation.md (a survivor that no test can kill is an equivalent mutant).

    python tools/mutate.py [--keep DIR] [MODULE ...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MODULES = ("attribution/solver.py", "loaders/segment.py", "loaders/layout.py")
FAST_TESTS = (
    "tests/python/test_attribution.py",
    "tests/python/test_segment.py",
    "tests/python/test_cells.py",
    "tests/python/test_layout.py",
    "tests/python/test_document.py",
    # the PDF reader feeds the segmenter's element builder (group labels inline, cells
    # placed by column): the three reading tests that need no dbt build nor LibreOffice
    "tests/python/test_pdf.py::test_the_reader_reads_every_line_of_the_sample_as_printed",
    "tests/python/test_pdf.py::test_generated_pdfs_read_as_drawn",
    "tests/python/test_pdf.py::test_the_second_layout_as_a_pdf_reads_as_drawn",
)
COPIED = ("core", "loaders", "attribution", "layouts", "seeds", "data", "tests", "pyproject.toml")
TARGET = 0.90
EQUIVALENT_LIST = REPO / "docs" / "mutation.md"
# a mutant's name as docs/mutation.md lists it: `loaders.layout.x_parse_layout__mutmut_8`
MUTANT = re.compile(r"`([\w.ǁ]+__mutmut_\d+)`")


def config(module: str) -> str:
    tests = ", ".join(f'"{test}"' for test in FAST_TESTS)
    return f"""
[tool.mutmut]
source_paths = ["loaders", "attribution", "core"]
only_mutate = ["{module}"]
also_copy = ["layouts", "seeds", "data"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]
# a mutant's time limit is 15 x its tests' time plus this: a run also collects the tests
# and imports the compiled solver, which the tests' own times leave out
timeout_constant = 30.0
pytest_add_cli_args_test_selection = [{tests}]
"""


def run_module(module: str, scratch: Path) -> dict[str, str]:
    """mutant name -> status (killed, survived, timeout, …) for one module."""
    work = scratch / Path(module).stem
    work.mkdir(parents=True)
    for part in COPIED:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, work / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, work / part)
    with (work / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(config(module))
    mutmut = str(Path(sys.executable).parent / "mutmut")
    _mutmut(module, work, [mutmut, "run"])
    statuses = _statuses(mutmut, work)
    # A timeout on a busy machine may be no hang at all: each is run again, one at a time.
    timeouts = [name for name, status in statuses.items() if status == "timeout"]
    if timeouts:
        _mutmut(module, work, [mutmut, "run", "--max-children", "1", *timeouts])
        statuses = _statuses(mutmut, work)
    return statuses


def _mutmut(module: str, work: Path, command: list[str]) -> None:
    ran = subprocess.run(command, cwd=work, check=False, capture_output=True, text=True)
    if ran.returncode != 0:
        tail = (ran.stdout + ran.stderr).strip().splitlines()[-1:]
        raise SystemExit(f"{module}: mutmut run failed in {work}: {' '.join(tail)}")


def _statuses(mutmut: str, work: Path) -> dict[str, str]:
    """mutant name -> status, as mutmut recorded them."""
    listed = subprocess.run(
        [mutmut, "results", "--all", "true"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    statuses = {}
    for line in listed.splitlines():
        name, _, status = line.strip().partition(": ")
        if status:
            statuses[name] = status
    return statuses


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("modules", nargs="*", default=list(MODULES))
    parser.add_argument("--keep", help="scratch folder to keep (for `mutmut show` there)")
    args = parser.parse_args(argv)
    listed = set(MUTANT.findall(EQUIVALENT_LIST.read_text(encoding="utf-8")))
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="mutate-"))
    failed = False
    try:
        for module in args.modules:
            statuses = run_module(module, scratch)
            counts = Counter(statuses.values())
            killed = counts["killed"] + counts["timeout"]
            tested = len(statuses) - counts["skipped"] - counts["not checked"]
            score = killed / tested if tested else 0.0
            survivors = sorted(name for name, status in statuses.items() if status == "survived")
            unlisted = [name for name in survivors if name not in listed]
            verdict = "ok" if score >= TARGET and not unlisted else "FAILED"
            print(
                f"{module}: {killed}/{tested} killed ({score:.1%}; target {TARGET:.0%}), "
                f"{len(survivors)} survived, {len(unlisted)} not in docs/mutation.md: {verdict}"
            )
            for name in unlisted:
                print(f"  survived: {name}")
            failed = failed or verdict != "ok"
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
