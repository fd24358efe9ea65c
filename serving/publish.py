"""Publish the built warehouse, and only a build whose every node and test passed.

dbt builds into a separate file (`.build/<name>` beside the published one, same name so
DuckDB gives it the same catalog name). BI tools and the DuckDB shell open the published
file read-only; a rename replaces it in one step, so a reader holding the old file keeps
reading the old, consistent data, and the next connection sees the new data.

The rule: only a complete `dbt build` publishes (no selection or exclusion, every node of
the project run, every model, seed and test passed). At the end of every `dbt build` or
`dbt run` the on-run-end hook records the run's outcome beside the build file
(`<build>.outcome.json`: the invocation, the node counts, the verdict and the sha256 of the
checkpointed build file); the hook and `make publish` both publish only when that record
says the run was complete and the build file is still the one it describes. A loading run
removes the record before it touches the file, so a run that dies leaves none.

The published copy holds only the schemas documented for users (`PUBLISHED_SCHEMAS`): the
checks' failing rows (`test_failures`) and dbt's leftover temporary tables stay in the
build file.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from serving.files import replacing

# What the published file holds (docs/using.md); DuckDB's own `main` stays, empty.
PUBLISHED_SCHEMAS = ("raw", "staging", "intermediate", "marts")
DUCKDB_DEFAULT_SCHEMA = "main"
# Resource types of the graph a complete build must run (unit tests are checked by status).
BUILT_RESOURCE_TYPES = frozenset({"model", "seed", "test", "snapshot"})
PASSED_STATUSES = frozenset({"success", "pass"})
# Invocation arguments that narrow a run to part of the project.
SELECTION_ARGS = (
    "select",
    "exclude",
    "selector",
    "resource_types",
    "resource_type",
    "exclude_resource_types",
    "exclude_resource_type",
    "empty",
    "sample",
)
TEMPORARY_MARKER = "__dbt_tmp"


class PublishRefusedError(ValueError):
    """The build may not be published; the message says why, in one line."""


def outcome_path(build: Path) -> Path:
    return build.with_name(f"{build.name}.outcome.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def judge(outcome: Mapping[str, Any]) -> str | None:
    """Why this run may not be published, or None when it was a complete, passing build."""
    command = outcome.get("command")
    if command != "build":
        return f"`dbt {command}` runs no tests; only a complete `dbt build` publishes"
    invocation = outcome.get("invocation") or {}
    narrowed = [arg for arg in SELECTION_ARGS if invocation.get(arg)]
    if narrowed:
        shown = ", ".join(
            f"--{arg.replace('_', '-')} {_shown(invocation[arg])}" for arg in narrowed
        )
        return f"the build was narrowed ({shown}); only a build of the whole project publishes"
    statuses: dict[str, str] = outcome.get("statuses") or {}
    missing = sorted(set(outcome.get("project_nodes") or ()) - set(statuses))
    if missing:
        return f"{len(missing)} node(s) of the project did not run (first: {missing[0]})"
    failed = sorted(node for node, status in statuses.items() if status not in PASSED_STATUSES)
    if failed:
        return f"{len(failed)} node(s) did not pass (first: {failed[0]}: {statuses[failed[0]]})"
    return None


def _shown(value: Any) -> str:
    return " ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def record_outcome(build: Path, outcome: Mapping[str, Any]) -> dict[str, Any]:
    """Write the run's outcome beside the (checkpointed) build file; return the record."""
    reason = judge(outcome)
    statuses: dict[str, str] = outcome.get("statuses") or {}
    record = {
        "recorded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": outcome.get("command"),
        "invocation": outcome.get("invocation") or {},
        "nodes_run": len(statuses),
        "nodes_passed": sum(status in PASSED_STATUSES for status in statuses.values()),
        "project_nodes": len(outcome.get("project_nodes") or ()),
        "publishable": reason is None,
        "reason": reason,
        "build_sha256": file_sha256(build) if build.is_file() else None,
    }
    with replacing(outcome_path(build)) as temporary:
        temporary.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    return record


def forget_outcome(build: Path) -> None:
    """A run is about to change the build file: the old record no longer describes it."""
    outcome_path(build).unlink(missing_ok=True)


