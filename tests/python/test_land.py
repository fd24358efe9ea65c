"""Landing into a real DuckDB file: one transaction, idempotent, nothing lost on error."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, run_loader_cli

from core.errors import DocumentError
from loaders.land import load_folder

RAW_TABLES = (
    "documents",
    "document_lines",
    "table_rows",
    "pillar_headings",
    "pillar_directions",
    "page_furniture",
    "table_cells",
    "layout_cell_grammar",
    "layout_cell_marks",
    "layout_era_years",
)


def counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DOCUMENT, folder / DOCUMENT.name)
    return folder


def test_load_lands_every_line_and_row(docs: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        report = load_folder(con, docs)
    assert report.loaded == [DOCUMENT.name]
    assert counts(warehouse) == {
        "documents": 1,
        "document_lines": 768,
        "table_rows": 150,
        "pillar_headings": 8,
        "pillar_directions": 17,
        "page_furniture": 10,
        "table_cells": 1005,
        "layout_cell_grammar": 1,
        "layout_cell_marks": 5,
        "layout_era_years": 5,
    }


def test_loading_again_changes_nothing(docs: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_folder(con, docs)
        before = con.execute("select * from raw.documents").fetchall()
        report = load_folder(con, docs)
        after = con.execute("select * from raw.documents").fetchall()
    assert report.unchanged == [DOCUMENT.name] and not report.loaded
    assert before == after


def test_a_removed_document_leaves_the_warehouse(docs: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_folder(con, docs)
        edited = DOCUMENT.read_text(encoding="utf-8").replace("24,349", "24,350")
        (docs / DOCUMENT.name).write_text(edited, encoding="utf-8")
        report = load_folder(con, docs)
    assert report.loaded == [DOCUMENT.name] and len(report.removed) == 1
    assert counts(warehouse)["documents"] == 1


@pytest.mark.parametrize(
    ("bad_text", "expected"),
    [
        ("就職ガイダンス開催事業 928 928 R2-R4x 労政\n", "bad.txt:1: looks like a line item"),
        ("議事録\n", "bad.txt: none of its 1 lines is a title"),
    ],
)
def test_bad_input_keeps_the_warehouse_as_it_was(
    docs: Path, tmp_path: Path, bad_text: str, expected: str
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_folder(con, docs)
    before = counts(warehouse)
    (docs / "bad.txt").write_text(bad_text, encoding="utf-8")
    with duckdb.connect(str(warehouse)) as con, pytest.raises(DocumentError, match=expected):
        load_folder(con, docs)
    assert counts(warehouse) == before


def test_cli_error_is_one_line_with_file_and_line(docs: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    ok = run_loader_cli(["load", "--docs", str(docs), "--warehouse", str(warehouse)])
    assert ok.returncode == 0, ok.stderr
    before = counts(warehouse)
    (docs / "zz_bad.txt").write_bytes(b"\xe4\xb8\xad\n\x81\x7f\n")
    bad = run_loader_cli(["load", "--docs", str(docs), "--warehouse", str(warehouse)])
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: zz_bad.txt:2: bytes that are neither UTF-8")
    assert bad.stderr.count("\n") == 1
    assert counts(warehouse) == before


def test_an_unchanged_document_is_not_parsed_again_but_keeps_its_new_name(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_folder(con, docs)
        (docs / DOCUMENT.name).rename(docs / "renamed.txt")

        def no_parsing(data: bytes, file_name: str) -> None:
            raise AssertionError(f"{file_name} was parsed again")

        monkeypatch.setattr("loaders.land.parse_file", no_parsing)
        report = load_folder(con, docs)
        names = con.execute("select file_name from raw.documents").fetchall()
    assert report.unchanged == ["renamed.txt"] and not report.loaded
    assert names == [("renamed.txt",)]


def test_a_new_document_for_a_stored_year_is_refused(docs: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        load_folder(con, docs)
    before = counts(warehouse)
    edited = DOCUMENT.read_text(encoding="utf-8").replace("24,349", "24,350")
    (docs / "zz_same_year.txt").write_text(edited, encoding="utf-8")
    with (
        duckdb.connect(str(warehouse)) as con,
        pytest.raises(
            DocumentError,
            match=r"zz_same_year.txt:\d+: fiscal year 2022 of 青森県 is also the year of ",
        ),
    ):
        load_folder(con, docs)
    assert counts(warehouse) == before


def test_worker_processes_parse_exactly_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for year in ("４", "５", "６"):
        (docs / f"r0{year}.txt").write_text(
            text.replace("令和４年度", f"令和{year}年度"), encoding="utf-8"
        )
    rows = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("SHISAKU_WORKERS", workers)
        warehouse = tmp_path / f"w{workers}.duckdb"
        with duckdb.connect(str(warehouse)) as con:
            assert len(load_folder(con, docs).loaded) == 3
            rows[workers] = (
                con.execute(
                    "select * exclude (loaded_at) from raw.documents order by file_name"
                ).fetchall()
                + con.execute(
                    "select * from raw.table_rows order by document_id, row_seq"
                ).fetchall()
            )
    assert rows["1"] == rows["2"]
    # a bad file raised in a worker reaches the caller whole: same one-line error
    (docs / "r07.txt").write_text("議事録\n", encoding="utf-8")
    with (
        duckdb.connect(str(tmp_path / "w2.duckdb")) as con,
        pytest.raises(DocumentError, match=r"^r07\.txt: none of its 1 lines is a title") as raised,
    ):
        load_folder(con, docs)
    assert raised.value.file_name == "r07.txt"
