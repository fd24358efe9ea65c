"""The benchmark's generated documents are real members of the family (the benchmark
itself runs with `make bench`, not in the test suite)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO, document_text

from loaders.document import parse_document

spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" / "bench_build.py")
assert spec and spec.loader
bench_build = importlib.util.module_from_spec(spec)
sys.modules["bench_build"] = bench_build
spec.loader.exec_module(bench_build)


@pytest.mark.parametrize(
    ("index", "year", "grand_total"),
    [(0, 2022, "65,471,129"), (1, 2023, "130,942,258"), (1000, 3022, "130,942,258")],
)
def test_generated_documents_have_their_own_year_and_consistent_totals(
    index: int, year: int, grand_total: str
) -> None:
    text = bench_build.generated_document(document_text(), index)
    doc = parse_document(text.encode("utf-8"), f"doc_{index}.txt")
    assert doc.fiscal_year == year
    totals = [r for r in doc.parsed.rows if r.row_kind == "合計"]
    assert totals[0].cell_text.split()[0] == grand_total
    items = [r for r in doc.parsed.rows if r.row_kind == "line_item"]
    assert len(items) == 136
