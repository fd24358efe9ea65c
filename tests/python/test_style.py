"""Style is checked by the real tools: ruff for Python, sqlfluff (dbt templater) for SQL."""

from __future__ import annotations

import re
import subprocess

from conftest import BIN, REPO

from core import config

PYTHON_PATHS = [
    "core",
    "loaders",
    "attribution",
    "serving",
    "plugin",
    "benchmarks",
    "models",
    "tests",
]


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


# Which top-level packages each may import: a core below, the dbt plugin above the rest.
ALLOWED_IMPORTS = {
    "core": set(),
    "loaders": {"core"},
    "attribution": {"core"},
    "serving": {"core"},
    "plugin": {"core", "loaders", "serving"},
}
IMPORT = re.compile(r"^\s*(?:from|import)\s+([a-z_]+)", re.MULTILINE)


def test_python_packages_depend_one_way() -> None:
    found = {}
    for package, allowed in ALLOWED_IMPORTS.items():
        for path in sorted((REPO / package).glob("*.py")):
            ours = set(IMPORT.findall(path.read_text(encoding="utf-8"))) & set(ALLOWED_IMPORTS)
            wrong = ours - allowed - {package}
            if wrong:
                found[str(path.relative_to(REPO))] = sorted(wrong)
    assert found == {}


def test_the_warehouse_path_is_defined_once() -> None:
    # dbt cannot import Python: the profile repeats the defaults, and must say the same
    profile = (REPO / "profiles.yml").read_text(encoding="utf-8")
    assert f"env_var('SHISAKU_WAREHOUSE', '{config.DEFAULT_WAREHOUSE}')" in profile
    assert f"env_var('SHISAKU_DOCS', '{config.DEFAULT_DOCS}')" in profile
    elsewhere = [
        str(path.relative_to(REPO))
        for pattern in ("Makefile", "macros/**/*.sql", "*/*.py", ".ci/run")
        for path in REPO.glob(pattern)
        if path.is_file()
        and path.parts[-2:] != ("core", "config.py")
        and ".venv" not in path.parts
        and config.DEFAULT_WAREHOUSE in path.read_text(encoding="utf-8")
    ]
    assert elsewhere == []
