"""Publish the marts into a DuckLake a team shares, beside the published DuckDB file.

With SHISAKU_LAKE (a DuckLake attach string: `ducklake:postgres:dbname=… host=/socket/dir
user=…`, or `ducklake:/path/x.ducklake`) and SHISAKU_LAKE_DATA (its data folder) set, a
build that publishes the file also publishes every mart into the lake's schema `marts` in
one transaction: one snapshot a publish, holding the whole build or nothing, so readers see
whole snapshots only. A build replaces the rows of the issuers it holds (by issuer, never
whole tables): builders who loaded different issuers publish side by side. A commit that
conflicts with another builder's is tried again, then fails in one line; nothing is ever
half written.

The extensions are loaded from their wheels (duckdb-extension-ducklake,
duckdb-extension-postgres-scanner, the version of the installed DuckDB): nothing is
downloaded at run time.
"""

from __future__ import annotations

import contextlib
import getpass
import importlib
import json
import random
import socket
import time
from pathlib import Path

import duckdb

from core.errors import one_line

LAKE = "lake"  # the catalog the lake is attached as
MARTS = "marts"
# a publish that conflicts with another builder's commit is tried this many times
ATTEMPTS = 8


class LakeError(RuntimeError):
    """The lake could not be read or written; the message says why, in one line."""


def extension_file(name: str) -> Path:
    """The extension `name` for the installed DuckDB, from its wheel."""
    package = f"duckdb_extension_{name}"
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise LakeError(
            f"the DuckDB extension {name} is not installed ({package.replace('_', '-')})"
        ) from None
    version = duckdb.__version__
    path = Path(str(module.__file__)).parent / "extensions" / f"v{version}"
    path = path / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeError(f"the DuckDB extension {name} for DuckDB {version} is not installed")
    return path


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def attach_statements(attach: str, data: str | None = None, read_only: bool = False) -> str:
    """The SQL that attaches the lake as `lake` in any DuckDB of this version (the shell,
    Python, SQLAlchemy): extensions loaded from their wheels' files, none downloaded."""
    return "".join(f"{statement};\n" for statement in _attaching(attach, data, read_only))


def _attaching(attach: str, data: str | None, read_only: bool) -> list[str]:
    """`attach_statements`, one statement each."""
    statements = [
        "set autoinstall_known_extensions = false",
        "set autoload_known_extensions = false",
        f"load {_literal(str(extension_file('ducklake')))}",
    ]
    if "postgres:" in attach:
        statements.append(f"load {_literal(str(extension_file('postgres_scanner')))}")
    options = ["read_only"] if read_only else []
    if data:
        options.append(f"data_path {_literal(data)}")
    suffix = f" ({', '.join(options)})" if options else ""
    statements.append(f"attach {_literal(attach)} as {LAKE}{suffix}")
    return statements


def connect(attach: str, data: str | None = None, read_only: bool = False):
    """A DuckDB connection with the lake attached as `lake`."""
    con = duckdb.connect()
    try:
        for statement in _attaching(attach, data, read_only):
            con.execute(statement)
    except duckdb.Error as exc:
        con.close()
        raise LakeError(f"the lake {attach}: {one_line(exc)}") from None
    return con


# what another builder's commit, attachment or first creation of the lake's catalog
# (two builders making a new lake at once) says when it stands in the way: worth another try
_CONFLICTS = (
    "conflict",
    "could not set lock",
    "serializ",
    "duplicate key value",
    "failed to initialize ducklake",
)


def _conflict(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(sign in text for sign in _CONFLICTS)


def publish_to_lake(published: Path, attach: str, data: str) -> int:
    """Every mart of the published file into the lake's `marts` in one transaction: the
    rows of the file's issuers replaced, every other issuer's kept; the new snapshot's id.
    The commit names the builder and, as extra information, the documents it publishes."""
    last: BaseException | None = None
    for attempt in range(ATTEMPTS):
        try:
            return _publish_once(published, attach, data)
        except duckdb.Error as exc:
            if not _conflict(exc):
                raise LakeError(f"the lake {attach}: {one_line(exc)}") from None
            last = exc
        except LakeError as exc:
            if not _conflict(exc):
                raise
            last = exc
        # another builder is committing: wait a little, longer each time
        time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
    raise LakeError(
        f"the lake {attach}: another publish conflicted {ATTEMPTS} times, the last: "
        f"{one_line(last)}; nothing was published there"
    )


def _publish_once(published: Path, attach: str, data: str) -> int:
    con = connect(attach, data)
    try:
        con.execute(f"attach {_literal(str(published))} as built (read_only)")
        tables = [
            name
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = 'built' "
                "and schema_name = ? order by 1",
                [MARTS],
            ).fetchall()
        ]
        documents = con.execute(
            "select document_id, issuer, fiscal_year, file_name "
            f"from built.{MARTS}.dim_document order by issuer, fiscal_year, document_id"
        ).fetchall()
        issuers = sorted({issuer for _, issuer, _, _ in documents})
        con.execute("begin")
        try:
            con.execute(f"create schema if not exists {LAKE}.{MARTS}")
            # the documents the lake did not hold before this publish
            held = (
                {
                    document_id
                    for (document_id,) in con.execute(
                        f"select document_id from {LAKE}.{MARTS}.dim_document"
                    ).fetchall()
                }
                if "dim_document" in _lake_tables(con)
                else set()
            )
            for table in tables:
                _replace_issuers(con, table, issuers)
            info = json.dumps(
                {
                    "issuers": issuers,
                    "documents": [
                        {
                            "document_id": d,
                            "issuer": i,
                            "fiscal_year": y,
                            "file_name": f,
                            "added": d not in held,
                        }
                        for d, i, y, f in documents
                    ],
                },
                ensure_ascii=False,
            )
            con.execute(
                f"call {LAKE}.set_commit_message(?, ?, extra_info => ?)",
                [_builder(), f"publish {', '.join(issuers)}", info],
            )
            con.execute("commit")
        except BaseException:
            # a commit that failed has ended its transaction already
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise
        (snapshot,) = con.execute(
            f"select max(snapshot_id) from {LAKE}.snapshots() where commit_extra_info = ?",
            [info],
        ).fetchone()
        return int(snapshot)
    finally:
        con.close()


def _lake_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = ? and schema_name = ?",
            [LAKE, MARTS],
        ).fetchall()
    }


def _replace_issuers(con: duckdb.DuckDBPyConnection, table: str, issuers: list[str]) -> None:
    """One mart's rows of these issuers replaced by the build's (the table made on the
    first publish); a lake table whose columns are not the build's is refused by name."""
    target, source = f"{LAKE}.{MARTS}.{_quoted(table)}", f"built.{MARTS}.{_quoted(table)}"
    con.execute(f"create table if not exists {target} as select * from {source} with no data")
    columns = [
        [(name, kind) for name, kind, *_ in con.execute(f"describe {relation}").fetchall()]
        for relation in (target, source)
    ]
    if columns[0] != columns[1]:
        raise LakeError(
            f"the lake's {MARTS}.{table} has other columns than this build's: a lake made by "
            "another version of the warehouse cannot take this publish"
        )
    con.execute(f"delete from {target} where issuer in (select unnest(?::varchar[]))", [issuers])
    con.execute(f"insert into {target} by name select * from {source}")


def _builder() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"
