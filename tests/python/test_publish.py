"""Only a complete `dbt build` whose every node passed publishes; `make publish` refuses
anything else; the published file holds exactly the schemas the README documents; bad
set-ups fail in one line and leave the published warehouse as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import variants
from conftest import DOCUMENT, REPO, build_documents, document_text, run_dbt

from core.config import build_path
from serving.publish import outcome_path, published_relations


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def serving_publish(warehouse: Path) -> subprocess.CompletedProcess[str]:
    """What `make publish` runs."""
    return subprocess.run(
        [sys.executable, "-m", "serving", "--warehouse", str(warehouse), "publish"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A work folder whose last run was a complete, passing build, built twice (the second
    build is incremental and leaves dbt's temporary tables in the build file)."""
    work = tmp_path_factory.mktemp("good")
    result, docs, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-3000:]
    again = run_dbt(["build"], docs, warehouse, work)
    assert again.returncode == 0, again.stdout[-3000:]
    assert f"published {warehouse}" in again.stdout
    return work


@pytest.fixture
def site(good: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the good work folder to change: (docs, published warehouse, work)."""
    work = tmp_path / "site"
    shutil.copytree(good, work, symlinks=True)
    return work / "docs", work / "warehouse.duckdb", work


def typo_document() -> bytes:
    text, _ = variants.with_typo(document_text(), 1, "extra_figure")
    return text.encode()


def test_dbt_run_runs_no_tests_and_does_not_publish(site: tuple[Path, Path, Path]) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    (docs / DOCUMENT.name).write_bytes(typo_document())
    result = run_dbt(["run"], docs, warehouse, work)
    # the marts' contracts refuse the typo's unattributed lines even without tests
    assert "REFUSED fct_budget_line by its contract" in result.stdout, result.stdout[-3000:]
    assert "not published: `dbt run` runs no tests" in result.stdout
    assert sha256(warehouse) == before
    refused = serving_publish(warehouse)
    assert refused.returncode == 1
    assert "not published: `dbt run` runs no tests" in refused.stderr
    assert sha256(warehouse) == before


def test_a_narrowed_build_does_not_publish(site: tuple[Path, Path, Path]) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    text = variants.with_fiscal_year(document_text(), 5)
    (docs / "r05.txt").write_text(text, encoding="utf-8")
    result = run_dbt(["build", "--select", "stg_budget_text__documents"], docs, warehouse, work)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "not published: the build was narrowed (--select stg_budget_text__documents)" in (
        result.stdout
    )
    assert sha256(warehouse) == before
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as con:
        assert con.execute("select count(*) from raw.documents").fetchone() == (2,)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.documents").fetchone() == (1,)
        assert con.execute("select count(*) from marts.dim_document").fetchone() == (1,)
    refused = serving_publish(warehouse)
    assert refused.returncode == 1 and "narrowed" in refused.stderr


def test_make_publish_refuses_a_failed_build(site: tuple[Path, Path, Path]) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    (docs / DOCUMENT.name).write_bytes(typo_document())
    result = run_dbt(["build"], docs, warehouse, work)
    assert result.returncode != 0
    assert "not published:" in result.stdout
    refused = serving_publish(warehouse)
    assert refused.returncode == 1
    assert "did not pass" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert sha256(warehouse) == before


def test_make_publish_refuses_a_build_file_changed_after_its_build(
    site: tuple[Path, Path, Path],
) -> None:
    docs, warehouse, work = site
    assert serving_publish(warehouse).returncode == 0  # the recorded build may go out again
    tested = run_dbt(["test"], docs, warehouse, work)  # writes test_failures into the build
    assert tested.returncode == 0, tested.stdout[-2000:]
    refused = serving_publish(warehouse)
    assert refused.returncode == 1 and "changed since the build" in refused.stderr


def test_a_run_that_dies_leaves_no_record_to_publish(site: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = site
    outcome_path(build_path(warehouse)).unlink()  # what a build killed before its end leaves
    refused = serving_publish(warehouse)
    assert refused.returncode == 1 and "no record of a finished `dbt build`" in refused.stderr


def test_stale_publishing_copies_are_removed(site: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = site
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    stale = warehouse.with_name(f".{warehouse.name}.{dead_pid}.publishing")
    stale.write_bytes(warehouse.read_bytes())  # what a kill -9 during publish leaves
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as alive:
        busy = warehouse.with_name(f".{warehouse.name}.{alive.pid}.publishing")
        busy.write_bytes(b"another publisher's copy, still being written")
        try:
            result = serving_publish(warehouse)
            assert result.returncode == 0, result.stderr
            assert not stale.exists()
            assert busy.exists(), "a live publisher's copy is left alone"
        finally:
            alive.kill()


def test_a_warehouse_name_duckdb_cannot_carry_is_refused_in_one_line(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / DOCUMENT.name).write_bytes(DOCUMENT.read_bytes())
    warehouse = tmp_path / "w'h.duckdb"
    result = run_dbt(["build"], docs, warehouse, tmp_path)
    assert result.returncode != 0
    assert "file name may hold only letters, digits" in result.stdout
    assert "Parser Error" not in result.stdout
    refused = serving_publish(warehouse)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "w'h.duckdb" in refused.stderr
    assert not warehouse.exists()


@pytest.mark.parametrize("case", ["directory", "dangling_symlink", "build_folder_is_a_file"])
def test_set_up_errors_name_their_cause_and_keep_the_published_file(
    site: tuple[Path, Path, Path], case: str
) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    if case == "directory":
        (docs / "sub.txt").mkdir()
        expected = "sub.txt: not a regular file"
    elif case == "dangling_symlink":
        (docs / "b.txt").symlink_to(work / "nowhere.txt")
        expected = "b.txt: a symbolic link to a missing file"
    else:
        shutil.rmtree(work / ".build")
        (work / ".build").write_text("not a folder")
        expected = "cannot create the build folder"
    result = run_dbt(["build"], docs, warehouse, work)
    assert result.returncode != 0
    assert expected in result.stdout, result.stdout[-2000:]
    assert "Catalog Error" not in result.stdout
    assert sha256(warehouse) == before


def documented_schemas() -> set[str]:
    using = (REPO / "docs" / "using.md").read_text(encoding="utf-8")
    line = next(ln for ln in using.splitlines() if ln.startswith("**Published schemas:**"))
    return set(re.findall(r"`([a-z_]+)`", line))


def documented_marts() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `((?:fct|dim)_[a-z_]+)` \|", readme, flags=re.MULTILINE))


def test_the_published_file_holds_exactly_the_documented_schemas(good: Path) -> None:
    warehouse = good / "warehouse.duckdb"
    relations = list(published_relations(warehouse))
    assert {schema for schema, _ in relations} == documented_schemas()
    assert {name for schema, name in relations if schema == "marts"} == documented_marts()
    assert not [name for _, name in relations if "__dbt_tmp" in name]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        schemas = {
            row[0]
            for row in con.execute(
                "select schema_name from duckdb_schemas() "
                "where database_name = current_database() and not internal"
            ).fetchall()
        }
    assert schemas == documented_schemas()  # DuckDB's own `main` is internal, and empty
    # the checks' rows stay in the build file, where the failure report points
    build = build_path(warehouse)
    assert "test_failures" in {schema for schema, _ in published_relations(build)}
    assert not [name for _, name in published_relations(build) if "__dbt_tmp" in name]


def test_the_published_file_is_not_the_build_file(good: Path) -> None:
    warehouse = good / "warehouse.duckdb"
    assert os.stat(warehouse).st_ino != os.stat(build_path(warehouse)).st_ino
