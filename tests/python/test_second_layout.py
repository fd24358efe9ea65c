"""A second layout is data: layouts/sangyo_shinko_shisaku.yml loads beside the first.

Generated documents of that layout (tests/python/generated_layout.py: four funding
sources, two flags, Gregorian periods, pillars ㈠… and (1)…, names wrapped at 10 and 16
characters, reposts, page breaks) are built with the shipped FY2022 Aomori text in one
warehouse: three issuers side by side, every printed total reconciled, four funding
sources through attribution, marts, exports and the report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import polars as pl
import pytest
from conftest import DOCUMENT, build_documents
from generated_layout import SOURCES, Generated, generate

from core.errors import DocumentError
from loaders.document import parse_document
from loaders.layout import load_layout
from serving.export import export_marts
from serving.report import write_report

GENERATED = {
    "iwate_r05.txt": generate(1, issuer="岩手県", width=10, marks="circled"),
    "akita_r05.txt": generate(2, issuer="秋田県", width=16, marks="numbered", pillars=5),
}


def test_the_second_layout_declares_four_sources_and_two_flags() -> None:
    layout = load_layout("sangyo_shinko_shisaku")
    assert layout.funding_sources == SOURCES
    assert layout.flags == ("new", "priority")
    assert layout.period_kind == "gregorian" and layout.period.fullmatch("2019-")


def test_a_header_the_layout_does_not_start_with_says_where_to_add_it() -> None:
    """The header block's first line is declared (column_header.block_first); a document
    printing another word there (区分 for 施策の柱) is told which line to add, not that a
    project name has no figures."""
    text = GENERATED["iwate_r05.txt"].text.replace("施策の柱 事業名", "区分 事業名", 1)
    with pytest.raises(DocumentError) as caught:
        parse_document(text.encode("utf-8"), "iwate_r05.txt")
    assert str(caught.value) == (
        "iwate_r05.txt:4: text '区分 事業名' prints the column header word(s) 事業名 but is "
        "not the start of layout sangyo_shinko_shisaku's header block (施策の柱 / 施策の柱 "
        "事業名): if it is this document's header, add its first line to "
        "column_header.block_first"
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("two_layouts")
    documents = {DOCUMENT.name: DOCUMENT.read_bytes()}
    documents |= {name: g.text.encode("utf-8") for name, g in GENERATED.items()}
    result, _, published = build_documents(work, documents)
    assert result.returncode == 0, result.stdout[-4000:]
    return published


def query(warehouse: Path, sql: str, params: list[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_both_layouts_load_side_by_side(warehouse: Path) -> None:
    assert query(
        warehouse,
        "select issuer, fiscal_year from marts.dim_document order by fiscal_year, issuer",
    ) == [("青森県", 2022), ("岩手県", 2023), ("秋田県", 2023)]
    assert query(
        warehouse,
        "select check_status, count(*) from marts.fct_stated_total_check group by 1",
    ) == [("reconciled", 56 + sum(5 * _totals(g) for g in GENERATED.values()))]


def _totals(generated: Generated) -> int:
    return len(re.findall(r"^(?:小計|〃|合計)", generated.text, flags=re.MULTILINE))


@pytest.mark.parametrize("file_name", list(GENERATED))
def test_every_line_reads_as_drawn(warehouse: Path, file_name: str) -> None:
    generated = GENERATED[file_name]
    rows = query(
        warehouse,
        "select b.line_seq, b.project_key, b.pillar_no, b.is_repost, b.budget_thousand_yen, "
        "b.start_fiscal_year, b.end_fiscal_year, b.is_new, b.is_priority, b.is_key_result, "
        "b.flags_status, b.funding_status, "
        "list(f.funding_column order by f.funding_source_seq), "
        "list(f.amount_thousand_yen order by f.funding_source_seq) "
        "from marts.fct_budget_line as b "
        "join marts.fct_budget_line_funding as f using (document_id, line_seq) "
        "where b.issuer = ? group by all order by b.line_seq",
        [generated.issuer],
    )
    assert len(rows) == len(generated.truth)
    for row, drawn in zip(rows, generated.truth, strict=True):
        key, pillar, repost, budget, start, end, new, priority, key_result = row[1:10]
        flags_status, funding_status, columns, amounts = row[10:]
        assert (key, pillar, repost, budget) == (
            drawn.key,
            drawn.pillar,
            drawn.is_repost,
            drawn.budget,
        )
        assert (start, end) == (drawn.start, drawn.end)
        assert tuple(columns) == SOURCES
        assert key_result is None, "the layout has no key-result column"
        assert sum(amounts) == budget
        if funding_status in ("printed", "derived"):
            assert tuple(amounts) == drawn.split, key
        if flags_status == "exact":
            assert (new, priority) == (drawn.is_new, drawn.is_priority), key


def test_four_sources_reach_the_exports_and_the_report(warehouse: Path, tmp_path: Path) -> None:
    export_marts(warehouse, tmp_path / "exports")
    funding = pl.read_parquet(tmp_path / "exports" / "fct_pillar_funding.parquet")
    iwate = funding.join(
        pl.read_parquet(tmp_path / "exports" / "dim_document.parquet").select(
            "document_id", "issuer"
        ),
        on="document_id",
    ).filter(pl.col("issuer") == "岩手県")
    assert iwate.sort("funding_source_seq")["funding_source"].unique(
        maintain_order=True
    ).to_list() == [
        "国庫支出金",
        "県債",
        "その他",
        "一般財源",
    ]
    page = write_report(warehouse, tmp_path / "report.html").read_text(encoding="utf-8")
    payload = re.search(
        r'<script id="report-data" type="application/json">(.*?)</script>', page, re.DOTALL
    )
    assert payload is not None
    data = json.loads(payload.group(1))
    # the latest document is of the second layout: its four sources, four colours
    assert data["sources"] == ["国庫支出金", "県債", "その他", "一般財源"]
    assert len(data["colors"]) == 4
