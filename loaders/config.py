"""Where the documents and the warehouse are: environment variables with defaults.

make, dbt (profiles.yml) and the CLI all read the same two variables. SHISAKU_WAREHOUSE is
the published file people open; dbt builds into `build_path()` of it and publishes on
success (see serving/publish.py).
"""

from __future__ import annotations

import os
from pathlib import Path

DOCS_ENV = "SHISAKU_DOCS"
WAREHOUSE_ENV = "SHISAKU_WAREHOUSE"
DEFAULT_DOCS = "data/raw"
DEFAULT_WAREHOUSE = "warehouse.duckdb"
DOCUMENT_GLOB = "*.txt"


def docs_dir() -> Path:
    return Path(os.environ.get(DOCS_ENV) or DEFAULT_DOCS)


def warehouse_path() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE)


BUILD_DIR = ".build"


def build_path(published: Path) -> Path:
    """Where dbt builds: `.build/<name>` beside the published file (same name, same catalog)."""
    return published.parent / BUILD_DIR / published.name
