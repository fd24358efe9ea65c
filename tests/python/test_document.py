"""Decoding, identity and the raw tables of one document."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import DOCUMENT, document_text

from core.errors import DocumentError
from loaders.decode import decode_document
from loaders.document import check_one_document_per_year, parse_document
from loaders.layout import load_layout
from loaders.tables import documents_frames


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8-sig"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("cp932"), "cp932"),
    ],
)
def test_utf8_bom_and_cp932_decode_to_the_same_text(encode, encoding: str) -> None:
    text = document_text()
    decoded, used = decode_document(encode(text), "doc.txt")
    assert (decoded, used) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xe4\xb8\xad\n\x81\x7f\n", 2),
        (b"abc\n\x00def", 2),
    ],
)
def test_undecodable_bytes_name_the_line(data: bytes, line: int) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data, "broken.txt")
    assert str(caught.value).startswith(f"broken.txt:{line}: ")


def test_document_id_is_the_content_hash() -> None:
    data = DOCUMENT.read_bytes()
    first = parse_document(data, "a.txt")
    again = parse_document(data, "b.txt")
    changed = parse_document(data.replace(b"24,349", b"24,350"), "a.txt")
    assert first.document_id == again.document_id == first.sha256[:16]
    assert changed.document_id != first.document_id
    # the file ends with a line holding one space and no newline: 768 lines
    assert len(first.lines) == 768


def test_two_documents_for_one_year_name_both_files() -> None:
    data = DOCUMENT.read_bytes()
    docs = [parse_document(data, "first.txt"), parse_document(data, "second.txt")]
    with pytest.raises(DocumentError, match=r"^second\.txt:146: .*first\.txt"):
        check_one_document_per_year(docs)


def test_era_years_are_landed_from_the_layout() -> None:
    doc = parse_document(DOCUMENT.read_bytes(), DOCUMENT.name)
    eras = documents_frames([doc], datetime(2022, 4, 1))["era_years"]
    assert eras.select("era_letter", "era_name", "offset_years").rows() == [
        (era.letter, era.name, era.offset) for era in load_layout().era_years
    ]
    assert ("R", "令和", 2018) in eras.select("era_letter", "era_name", "offset_years").rows()
