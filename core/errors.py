"""The one error type the loader raises: it names the file and the line."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document that cannot be loaded; str() is a one-line message `file:line: what`."""

    def __init__(self, file_name: str, line_no: int | None, message: str) -> None:
        self.file_name = file_name
        self.line_no = line_no
        self.message = message
        where = f"{file_name}:{line_no}" if line_no is not None else file_name
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[DocumentError], tuple[str, int | None, str]]:
        # raised in a worker process, it is pickled back to the caller whole
        return (DocumentError, (self.file_name, self.line_no, self.message))
