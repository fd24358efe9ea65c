"""Only a complete `dbt build` whose every node passed publishes; `make publish` refuses
anything else; the published file holds exactly the schemas the README documents; bad
set-ups fail in one line and leave the published warehouse as it was."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
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


def finished_pid() -> int:
    """The pid of a process that has ended (what a publish killed mid-way leaves behind)."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(finished.stdout)


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
    dead_pid = finished_pid()
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


def test_a_held_lock_is_named_in_one_line_and_nothing_is_published(
    site: tuple[Path, Path, Path],
) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    (docs / "r05.txt").write_text(variants.with_fiscal_year(document_text(), 5), "utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print('open', flush=True); time.sleep(120)",
            str(build_path(warehouse)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run_dbt(["build"], docs, warehouse, work)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert f"is locked by {sys.executable}" in result.stdout or "is locked by " in result.stdout
    assert f"(PID {holder.pid})" in result.stdout, result.stdout[-2000:]
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) < 20, result.stdout
    assert sha256(warehouse) == before


def test_a_second_build_while_one_runs_is_refused_in_one_line(
    site: tuple[Path, Path, Path],
) -> None:
    docs, warehouse, work = site
    (docs / "r05.txt").write_text(variants.with_fiscal_year(document_text(), 5), "utf-8")
    env = {**os.environ, "SHISAKU_DOCS": str(docs), "SHISAKU_WAREHOUSE": str(warehouse)}
    first = subprocess.Popen(
        [str(Path(sys.executable).parent / "dbt"), "build", "--target-path", str(work / "t1")],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert first.stdout is not None
    seen = []
    for line in first.stdout:  # the loader has run: the first build holds the file
        seen.append(line)
        if "shisaku loader:" in line:
            break
    # paused while it holds the build file, so the second build surely meets it
    first.send_signal(signal.SIGSTOP)
    try:
        second = run_dbt(["build"], docs, warehouse, work)
    finally:
        first.send_signal(signal.SIGCONT)
    rest = first.stdout.read()
    assert first.wait() == 0, "".join(seen) + rest[-3000:]
    assert second.returncode != 0
    assert "is locked by" in second.stdout and "Traceback" not in second.stdout
    assert "published" not in second.stdout.replace("unpublished", "")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_document").fetchone() == (2,)


def namespace_with(setup: str) -> list[str]:
    """A wrapper that runs a command in a private mount namespace after `setup` (shell),
    so mounts made for a test are seen by nothing else."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare (a mount namespace) to make a folder read-only")
    return ["unshare", "--mount", "sh", "-c", f'{setup} && exec "$@"', "sh"]


def test_a_read_only_publish_folder_is_refused_before_building(
    site: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    docs, warehouse, work = site
    before = sha256(warehouse)
    elsewhere = tmp_path / "build"
    shutil.move(work / ".build", elsewhere)
    (work / ".build").symlink_to(elsewhere, target_is_directory=True)
    wrapper = namespace_with(f"mount --bind {work} {work} && mount -o remount,ro,bind {work}")
    result = run_dbt(["build"], docs, warehouse, tmp_path / "dbt", wrapper=wrapper)
    assert result.returncode != 0
    assert f"shisaku: {work}: the folder of the published warehouse is not writable" in (
        result.stdout
    ), result.stdout[-2000:]
    assert "START" not in result.stdout, "refused before any node runs"
    assert sha256(warehouse) == before


def test_a_full_disk_at_publish_says_so_and_keeps_the_old_warehouse(
    site: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    docs, warehouse, work = site
    (docs / "r05.txt").write_text(variants.with_fiscal_year(document_text(), 5), "utf-8")
    before = sha256(warehouse)
    # a folder on a device that holds the published file and not much more
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    size = warehouse.stat().st_size + (1 << 20)
    setup = (
        f"mount -t tmpfs -o size={size} tmpfs {tiny} && cp {warehouse} {tiny}/ "
        f"&& ln -s {work / '.build'} {tiny}/.build"
    )
    # the published file and what is left of the folder, read inside the namespace
    after = f"; sha256sum {tiny}/warehouse.duckdb; ls -a {tiny}"
    wrapper = namespace_with(setup)
    wrapper[4] = f'{setup} && "$@"; status=$?{after}; exit $status'
    result = run_dbt(["build"], docs, tiny / "warehouse.duckdb", tmp_path / "dbt", wrapper=wrapper)
    assert result.returncode != 0
    assert f"publish failed: no space left on the device of {tiny}" in result.stdout, result.stdout[
        -3000:
    ]
    assert "keyboard interrupt" not in result.stdout and "Errno" not in result.stdout
    assert f"{before}  {tiny}/warehouse.duckdb" in result.stdout, "the old warehouse is intact"
    assert ".publishing" not in result.stdout, "no partial copy is left"


def test_a_stale_write_ahead_log_of_a_killed_publish_is_removed(
    site: tuple[Path, Path, Path],
) -> None:
    _, warehouse, _ = site
    stale = warehouse.with_name(f".{warehouse.name}.{finished_pid()}.publishing.wal")
    stale.write_bytes(b"a log DuckDB would replay into the next copy of this name")
    result = serving_publish(warehouse)
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    # the same pid publishing again finds no log of its own name either
    own = warehouse.with_name(f".{warehouse.name}.{os.getpid()}.publishing.wal")
    own.write_bytes(b"\x00garbage")
    from serving.publish import publish

    publish(build_path(warehouse), warehouse)
    assert not own.exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_document").fetchone() == (1,)


@pytest.mark.parametrize("name", ["marts.duckdb", "raw.duckdb", "system.db", "TEMP.duckdb"])
def test_a_warehouse_named_like_a_schema_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / DOCUMENT.name).write_bytes(DOCUMENT.read_bytes())
    warehouse = tmp_path / name
    result = run_dbt(["build"], docs, warehouse, tmp_path)
    assert result.returncode != 0
    assert "queries such as marts.fct_budget_line would be ambiguous" in result.stdout
    assert "START" not in result.stdout
    refused = serving_publish(warehouse)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "would be ambiguous" in refused.stderr
    assert not warehouse.exists()
