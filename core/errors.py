"""The one error type the loader raises: it names the file and the line, in one line."""

from __future__ import annotations

import re

# Characters that must not reach a terminal or a log raw: C0 and C1 controls (ESC starts
# terminal escape sequences), and the bidirectional controls that reorder what is shown
# (U+202E makes `fdp.exe` read as `exe.pdf`).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What a document's line may not hold: the same, but the tab and the form feed (a text
# extraction's page break) are layout whitespace.
CONTROL_IN_TEXT = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
MESSAGE_LIMIT = 300


def printable(text: str) -> str:
    """`text` with every control character shown as its escape (`\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(exc: BaseException) -> str:
    """An exception as one printable line: its type, and the first line of its message,
    cut at MESSAGE_LIMIT characters."""
    lines = str(exc).strip().splitlines()
    text = printable(lines[0]) if lines else ""
    if len(text) > MESSAGE_LIMIT:
        text = text[: MESSAGE_LIMIT - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class DocumentError(ValueError):
    """A document that cannot be loaded; str() is a one-line message `file:line: what`
    (control characters in it are shown as escapes, never raw)."""

    def __init__(self, file_name: str, line_no: int | None, message: str) -> None:
        self.file_name = file_name
        self.line_no = line_no
        self.message = message
        where = f"{file_name}:{line_no}" if line_no is not None else file_name
        super().__init__(printable(f"{where}: {message}").replace("\n", " "))

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, int | None, str]]:
        # raised in a worker process, it is pickled back to the caller whole
        return (DocumentError, (self.file_name, self.line_no, self.message))
