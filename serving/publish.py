"""Publish the built warehouse: copy it next to the published file, then rename atomically.

dbt builds into a separate file (`.build/<name>` beside the published one, same name so
DuckDB gives it the same catalog name). BI tools and the DuckDB shell open the published
file read-only; a rename replaces it in one step, so a reader holding the old file keeps
reading the old, consistent data, and the next connection sees the new data. A build that
fails publishes nothing: the published warehouse stays as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def checkpoint(build: Path) -> None:
    """Fold the write-ahead log into the build file so that the file alone is complete."""
    with duckdb.connect(str(build)) as con:
        con.execute("checkpoint")


def publish(build: Path, published: Path) -> Path:
    """Copy a checkpointed build file over the published one, atomically."""
    if not build.is_file():
        raise FileNotFoundError(f"{build}: no built warehouse to publish (run dbt build first)")
    published.parent.mkdir(parents=True, exist_ok=True)
    staging = published.with_name(f".{published.name}.{os.getpid()}.publishing")
    try:
        shutil.copyfile(build, staging)
        with staging.open("rb") as handle:
            os.fsync(handle.fileno())
        # A write-ahead log left beside the published file would be replayed into the
        # new file by the next writer: readers never write one, so it is stale.
        Path(f"{published}.wal").unlink(missing_ok=True)
        os.replace(staging, published)
    finally:
        staging.unlink(missing_ok=True)
    return published
