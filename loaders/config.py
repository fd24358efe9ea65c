"""Where the documents and the warehouse are: environment variables with defaults.

make, dbt (profiles.yml) and the CLI all read the same two variables.
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
