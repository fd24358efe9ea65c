"""A complete warehouse built by the real `dbt build` in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, build_documents, run_dbt


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("e2e")
    result, docs, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-4000:]
    assert "documents: 1 loaded" in result.stdout
    return docs, warehouse, work


def test_line_items_pillars_and_totals(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = built
    assert query(
        warehouse,
        "select count(*), count(*) filter (where not is_repost), "
        "count(*) filter (where is_repost) from marts.fct_budget_line",
    ) == [(136, 122, 14)]
    assert query(warehouse, "select count(*) from marts.dim_pillar") == [(8,)]
    assert query(
        warehouse, "select count(distinct source_line_first) from marts.fct_stated_total_check"
    ) == [(14,)]
    kinds = query(
        warehouse,
        "select row_kind, count(*) from marts.fct_stated_total_check "
        "where column_name = 'budget' group by row_kind",
    )
    assert dict(kinds) == {"小計": 8, "再掲含む": 5, "合計": 1}


def test_every_check_is_zero_in_every_column(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = built
    rows = query(
        warehouse,
        "select column_name, difference_thousand_yen from marts.fct_stated_total_check",
    )
    assert len(rows) == 56 and all(difference == 0 for _, difference in rows)
    assert query(
        warehouse, "select sum(budget_thousand_yen) from marts.fct_budget_line where not is_repost"
    ) == [(65_471_129,)]


def test_marts_carry_what_the_text_proves(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = built
    statuses = query(
        warehouse, "select funding_status, count(*) from marts.fct_budget_line group by 1"
    )
    assert dict(statuses) == {"printed": 3, "derived": 77, "inferred": 56}
    assert query(
        warehouse,
        "select funding_column, amount_thousand_yen from marts.fct_budget_line_funding "
        "where project_name = '風力発電関連産業しごとづくり・人づくり事業' "
        "order by funding_source_seq",
    ) == [("national", 3384), ("other", 1062), ("general", 2913)]
    assert query(
        warehouse,
        "select fiscal_year, start_fiscal_year, end_fiscal_year, is_open_ended, "
        "foundation_support, division, division_note from marts.fct_budget_line "
        "where project_key = '中小企業DX推進事業'",
    ) == [(2022, 2022, 2023, False, "partial", "地域産業課", "R５：新産業創造課")]
    assert query(
        warehouse,
        "select group_label, project_name from marts.fct_budget_line where group_label is not null",
    ) == [("青森県信用保証協会補助", "東北地方太平洋沖地震被災中小企業経営再建特別対策事業費補助")]
    assert query(
        warehouse,
        "select pillar_no, amount_thousand_yen from marts.fct_pillar_funding "
        "where funding_source = '国庫' order by pillar_no limit 2",
    ) == [(1, 627_175), (2, 3_269_490)]


def test_no_line_of_the_document_is_left_over(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = built
    assert query(
        warehouse,
        "select count(*) from intermediate.int_document_lines_accounted "
        "where element_count != case when is_blank then 0 else 1 end",
    ) == [(0,)]


def test_rebuild_with_unchanged_documents_changes_nothing(built: tuple[Path, Path, Path]) -> None:
    docs, warehouse, work = built
    before = query(warehouse, "select * from marts.fct_budget_line order by line_seq")
    loaded_at = query(warehouse, "select loaded_at from raw.documents")
    result = run_dbt(["build"], docs, warehouse, work)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "documents: 0 loaded, 1 unchanged" in result.stdout
    assert query(warehouse, "select * from marts.fct_budget_line order by line_seq") == before
    assert query(warehouse, "select loaded_at from raw.documents") == loaded_at


def test_bad_line_fails_the_build_and_keeps_the_warehouse(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DOCUMENT, docs / DOCUMENT.name)
    warehouse = tmp_path / "warehouse.duckdb"
    assert run_dbt(["build"], docs, warehouse, tmp_path).returncode == 0
    text = DOCUMENT.read_text(encoding="utf-8")
    (docs / DOCUMENT.name).write_text(
        text.replace("928 928 R2-R4 労政", "928 928 R2-R4x 労政"), encoding="utf-8"
    )
    result = run_dbt(["build"], docs, warehouse, tmp_path)
    assert result.returncode != 0
    assert f"{DOCUMENT.name}:27: looks like a line item" in result.stdout
    assert query(warehouse, "select count(*) from marts.fct_budget_line") == [(136,)]
    assert query(warehouse, "select count(*) from raw.document_lines") == [(768,)]


def test_a_figure_that_does_not_reconcile_fails_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = DOCUMENT.read_text(encoding="utf-8")
    # Budget and one source both off by 10: the row adds up, pillar ①'s 小計 does not.
    (docs / DOCUMENT.name).write_text(
        text.replace("24,349 11,020 13,329", "24,359 11,030 13,329"), encoding="utf-8"
    )
    result = run_dbt(["build"], docs, tmp_path / "w.duckdb", tmp_path)
    assert result.returncode != 0
    assert "assert_stated_totals_reconcile" in result.stdout
    assert (
        "assert_subtotals_sum_to_grand_total"
        not in result.stdout.split("Done.")[0].split("Completed")[-1]
    )


def test_attribution_statuses_per_pillar(built: tuple[Path, Path, Path]) -> None:
    _, warehouse, _ = built
    rows = query(
        warehouse,
        "select pillar_no, printed_line_count, derived_line_count, inferred_line_count "
        "from marts.dim_pillar order by pillar_no",
    )
    assert rows == [
        (1, 1, 11, 31),
        (2, 1, 4, 25),
        (3, 0, 6, 0),
        (4, 0, 16, 0),
        (5, 0, 8, 0),
        (6, 0, 2, 0),
        (7, 1, 4, 0),
        (8, 0, 12, 0),
    ]
    # funding by pillar equals the printed 小計 in every column
    assert query(
        warehouse,
        "select count(*) from marts.fct_pillar_funding "
        "where amount_thousand_yen != stated_subtotal_thousand_yen",
    ) == [(0,)]
    # a repost carries its original's split
    assert query(
        warehouse,
        "select count(*) from marts.fct_budget_line as r "
        "join marts.fct_budget_line_funding as rf "
        "on r.document_id = rf.document_id and r.line_seq = rf.line_seq "
        "join marts.fct_budget_line_funding as o "
        "on r.document_id = o.document_id and r.original_line_seq = o.line_seq "
        "and rf.funding_source_seq = o.funding_source_seq "
        "where rf.amount_thousand_yen != o.amount_thousand_yen",
    ) == [(0,)]
    assert query(warehouse, "select count(*) from marts.fct_budget_line_funding") == [(408,)]


def test_worker_processes_attribute_exactly_as_one_process(
    built: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl

    from attribution.frames import attribute_frame

    _, warehouse, _ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        lines, totals, columns, overrides, plausibility = (
            con.sql(f"select * from {name}").pl()
            for name in (
                "intermediate.int_budget_lines_corrected",
                "intermediate.int_table_rows_pivoted where row_kind != 'line_item'",
                "intermediate.int_amount_columns",
                "intermediate.int_funding_overrides_checked",
                "staging.funding_plausibility",
            )
        )
        stored = con.sql(
            "select * exclude (attribution_key) from intermediate.int_budget_lines_attributed"
        ).pl()
    copies = [pl.lit(f"copy{i}").alias("document_id") for i in range(3)]
    many_lines = pl.concat([lines.with_columns(c) for c in copies])
    many_totals = pl.concat([totals.with_columns(c) for c in copies])
    many_columns = pl.concat([columns.with_columns(c) for c in copies])
    results = {}
    for workers in ("1", "2"):
        monkeypatch.setenv("SHISAKU_WORKERS", workers)
        results[workers] = attribute_frame(
            many_lines, many_totals, many_columns, overrides, plausibility
        )
    assert results["1"].equals(results["2"])
    first = results["2"].filter(pl.col("document_id") == "copy0").drop("document_id")
    order = ["line_seq", "funding_source_seq"]
    assert first.sort(order).equals(stored.drop("document_id").sort(order))
