"""Style is checked by the real tools: ruff for Python, sqlfluff (dbt templater) for SQL."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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
    "tools",
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


def _project_yaml() -> list[tuple[Path, dict]]:
    """Every property file of the dbt project (models' folders and seeds), parsed."""
    import yaml

    paths = [*(REPO / "models").rglob("_*.yml"), *(REPO / "seeds").glob("_*.yml")]
    return [(path, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(paths)]


def _yaml_descriptions() -> list[tuple[str, str, str, dict]]:
    """(file, where, description, meta) for every model, source, table and column of
    the project's YAML."""
    found = []
    for path, data in _project_yaml():
        for kind in ("models", "sources", "groups", "seeds"):
            for node in data.get(kind, []):
                nodes = [(node["name"], node)] + [
                    (f"{node['name']}.{table['name']}", table) for table in node.get("tables", [])
                ]
                for where, item in nodes:
                    found.append((path.name, where, item.get("description", ""), {}))
                    for column in item.get("columns", []):
                        found.append(
                            (
                                path.name,
                                f"{where}.{column['name']}",
                                column.get("description", ""),
                                column.get("meta") or {},
                            )
                        )
    return found


def test_descriptions_are_written_once_and_the_japanese_term_only_in_meta() -> None:
    """Every model, source and column is described; a description is written once (a
    column carried through several models references one docs block); the Japanese
    label of a column lives in meta.ja, not in its description."""
    seen: dict[str, str] = {}
    repeated, missing, doubled = [], [], []
    for file, where, description, meta in _yaml_descriptions():
        text = " ".join(str(description).split())
        if not text:
            missing.append(f"{file}: {where}")
            continue
        if not text.startswith("{{ doc("):
            if text in seen:
                repeated.append(f"{file}: {where} repeats {seen[text]}: {text[:60]}")
            seen.setdefault(text, f"{file}: {where}")
        if meta.get("ja") and meta["ja"] in text:
            doubled.append(f"{file}: {where}")
    assert not missing, f"undescribed: {missing}"
    assert not repeated, "\n".join(repeated)
    assert not doubled, f"the Japanese label is in the description too: {doubled}"


def test_every_model_and_column_is_documented() -> None:
    """Each model file has a YAML entry, and each model's YAML lists its columns under an
    enforced contract (so the build fails when SQL and documentation disagree)."""
    entries = {
        model["name"]: model for _, data in _project_yaml() for model in data.get("models", [])
    }
    files = {p.stem for p in (REPO / "models").rglob("*.sql")} | {
        p.stem for p in (REPO / "models").rglob("*.py")
    }
    assert files == set(entries), files ^ set(entries)
    uncontracted = [
        name
        for name, model in entries.items()
        if not (model.get("config") or {}).get("contract", {}).get("enforced")
    ]
    # a Python model cannot have a contract (dbt); its columns are listed all the same
    assert uncontracted == ["int_budget_lines_attributed"], uncontracted
    assert all(model.get("columns") for model in entries.values())
