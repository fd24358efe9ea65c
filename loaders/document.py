"""One document file -> a parsed document with its identity. Pure: bytes in, records out."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.errors import CONTROL_IN_TEXT, DocumentError, one_line
from loaders.declared import Declared
from loaders.decode import decode_document
from loaders.pdf import read_pdf_tables
from loaders.segment import CellLine, SegmentedDocument, segment, split_lines

DOCUMENT_ID_LENGTH = 16


@dataclass
class Document:
    document_id: str
    file_name: str
    sha256: str
    encoding: str
    lines: list[str]
    parsed: SegmentedDocument
    # text or pdf; a PDF's lines are its cell lines, each with its page and box
    source_format: str = "text"
    line_boxes: list[CellLine] | None = None

    @property
    def page_count(self) -> int:
        """A PDF's pages holding its table's lines (0 for a text)."""
        return max((line.page for line in self.line_boxes or ()), default=0)

    @property
    def fiscal_year(self) -> int:
        return self.parsed.fiscal_year

    @property
    def issuer(self) -> str:
        return self.parsed.issuer

    @property
    def title_line(self) -> int:
        return self.parsed.title_line

    @property
    def table_part(self) -> str:
        return self.parsed.table_part


@dataclass
class StoredDocument:
    """A file whose content the warehouse already holds, parsed by the same loader code:
    it is not parsed again, only its name may have changed."""

    document_id: str
    file_name: str
    fiscal_year: int
    title_line: int
    issuer: str
    source_format: str = "text"
    table_part: str = ""
    # the file's content hash: a file may hold several tables, each a document
    sha256: str = ""


def parse_document(data: bytes, file_name: str, declared: Declared | None = None) -> Document:
    """Decode, split and segment a file of one table (a PDF: read by its columns); the id
    is its content hash. `declared`: what the analyst declared of a document printing no
    title. A file of several tables: `parse_file`."""
    documents = parse_file(data, file_name, declared)
    if len(documents) > 1:
        parts = ", ".join(doc.table_part for doc in documents)
        raise DocumentError(file_name, None, f"holds {len(documents)} tables ({parts})")
    return documents[0]


def parse_file(data: bytes, file_name: str, declared: Declared | None = None) -> list[Document]:
    """Each table of a file as a document: one, or a budget book's several (its 総括 and
    its 事項別明細書), each read with its layout. A file of one table has its content hash
    as id; each table of a file of several, the hash of the content hash and its table
    part."""
    try:
        return _parse(data, file_name, declared)
    except DocumentError:
        raise
    except RecursionError:
        raise DocumentError(file_name, None, "nested too deeply to be read") from None
    except Exception as exc:  # noqa: BLE001 - any failure on one file is named by the file
        raise DocumentError(file_name, None, f"cannot be read ({one_line(exc)})") from None


def check_control_characters(lines: list[str], where: Callable[[int], str]) -> None:
    """A control character in a line (ESC, which drives terminals; U+202E, which reverses
    what is shown; other C0/C1 controls) is refused, naming the line (`where(index)`):
    a printed table holds none, and a name must not carry one into the marts and logs."""
    for index, line in enumerate(lines):
        found = CONTROL_IN_TEXT.search(line)
        if found is not None:
            code = f"U+{ord(found.group()):04X}"
            raise DocumentError(
                where(index), None, f"a control character ({code}) in the text: remove it"
            )


def _parse(data: bytes, file_name: str, declared: Declared | None) -> list[Document]:
    sha256 = hashlib.sha256(data).hexdigest()
    if file_name.lower().endswith(".pdf"):
        tables = read_pdf_tables(data, file_name, declared=declared)
        documents = []
        for pdf in tables:
            check_control_characters(
                [line.text for line in pdf.lines],
                lambda i, pdf=pdf: f"{file_name} (page {pdf.lines[i].page})",
            )
            table_id = sha256 if len(tables) == 1 else _table_id(sha256, pdf.parsed.table_part)
            documents.append(
                Document(
                    document_id=table_id[:DOCUMENT_ID_LENGTH],
                    file_name=file_name,
                    sha256=sha256,
                    encoding="pdf",
                    lines=[line.text for line in pdf.lines],
                    parsed=pdf.parsed,
                    source_format="pdf",
                    line_boxes=pdf.lines,
                )
            )
        return documents
    text, encoding = decode_document(data, file_name)
    lines = split_lines(text)
    check_control_characters(lines, lambda i: f"{file_name}:{i + 1}")
    return [
        Document(
            document_id=sha256[:DOCUMENT_ID_LENGTH],
            file_name=file_name,
            sha256=sha256,
            encoding=encoding,
            lines=lines,
            parsed=segment(lines, file_name, declared=declared),
        )
    ]


def _table_id(sha256: str, table_part: str) -> str:
    return hashlib.sha256(f"{sha256} {table_part}".encode()).hexdigest()


def check_one_document_per_year(documents: Sequence[Document | StoredDocument]) -> None:
    """Two documents of one issuer for the same fiscal year, table and format are an error
    naming both files (a PDF and its text extraction may stand side by side: the PDF is
    the document of record; a budget book's 総括 and its parts are different tables)."""
    seen: dict[tuple[str, int, str, str], Document | StoredDocument] = {}
    for doc in documents:
        key = (doc.issuer, doc.fiscal_year, doc.table_part, doc.source_format)
        other = seen.get(key)
        if other is not None:
            raise DocumentError(
                doc.file_name,
                doc.title_line,
                f"fiscal year {doc.fiscal_year} of {doc.issuer} is also the year of "
                f"{other.file_name} (line {other.title_line}): one document per issuer, "
                "fiscal year, table and format",
            )
        seen[key] = doc
