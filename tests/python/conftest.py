"""Shared paths and helpers: the shipped document and a real dbt build in a temp folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
DOCUMENT = RAW / "r04_chusho_kigyo_shinko_shisaku.txt"
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _layouts_parsed_anew() -> None:
    """Every test parses the layouts itself: a Layout cached by an earlier test would hide
    a change to the parser (and hide mutation testing's mutants of it)."""
    from loaders.layout import load_layout

    load_layout.cache_clear()


def document_text() -> str:
    return DOCUMENT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document_lines() -> list[str]:
    return document_text().split("\n")


def run_dbt(
    args: list[str],
    docs: Path,
    warehouse: Path,
    work: Path,
    project: Path = REPO,
    wrapper: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`dbt <args>` on this project with its own documents, warehouse and target folder
    (run by `wrapper` when given: a command that runs the command after it; `extra_env`:
    more environment variables, such as a lake to publish into)."""
    env = {
        **os.environ,
        "SHISAKU_DOCS": str(docs),
        "SHISAKU_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **(extra_env or {}),
    }
    return subprocess.run(
        [
            *(wrapper or []),
            str(BIN / "dbt"),
            *args,
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def build_documents(
    work: Path,
    documents: dict[str, bytes],
    project: Path = REPO,
    extra_env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Write documents into work/docs and `dbt build` them into work/warehouse.duckdb."""
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, data in documents.items():
        (docs / name).write_bytes(data)
    warehouse = work / "warehouse.duckdb"
    result = run_dbt(["build"], docs, warehouse, work, project, extra_env=extra_env)
    return result, docs, warehouse


def run_loader_cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests/dbt")


def copy_project(target: Path) -> Path:
    """A copy of the dbt project (not the Python packages) whose seeds a test may edit."""
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target / part)
    return target
