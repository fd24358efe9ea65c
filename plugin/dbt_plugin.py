"""dbt-duckdb plugin: `dbt build` (and `dbt run`) land the documents before any model runs,
and the end of the run publishes the warehouse when it was a complete, passing build.

profiles.yml lists this module under `plugins:`. dbt-duckdb calls `configure_connection`
when it opens the build file, before any node executes; the first call of a build or run
forgets the previous run's outcome record and syncs `raw` with the documents folder on that
same connection, so models never read stale text. Other commands (test, compile, docs, ls)
do not touch `raw`. The connection also gets the SQL function
`shisaku_finish_build(outcome_json)`, which the on-run-end hook calls
(macros/publish_warehouse.sql): it records the outcome and publishes when
`serving.publish.judge` finds nothing against it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin
from dbt_common.exceptions import DbtRuntimeError
from duckdb import DuckDBPyConnection

from core import config
from core.errors import DocumentError, one_line
from loaders.land import load_folder
from serving.lake import LakeError, publish_to_lake
from serving.publish import (
    PUBLISH_FAILED,
    forget_outcome,
    publish_failure,
    record_outcome,
    remove_stale_copies,
    replace_published,
)

LOAD_COMMANDS = frozenset({"build", "run"})


def _invoked_command() -> str | None:
    try:
        from dbt.flags import get_flags

        return getattr(get_flags(), "WHICH", None)
    except Exception:  # noqa: BLE001 - flags are absent outside a dbt invocation
        return None


# DuckDB: `Could not set lock on file "…": Conflicting lock is held in <program> (PID n)`
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def check_not_locked(build: Path) -> None:
    """Refuse, in one line, a build file another process holds open (a second build, or a
    DuckDB shell reading its test_failures): dbt would print the lock error with its
    tracebacks, many lines long."""
    if not build.is_file():
        return
    try:
        duckdb.connect(str(build)).close()
    except duckdb.IOException as exc:
        holder = LOCK_HOLDER.search(str(exc))
        if holder is None:
            raise DbtRuntimeError(f"shisaku: {build}: {one_line(exc)}") from None
        raise DbtRuntimeError(
            f"shisaku: {build} is locked by {holder.group(1)} (PID {holder.group(2)}): "
            "close that connection (or wait for that build) and run dbt build again"
        ) from None


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.docs = Path(plugin_config.get("docs") or config.docs_dir())
        self.published = config.warehouse_path()
        try:
            config.check_warehouse_name(self.published)
            # a team's lake to publish into as well (serving/lake.py), or None
            self.lake = config.lake_settings()
        except ValueError as exc:
            raise DbtRuntimeError(f"shisaku: {exc}") from None
        self.build = Path(self.creds.path) if self.creds and self.creds.path else None
        if self.build is not None:
            try:
                self.build.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DbtRuntimeError(
                    f"shisaku: cannot create the build folder {self.build.parent}: {exc.strerror}"
                ) from None
            if self.build.exists() and not self.build.is_file():
                raise DbtRuntimeError(f"shisaku: {self.build}: the build file is not a file")
            if not os.access(self.build.parent, os.W_OK | os.X_OK):
                raise DbtRuntimeError(
                    f"shisaku: {self.build.parent}: the build folder is not writable"
                )
            check_not_locked(self.build)
        folder = self.published.parent
        if (
            _invoked_command() in LOAD_COMMANDS
            and folder.is_dir()
            and not os.access(folder, os.W_OK | os.X_OK)
        ):
            raise DbtRuntimeError(
                f"shisaku: {folder}: the folder of the published warehouse is not writable"
            )
        if folder.is_dir():
            remove_stale_copies(self.published)
        self.loaded = False
        self.load_error: str | None = None

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        self._register_finish(conn)
        if self.load_error is not None:
            raise DbtRuntimeError(self.load_error)
        if self.loaded or _invoked_command() not in LOAD_COMMANDS:
            return
        self.loaded = True
        if self.build is not None:
            forget_outcome(self.build)
        try:
            report = load_folder(conn, self.docs)
        except DocumentError as exc:
            self.load_error = f"shisaku loader: {exc}"
        except OSError as exc:
            self.load_error = f"shisaku loader: {exc.filename or self.docs}: {exc.strerror}"
        except duckdb.Error as exc:
            self.load_error = f"shisaku loader: {self.build}: {str(exc).splitlines()[0]}"
        if self.load_error is not None:
            raise DbtRuntimeError(self.load_error) from None
        for warning in report.warnings:
            print(f"shisaku loader: warning: {warning}", flush=True)
        print(f"shisaku loader: {self.docs}: {report.summary()}", flush=True)

    def _register_finish(self, conn: DuckDBPyConnection) -> None:
        """`shisaku_finish_build(outcome_json)`: record the run's outcome beside the build
        file, publish when it was a complete, passing build; returns one line saying which.
        A Python function is registered once per database (every cursor sees it) and must
        outlive it: the plugin keeps the reference."""
        build, published, lake = self.build, self.published, self.lake

        def shisaku_finish_build(outcome_json: str) -> str:
            if build is None:
                return "not published: no build file"
            record = record_outcome(build, json.loads(outcome_json))
            if not record["publishable"]:
                return f"not published: {record['reason']}; the published warehouse is unchanged"
            # just recorded from this very file: no need to hash it a second time
            try:
                said = f"published {replace_published(build, published)}"
            except OSError as exc:
                # starts with PUBLISH_FAILED: the on-run-end hook fails the run on it
                return publish_failure(exc, published.parent)
            if lake is None:
                return said
            try:
                return f"{said}; lake snapshot {publish_to_lake(published, *lake)}"
            except LakeError as exc:
                return f"{PUBLISH_FAILED}{exc}; {said}, the lake is unchanged"

        self._finish_function = shisaku_finish_build
        # registered on this database already when dbt opens a connection again
        with contextlib.suppress(duckdb.CatalogException):
            conn.create_function(
                "shisaku_finish_build",
                shisaku_finish_build,
                ["VARCHAR"],
                "VARCHAR",
                side_effects=True,
            )
