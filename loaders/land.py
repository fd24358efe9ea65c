"""Write parsed documents into the warehouse's `raw` schema: one transaction, idempotent.

The folder is the truth: after a load the warehouse holds exactly the documents of the
folder. An unchanged document (same content hash, same loader code) is left as it is;
a changed or new one is replaced whole; one no longer in the folder is removed. Any
error rolls the whole transaction back, so what was in the warehouse before stays.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from core.config import DOCUMENT_GLOB, DOCUMENT_SUFFIXES
from core.errors import DocumentError
from core.parallel import map_documents
from core.progress import loading
from core.version import code_hash
from loaders.declared import Declared, read_declared
from loaders.document import (
    Document,
    StoredDocument,
    check_one_document_per_year,
    parse_file,
)
from loaders.layout import LAYOUTS_DIR
from loaders.tables import SCHEMAS, documents_frames

RAW_SCHEMA = "raw"
_DUCKDB_TYPES = {
    pl.String(): "varchar",
    pl.Int32(): "integer",
    pl.Datetime("us"): "timestamp",
    pl.List(pl.Int32): "integer[]",
    pl.Float64(): "double",
}


def loader_version() -> str:
    """A hash of the loader's code and the layouts it reads: a document parsed by other
    code, or under another layout, is parsed again."""
    return code_hash(Path(__file__).parent, LAYOUTS_DIR)


@dataclass
class LandReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"documents: {len(self.loaded)} loaded, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed"
        )


def read_folder(
    folder: Path, stored: dict[str, StoredDocument] | None = None
) -> list[Document | StoredDocument]:
    """Parse every document of a folder (I/O at the edge); any bad file raises.

    A file whose content is in `stored` (held by the warehouse, parsed by this loader
    code) is not parsed again."""
    if not folder.is_dir():
        raise DocumentError(str(folder), None, "documents folder does not exist")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not paths:
        raise DocumentError(str(folder), None, f"no documents ({DOCUMENT_GLOB}) in the folder")
    # a file's stored documents by its content hash (a file of several tables holds several)
    by_file: dict[str, list[StoredDocument]] = {}
    for known in (stored or {}).values():
        by_file.setdefault(known.sha256, []).append(known)
    declarations = read_declared(folder, [path.name for path in paths])
    files: list[list[Document | StoredDocument] | None] = []
    to_parse: list[tuple[bytes, str, Declared | None]] = []
    for path in paths:
        data = _read_document(path)
        knowns = by_file.get(hashlib.sha256(data).hexdigest(), [])
        declared = declarations.get(path.name)
        if knowns and all(
            declared is None
            or (known.issuer, known.fiscal_year) == (declared.issuer, declared.fiscal_year)
            for known in knowns
        ):
            files.append([replace(known, file_name=path.name) for known in knowns])
        else:
            files.append(None)
            to_parse.append((data, path.name, declared))
    # many new files: parsed in worker processes (core/parallel.py); a long load says
    # where it stands (core/progress.py)
    with loading(len(to_parse)) as progress:

        def done(documents: list[Document], in_worker: bool) -> None:
            # pages read in this process were counted one by one by the PDF reader
            pages = max(document.page_count for document in documents)
            progress.document(pages=pages if in_worker else 0)

        parsed = iter(map_documents(parse_file, to_parse, on_done=done))
    complete = [doc for file in files for doc in (file if file is not None else next(parsed))]
    check_one_document_per_year(complete)
    return complete


def _read_document(path: Path) -> bytes:
    """A document's bytes; anything that is not a readable regular file is refused by name."""
    if path.is_symlink() and not path.exists():
        raise DocumentError(
            path.name, None, f"a symbolic link to a missing file ({path.readlink()})"
        )
    if not path.is_file():
        raise DocumentError(
            path.name, None, "not a regular file (a directory?): rename or remove it"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(path.name, None, f"cannot be read: {exc.strerror}") from None


def stored_documents(con: duckdb.DuckDBPyConnection) -> dict[str, StoredDocument]:
    """The documents `raw` holds that this loader code parsed."""
    ensure_raw_schema(con)
    rows = con.execute(
        "select document_id, file_name, fiscal_year, title_line, issuer, source_format, "
        "table_part, sha256 "
        f"from {RAW_SCHEMA}.documents where loader_version = ?",
        [loader_version()],
    ).fetchall()
    return {row[0]: StoredDocument(*row) for row in rows}


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables. When another loader version made them with other columns,
    all of them are made anew (raw is the documents folder parsed: this load fills it)."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    existing: dict[str, list[str]] = {}
    for table, column in con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where database_name = current_database() and schema_name = ? order by column_index",
        [RAW_SCHEMA],
    ).fetchall():
        existing.setdefault(table, []).append(column)
    wanted = {
        table: [*schema, "loader_version"] if table == "documents" else list(schema)
        for table, schema in SCHEMAS.items()
    }
    if any(table in existing and existing[table] != names for table, names in wanted.items()):
        for table in existing:
            con.execute(f"drop table {RAW_SCHEMA}.{table}")
    for table, schema in SCHEMAS.items():
        columns = ", ".join(f"{name} {_DUCKDB_TYPES[dtype]}" for name, dtype in schema.items())
        extra = ", loader_version varchar" if table == "documents" else ""
        con.execute(f"create table if not exists {RAW_SCHEMA}.{table} ({columns}{extra})")


