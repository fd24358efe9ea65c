"""A team's warehouse: a complete, passing build also publishes the marts into a DuckLake on
a real PostgreSQL (Debian's, started by the tests as a non-root user on a Unix socket), one
snapshot a publish, by issuer; readers attach it read-only (serving/lake.py)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import BIN, DOCUMENT, REPO, build_documents, run_dbt
from postgres_server import Server, postgres

from serving.lake import connect, publish_to_lake

IWATE = (
    DOCUMENT.read_text(encoding="utf-8")
    .replace("令和４年度中小企業振興施策一覧", "令和４年度 岩手県 中小企業振興施策一覧")
    .encode("utf-8")
)
AOMORI = DOCUMENT.read_bytes()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with postgres() as running:
        yield running


@pytest.fixture
def lake(server: Server, tmp_path: Path) -> dict[str, str]:
    """A fresh lake: its catalog a new database of the server, its data a new folder."""
    data = tmp_path / "lake_data"
    data.mkdir()
    dsn = server.database(f"lake_{abs(hash(tmp_path.name))}")
    return {"SHISAKU_LAKE": f"ducklake:postgres:{dsn}", "SHISAKU_LAKE_DATA": f"{data}/"}


def snapshots(lake: dict[str, str]) -> list[tuple[int, str | None, str | None]]:
    con = connect(lake["SHISAKU_LAKE"], read_only=True)
    try:
        return con.execute(
            "select snapshot_id, commit_message, commit_extra_info from lake.snapshots() order by 1"
        ).fetchall()
    finally:
        con.close()


def lake_rows(lake: dict[str, str], sql: str) -> list[tuple]:
    con = connect(lake["SHISAKU_LAKE"], read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_build_publishes_every_mart_into_the_lake_in_one_snapshot(
    lake: dict[str, str], tmp_path: Path
) -> None:
    result, _, published = build_documents(tmp_path / "b", {DOCUMENT.name: AOMORI}, extra_env=lake)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "lake snapshot 1" in result.stdout
    # snapshot 0 made the lake; the publish is one snapshot
    (first, _, _), (snapshot, message, info) = snapshots(lake)
    assert (first, snapshot, message) == (0, 1, "publish 青森県")
    documents = json.loads(info)["documents"]
    assert [(d["issuer"], d["file_name"], d["added"]) for d in documents] == [
        ("青森県", DOCUMENT.name, True)
    ]
    con = connect(lake["SHISAKU_LAKE"], read_only=True)
    con.execute(f"attach '{published}' as file (read_only)")
    tables = [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'file' "
            "and schema_name = 'marts' order by 1"
        ).fetchall()
    ]
    assert len(tables) >= 9
    for table in tables:
        # the lake holds what the file holds, row for row
        missing = con.execute(
            f"select count(*) from (select * from file.marts.{table} "
            f"except all select * from lake.marts.{table})"
        ).fetchone()
        extra = con.execute(
            f"select count(*) from (select * from lake.marts.{table} "
            f"except all select * from file.marts.{table})"
        ).fetchone()
        assert (missing, extra) == ((0,), (0,)), table
    assert con.execute("select count(*) from lake.marts.fct_budget_line").fetchone() == (136,)
    con.close()


def test_a_failed_or_narrowed_build_adds_no_snapshot(lake: dict[str, str], tmp_path: Path) -> None:
    result, _, good = build_documents(tmp_path / "good", {DOCUMENT.name: AOMORI}, extra_env=lake)
    assert result.returncode == 0, result.stdout[-3000:]
    before = snapshots(lake)
    misprinted = AOMORI.replace(b"24,349", b"24,350")
    assert misprinted != AOMORI
    result, _, _ = build_documents(tmp_path / "bad", {DOCUMENT.name: misprinted}, extra_env=lake)
    assert result.returncode != 0
    assert "lake snapshot" not in result.stdout
    docs = tmp_path / "narrow" / "docs"
    docs.mkdir(parents=True)
    (docs / DOCUMENT.name).write_bytes(AOMORI)
    narrowed = run_dbt(
        ["build", "--select", "stg_budget_text__documents"],
        docs,
        tmp_path / "narrow" / "warehouse.duckdb",
        tmp_path / "narrow",
        extra_env=lake,
    )
    assert "not published: the build was narrowed" in narrowed.stdout, narrowed.stdout[-3000:]
    assert snapshots(lake) == before
    total = "select sum(budget_thousand_yen) from {}fct_budget_line"
    assert lake_rows(lake, total.format("lake.marts.")) == file_rows(good, total.format("marts."))


def file_rows(published: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(sql).fetchall()


def _publish(args: tuple[str, str, str]) -> int:
    published, attach, data = args
    return publish_to_lake(Path(published), attach, data)


def test_two_builders_of_two_issuers_publishing_at_once_both_land(
    lake: dict[str, str], tmp_path: Path
) -> None:
    """Two builds of two issuers, then their publishes started at one moment in two
    processes: both land, each a snapshot, and publishing one again replaces its rows
    only."""
    files = []
    for issuer, data in (("aomori", AOMORI), ("iwate", IWATE)):
        result, _, published = build_documents(tmp_path / issuer, {f"{issuer}.txt": data})
        assert result.returncode == 0, result.stdout[-3000:]
        files.append(str(published))
    attach, folder = lake["SHISAKU_LAKE"], lake["SHISAKU_LAKE_DATA"]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        made = pool.map(_publish, [(file, attach, folder) for file in files])
    assert sorted(made) == [1, 2]
    counts = "select issuer, count(*) from lake.marts.fct_budget_line group by 1 order by 1"
    assert lake_rows(lake, counts) == [("岩手県", 136), ("青森県", 136)]
    assert publish_to_lake(Path(files[0]), attach, folder) == 3
    assert lake_rows(lake, counts) == [("岩手県", 136), ("青森県", 136)]
    # the snapshot before the third publish still reads as it was
    at = "select count(*) from lake.marts.dim_document at (version => 2)"
    assert lake_rows(lake, at) == [(2,)]


def test_two_concurrent_dbt_builds_of_two_issuers_leave_both(
    lake: dict[str, str], tmp_path: Path
) -> None:
    runs = []
    for issuer, data in (("aomori", AOMORI), ("iwate", IWATE)):
        work = tmp_path / issuer
        docs = work / "docs"
        docs.mkdir(parents=True)
        (docs / f"{issuer}.txt").write_bytes(data)
        runs.append(work)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_build, [(str(work), lake) for work in runs])
    for code, out in results:
        assert code == 0, out[-3000:]
    counts = "select issuer, count(*) from lake.marts.fct_budget_line group by 1 order by 1"
    assert lake_rows(lake, counts) == [("岩手県", 136), ("青森県", 136)]
    assert [s for s, _, _ in snapshots(lake)] == [0, 1, 2]


def _build(args: tuple[str, dict[str, str]]) -> tuple[int, str]:
    work, lake = Path(args[0]), args[1]
    result = run_dbt(["build"], work / "docs", work / "warehouse.duckdb", work, extra_env=lake)
    return result.returncode, result.stdout


def test_the_duckdb_shell_python_and_sqlalchemy_read_the_lake(
    lake: dict[str, str], tmp_path: Path
) -> None:
    result, _, published = build_documents(tmp_path / "b", {DOCUMENT.name: AOMORI}, extra_env=lake)
    assert result.returncode == 0, result.stdout[-3000:]
    attach = lake["SHISAKU_LAKE"]
    query = "select count(*), sum(budget_thousand_yen) from lake.marts.fct_budget_line"
    ((count, total),) = file_rows(published, query.replace("lake.", ""))
    assert count == 136
    # the DuckDB shell as `make lake-shell` opens it (the same DuckDB version as the wheels)
    statements = subprocess.run(
        [str(BIN / "python"), "-m", "serving", "lake-sql"],
        capture_output=True,
        text=True,
        env={**os.environ, **lake},
        check=True,
        cwd=REPO,
    ).stdout
    init = tmp_path / "lake.sql"
    init.write_text(statements, encoding="utf-8")
    shell = subprocess.run(
        [str(BIN / "duckdb"), "-init", str(init), "-csv", "-noheader", "-c", query + ";"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.strip().splitlines()[-1] == f"{count},{total}"
    # Python
    assert lake_rows(lake, query) == [(count, total)]
    # SQLAlchemy through duckdb_engine, as Superset connects
    from sqlalchemy import create_engine, text

    engine = create_engine("duckdb:///:memory:")
    with engine.connect() as connection:
        for statement in statements.split(";\n")[:-1]:
            connection.execute(text(statement))
        assert connection.execute(text(query)).fetchall() == [(count, total)]
    engine.dispose()
    # a reader may not write
    con = connect(attach, read_only=True)
    with pytest.raises(duckdb.Error, match=r"(?i)read.only"):
        con.execute("delete from lake.marts.fct_budget_line")
    con.close()


def test_the_lake_queries_of_docs_using_md_run(lake: dict[str, str], tmp_path: Path) -> None:
    """Every `sql-lake` block of docs/using.md runs on a lake two publishes made."""
    for issuer, data in (("aomori", AOMORI), ("iwate", IWATE)):
        result, _, _ = build_documents(tmp_path / issuer, {f"{issuer}.txt": data}, extra_env=lake)
        assert result.returncode == 0, result.stdout[-3000:]
    text = (REPO / "docs" / "using.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql-lake\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) == 3
    results = [lake_rows(lake, block) for block in blocks]
    assert results[0] == [("岩手県", 136, results[0][0][2]), ("青森県", 136, results[0][1][2])]
    # two snapshots, each adding its issuer's document
    assert [(row[0], row[3], row[6]) for row in results[1]] == [
        (1, "青森県", True),
        (2, "岩手県", True),
    ]
    assert results[2] == [("青森県", 2022, "aomori.txt")]