def check_publishable(build: Path) -> None:
    """Raise PublishRefusedError unless the recorded outcome allows publishing this build file."""
    if not build.is_file():
        raise PublishRefusedError(f"{build}: no built warehouse to publish (run `dbt build` first)")
    marker = outcome_path(build)
    try:
        record = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PublishRefusedError(
            f"{build}: no record of a finished `dbt build` for this file (the last run did "
            "not finish, or was not a build): run `dbt build`"
        ) from None
    except (OSError, ValueError) as exc:
        raise PublishRefusedError(f"{marker}: unreadable build record ({exc})") from None
    if not record.get("publishable"):
        raise PublishRefusedError(f"{build}: not published: {record.get('reason')}")
    if record.get("build_sha256") != file_sha256(build) or Path(f"{build}.wal").exists():
        raise PublishRefusedError(
            f"{build}: changed since the build recorded at {record.get('recorded_at')} "
            "(another dbt command wrote to it): run `dbt build`"
        )


def remove_stale_copies(published: Path) -> list[Path]:
    """Remove `.<name>.<pid>.publishing` files, and the write-ahead logs DuckDB left
    beside them (`….publishing.wal`), whose publishing process is gone: a later publish
    that gets the same pid would otherwise find that log and replay it."""
    removed = []
    copy = re.compile(rf"\.{re.escape(published.name)}\.(\d+)\.publishing(?:\.wal)?")
    for path in published.parent.glob(f".{published.name}.*.publishing*"):
        match = copy.fullmatch(path.name)
        if match is None:
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and _alive(pid):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_RELATIONS = (
    "select schema_name, table_name, 'table' as kind from duckdb_tables() "
    "where database_name = current_database() "
    "union all select schema_name, view_name, 'view' from duckdb_views() "
    "where database_name = current_database() and not internal order by all"
)


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, name, 'table' or 'view') of every user relation, sorted."""
    return [(schema, name, kind) for schema, name, kind in con.execute(_RELATIONS).fetchall()]


def keep_only_published_schemas(path: Path) -> None:
    """Drop from a copy what users are not meant to see: other schemas (test_failures),
    anything in DuckDB's default schema, and dbt's temporary tables."""
    with duckdb.connect(str(path)) as con:
        for schema, name, kind in _relations(con):
            if schema not in PUBLISHED_SCHEMAS or TEMPORARY_MARKER in name:
                con.execute(f"drop {kind} if exists {_quoted(schema)}.{_quoted(name)} cascade")
        schemas = con.execute(
            "select schema_name from duckdb_schemas() "
            "where database_name = current_database() and not internal"
        ).fetchall()
        for (schema,) in schemas:
            if schema not in (*PUBLISHED_SCHEMAS, DUCKDB_DEFAULT_SCHEMA):
                con.execute(f"drop schema if exists {_quoted(schema)} cascade")
        con.execute("checkpoint")


PUBLISH_FAILED = "publish failed: "


def publish_failure(exc: OSError, folder: Path) -> str:
    """An OSError while publishing into `folder` as one line: what failed (no space, not
    writable), which path, and that the published warehouse is unchanged."""
    if exc.errno == errno.ENOSPC:
        what = f"no space left on the device of {folder}"
    else:
        path = exc.filename2 or exc.filename or folder
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            what = f"{path} is not writable ({exc.strerror})"
        else:
            what = f"{path}: {exc.strerror}"
    return f"{PUBLISH_FAILED}{what}; the published warehouse is unchanged"


def publish(build: Path, published: Path) -> Path:
    """Copy a build whose record allows it over the published file, atomically."""
    check_publishable(build)
    return replace_published(build, published)


def replace_published(build: Path, published: Path) -> Path:
    """Copy the build over the published file, atomically, without checking its record:
    for the caller that has just recorded it publishable (the on-run-end hook)."""
    published.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(published)
    staging = published.with_name(f".{published.name}.{os.getpid()}.publishing")
    Path(f"{staging}.wal").unlink(missing_ok=True)
    try:
        shutil.copyfile(build, staging)
        keep_only_published_schemas(staging)
        Path(f"{staging}.wal").unlink(missing_ok=True)
        _fsync(staging)
        # A write-ahead log left beside the published file would be replayed into the
        # new file by the next writer: readers never write one, so it is stale.
        Path(f"{published}.wal").unlink(missing_ok=True)
        os.replace(staging, published)
    finally:
        staging.unlink(missing_ok=True)
        Path(f"{staging}.wal").unlink(missing_ok=True)
    return published


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def published_relations(path: Path) -> Iterable[tuple[str, str]]:
    """(schema, table or view) of every user relation in a warehouse file, sorted."""
    with duckdb.connect(str(path), read_only=True) as con:
        return [(schema, name) for schema, name, _ in _relations(con)]
