"""Where the documents and the warehouse are: environment variables with defaults.

make, dbt (profiles.yml) and the CLI all read the same two variables. SHISAKU_WAREHOUSE is
the published file people open; dbt builds into `build_path()` of it and publishes on
success (see serving/publish.py).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

DOCS_ENV = "SHISAKU_DOCS"
WAREHOUSE_ENV = "SHISAKU_WAREHOUSE"
DEFAULT_DOCS = "data/raw"
DEFAULT_WAREHOUSE = "warehouse.duckdb"
DOCUMENT_GLOB = "*.txt, *.pdf"
DOCUMENT_SUFFIXES = (".txt", ".pdf")


def docs_dir() -> Path:
    return Path(os.environ.get(DOCS_ENV) or DEFAULT_DOCS)


# DuckDB names the catalog after the file name, and dbt-duckdb writes that name into SQL
# unquoted in places: so the file name (not its folder) is kept to these characters.
WAREHOUSE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)?$")


def warehouse_path() -> Path:
    """The published file, from SHISAKU_WAREHOUSE (see check_warehouse_name)."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


# A catalog named like a schema of the warehouse (or one of DuckDB's own catalogs and
# schemas) makes `marts.fct_budget_line` ambiguous in every query.
RESERVED_CATALOG_NAMES = frozenset(
    {
        "raw",
        "staging",
        "intermediate",
        "marts",
        "test_failures",
        "main",
        "system",
        "temp",
        "memory",
        "information_schema",
        "pg_catalog",
    }
)


def check_warehouse_name(path: Path) -> None:
    """Refuse, in one line, a warehouse file name DuckDB or dbt-duckdb cannot carry."""
    if not WAREHOUSE_NAME.match(path.name):
        raise ValueError(
            f"{WAREHOUSE_ENV}={str(path)!r}: the file name may hold only letters, digits, "
            "'_' and '-' before its extension (DuckDB names the catalog after it), "
            "e.g. warehouse.duckdb"
        )
    catalog = path.name.split(".")[0]
    if catalog.lower() in RESERVED_CATALOG_NAMES:
        raise ValueError(
            f"{WAREHOUSE_ENV}={str(path)!r}: DuckDB names the catalog {catalog!r} after the "
            "file, the name of a schema (or of DuckDB's own catalog), so queries such as "
            "marts.fct_budget_line would be ambiguous: choose another name, "
            "e.g. warehouse.duckdb"
        )


BUILD_DIR = ".build"


def build_path(published: Path) -> Path:
    """Where dbt builds: `.build/<name>` beside the published file (same name, same catalog)."""
    return published.parent / BUILD_DIR / published.name


def main(argv: list[str]) -> int:
    """`python -m core.config warehouse|build|docs`: the path, for make and the shell."""
    paths = {
        "warehouse": warehouse_path(),
        "build": build_path(warehouse_path()),
        "docs": docs_dir(),
    }
    if len(argv) != 1 or argv[0] not in paths:
        print(f"usage: python -m core.config {'|'.join(paths)}", file=sys.stderr)
        return 2
    print(paths[argv[0]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


# A DuckLake a team shares (serving/lake.py): its attach string and its data folder. Unset,
# the warehouse is the published file alone.
LAKE_ENV = "SHISAKU_LAKE"
LAKE_DATA_ENV = "SHISAKU_LAKE_DATA"


def lake_attach() -> str | None:
    """The attach string of the team's lake, or None (no lake)."""
    return os.environ.get(LAKE_ENV) or None


def lake_settings() -> tuple[str, str] | None:
    """(attach string, data folder) of the lake to publish into, or None (no lake)."""
    attach = lake_attach()
    if attach is None:
        return None
    data = os.environ.get(LAKE_DATA_ENV) or ""
    if not data:
        raise ValueError(
            f"{LAKE_ENV} is set but {LAKE_DATA_ENV} is not: name the lake's data folder"
        )
    return attach, data
