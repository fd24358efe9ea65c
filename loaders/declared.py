"""What a document does not print, declared by the analyst: `declared.yml` in the documents
folder.

A part of a budget book split from the whole (歳出 5款 労働費) prints neither its fiscal
year nor its issuer: the book's cover does, in another file. The analyst declares them per
file name, with the source that says so; the warehouse shows the source beside the document
(dim_document.declared_source), so a declared year is never taken for a printed one. A
declaration that contradicts what a document prints is an error naming both.

    fuji_r8_saishutsu_05_rodohi.pdf:
      issuer: 富士市
      fiscal_year: 2026
      title: 令和８年度 富士市一般会計予算書 歳出 ５款 労働費
      source: the city's FY2026 budget book, split by 款 (its cover is in another file)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from core.errors import DocumentError, one_line

DECLARED_FILE = "declared.yml"
KEYS = ("issuer", "fiscal_year", "title", "source")


@dataclass(frozen=True)
class Declared:
    issuer: str
    fiscal_year: int
    title: str
    source: str


def read_declared(folder: Path, file_names: list[str]) -> dict[str, Declared]:
    """The declarations of a documents folder, by file name (none without the file). Any
    entry that cannot be used, or names no document of the folder, is an error in one
    line naming the file and the entry."""
    path = folder / DECLARED_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DocumentError(DECLARED_FILE, None, f"cannot be read ({one_line(exc)})") from None
    if not isinstance(data, dict):
        raise DocumentError(DECLARED_FILE, None, "is not a mapping of file names")
    declared = {}
    for name, entry in data.items():
        where = f"{DECLARED_FILE} ({name})"
        if str(name) not in file_names:
            raise DocumentError(where, None, "names no document of the folder")
        if not isinstance(entry, dict) or set(entry) != set(KEYS):
            raise DocumentError(where, None, f"declares exactly {', '.join(KEYS)}")
        try:
            year = int(entry["fiscal_year"])
        except (TypeError, ValueError):
            raise DocumentError(where, None, "fiscal_year is not a year") from None
        if not all(str(entry[key]).strip() for key in KEYS):
            raise DocumentError(where, None, f"declares {', '.join(KEYS)}, none of them empty")
        declared[str(name)] = Declared(
            str(entry["issuer"]), year, str(entry["title"]), str(entry["source"])
        )
    return declared
