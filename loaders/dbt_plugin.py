"""dbt-duckdb plugin: `dbt build` (and `dbt run`) land the documents before any model runs,
and publish the warehouse when the build succeeds.

profiles.yml lists this module under `plugins:`. dbt-duckdb calls `configure_connection`
when it opens the build file, before any node executes; the first call of a build or run
syncs `raw` with the documents folder on that same connection, so models never read stale
text. Other commands (test, compile, docs, ls) do not touch `raw`. The connection also gets
the SQL function `shisaku_publish(path)`, which the on-run-end hook calls after a
successful build (macros/publish_warehouse.sql).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from dbt_common.exceptions import DbtRuntimeError
from duckdb import DuckDBPyConnection

from loaders import config
from loaders.errors import DocumentError
from loaders.land import load_folder
from serving.publish import publish

LOAD_COMMANDS = frozenset({"build", "run"})


def _invoked_command() -> str | None:
    try:
        from dbt.flags import get_flags

        return getattr(get_flags(), "WHICH", None)
    except Exception:  # noqa: BLE001 - flags are absent outside a dbt invocation
        return None


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.docs = Path(plugin_config.get("docs") or config.docs_dir())
        self.build = Path(self.creds.path) if self.creds and self.creds.path else None
        if self.build is not None:
            self.build.parent.mkdir(parents=True, exist_ok=True)
        self.loaded = False

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        self._register_publish(conn)
        if self.loaded or _invoked_command() not in LOAD_COMMANDS:
            return
        self.loaded = True
        try:
            report = load_folder(conn, self.docs)
        except DocumentError as exc:
            raise DbtRuntimeError(f"shisaku loader: {exc}") from None
        print(f"shisaku loader: {self.docs}: {report.summary()}", flush=True)

    def _register_publish(self, conn: DuckDBPyConnection) -> None:
        """`shisaku_publish(path)`: publish the build file to `path`. A Python function is
        registered once per database (every cursor sees it) and must outlive it: the
        plugin keeps the reference."""
        build = self.build

        def shisaku_publish(published: str) -> str:
            if build is None:
                raise RuntimeError("no build file to publish")
            return str(publish(build, Path(published)))

        self._publish_function = shisaku_publish
        conn.create_function(
            "shisaku_publish", shisaku_publish, ["VARCHAR"], "VARCHAR", side_effects=True
        )
