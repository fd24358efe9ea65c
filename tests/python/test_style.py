"""Style is checked by the real tools: ruff for Python, sqlfluff (dbt templater) for SQL."""

from __future__ import annotations

import subprocess

from conftest import BIN, REPO

PYTHON_PATHS = ["loaders", "attribution", "serving", "benchmarks", "models", "tests"]


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_check() -> None:
    result = run([str(BIN / "ruff"), "check", *PYTHON_PATHS])
    assert result.returncode == 0, result.stdout


def test_ruff_format() -> None:
    result = run([str(BIN / "ruff"), "format", "--check", *PYTHON_PATHS])
    assert result.returncode == 0, result.stdout


def test_sqlfluff_lint_models_and_tests() -> None:
    result = run([str(BIN / "sqlfluff"), "lint", "models", "tests/dbt"])
    assert result.returncode == 0, result.stdout[-4000:]
    assert "All Finished" in result.stdout