def sync_documents(
    con: duckdb.DuckDBPyConnection, documents: list[Document | StoredDocument]
) -> LandReport:
    """Make `raw` hold exactly these documents, in one transaction."""
    report = LandReport()
    version = loader_version()
    ensure_raw_schema(con)
    current = {
        row[0]: row[1]
        for row in con.execute(
            f"select document_id, loader_version from {RAW_SCHEMA}.documents"
        ).fetchall()
    }
    wanted = {doc.document_id for doc in documents}
    fresh = [doc for doc in documents if current.get(doc.document_id) != version]
    kept = [doc for doc in documents if current.get(doc.document_id) == version]
    if any(isinstance(doc, StoredDocument) for doc in fresh):
        raise RuntimeError("a stored document is no longer in the warehouse: load again")
    parsed = [doc for doc in fresh if isinstance(doc, Document)]
    report.removed = sorted(set(current) - wanted)
    stale = report.removed + sorted({doc.document_id for doc in fresh} & set(current))
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    con.begin()
    try:
        _delete(con, stale)
        _rename(con, kept)
        _insert(con, parsed, loaded_at, version)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    report.loaded = [doc.file_name for doc in fresh]
    report.warnings = [warning for doc in parsed for warning in doc.parsed.warnings]
    report.unchanged = [doc.file_name for doc in kept]
    return report


def _registered(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, sql: str) -> None:
    """Run `sql` with `frame` visible as the view `incoming_rows`."""
    con.register("incoming_rows", frame.to_arrow())
    try:
        con.execute(sql)
    finally:
        con.unregister("incoming_rows")


def _delete(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> None:
    """Every row of these documents, one statement per table."""
    if not document_ids:
        return
    ids = pl.DataFrame({"document_id": document_ids}, schema={"document_id": pl.String()})
    for table in SCHEMAS:
        _registered(
            con,
            ids,
            f"delete from {RAW_SCHEMA}.{table} where document_id in "
            "(select document_id from incoming_rows)",
        )


def _rename(con: duckdb.DuckDBPyConnection, documents: list[Document | StoredDocument]) -> None:
    """An unchanged document keeps its rows; only its file name may have changed."""
    if not documents:
        return
    names = pl.DataFrame(
        {
            "document_id": [doc.document_id for doc in documents],
            "file_name": [doc.file_name for doc in documents],
        },
        schema={"document_id": pl.String(), "file_name": pl.String()},
    )
    _registered(
        con,
        names,
        f"update {RAW_SCHEMA}.documents as d set file_name = incoming_rows.file_name "
        "from incoming_rows where d.document_id = incoming_rows.document_id "
        "and d.file_name is distinct from incoming_rows.file_name",
    )


def _insert(
    con: duckdb.DuckDBPyConnection, documents: list[Document], loaded_at: datetime, version: str
) -> None:
    """Every table's rows of these documents, one insert per table."""
    if not documents:
        return
    for table, frame in documents_frames(documents, loaded_at).items():
        if table == "documents":
            frame = frame.with_columns(pl.lit(version).alias("loader_version"))
        _registered(
            con, frame, f"insert into {RAW_SCHEMA}.{table} by name select * from incoming_rows"
        )


def load_folder(con: duckdb.DuckDBPyConnection, folder: Path) -> LandReport:
    """Parse the whole folder first, then write: a bad file changes nothing."""
    return sync_documents(con, read_folder(folder, stored_documents(con)))
