"""Bytes of a document -> text. UTF-8 (with or without a BOM) first, then Shift_JIS/CP932."""

from __future__ import annotations

from core.errors import DocumentError

ENCODINGS = ("utf-8-sig", "cp932")


def decode_document(data: bytes, file_name: str) -> tuple[str, str]:
    """Return (text, encoding). An undecodable or binary file is a DocumentError."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise DocumentError(file_name, line, "binary data (NUL byte): not a text document")
    first_failure: UnicodeDecodeError | None = None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            first_failure = first_failure or exc
    assert first_failure is not None
    line = data.count(b"\n", 0, first_failure.start) + 1
    raise DocumentError(
        file_name,
        line,
        f"bytes that are neither UTF-8 nor Shift_JIS/CP932 "
        f"(byte 0x{data[first_failure.start]:02x} at offset {first_failure.start})",
    )
