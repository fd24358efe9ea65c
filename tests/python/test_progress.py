"""A long load says where it stands (core/progress.py); a quick one says nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import DOCUMENT, REPO

from core import progress as progress_module
from core.progress import Progress, loading
from loaders.land import read_folder
from loaders.pdf.glyphs import read_pages

SAMPLE = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid.pdf"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_quick_load_says_nothing() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(10, stream, clock)
    for _ in range(10):
        clock.now += 0.2
        progress.document(pages=8)
    progress.finish()
    assert stream.getvalue() == ""


def test_a_long_load_says_where_it_stands_a_few_times_in_a_log() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress(1000, stream, clock)
    for _ in range(1000):
        clock.now += 0.1  # 100 s in all
        progress.document(pages=8)
    progress.finish()
    lines = stream.getvalue().splitlines()
    # not a terminal: after 3 s, then every 30 s, and the last line
    assert len(lines) == 5
    assert lines[0] == (
        "loading: 30/1,000 documents, 240 pages read, 10.0 documents/s, about 97 s left"
    )
    assert lines[-1] == "loading: 1,000/1,000 documents, 8,000 pages read, 10.0 documents/s"


def test_progress_can_be_silenced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHISAKU_PROGRESS", "0")
    stream, clock = io.StringIO(), Clock()
    progress = Progress(2, stream, clock)
    clock.now = 100.0
    progress.document()
    progress.finish()
    assert stream.getvalue() == ""


def test_a_long_pdf_counts_its_pages_as_they_are_read() -> None:
    with loading(1, io.StringIO()) as progress:
        read_pages(SAMPLE.read_bytes(), SAMPLE.name)
    assert (progress.documents, progress.pages) == (0, 8)


def test_the_loader_reports_documents_as_they_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(progress_module, "QUIET_FOR", 0.0)
    (tmp_path / "a.txt").write_bytes(DOCUMENT.read_bytes())
    (tmp_path / "b.pdf").write_bytes(SAMPLE.read_bytes())
    read_folder(tmp_path)
    err = capsys.readouterr().err
    assert err.startswith("loading: 1/2 documents, 0 pages read")
    assert "loading: 2/2 documents, 8 pages read" in err
