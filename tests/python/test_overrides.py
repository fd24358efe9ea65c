"""Overrides in seeds: honoured when they fit the printed totals, a failing test when not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, build_documents, copy_project

HEADER = "fiscal_year,project_key,national_thousand_yen,other_thousand_yen,general_thousand_yen,"


def build_with_override(tmp_path: Path, row: str) -> tuple[int, str, Path]:
    project = copy_project(tmp_path / "project")
    (project / "seeds" / "funding_overrides.csv").write_text(
        HEADER + "source_note\n" + row + "\n", encoding="utf-8"
    )
    result, _, warehouse = build_documents(
        tmp_path, {DOCUMENT.name: DOCUMENT.read_bytes()}, project
    )
    return result.returncode, result.stdout, warehouse


@pytest.mark.parametrize("split", ["401230,0,0"])
def test_an_override_that_fits_is_honoured(tmp_path: Path, split: str) -> None:
    code, out, warehouse = build_with_override(
        tmp_path, f"2022,離職者等再就職訓練事業,{split},PDF p.1"
    )
    assert code == 0, out[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select national_thousand_yen, funding_status from marts.fct_budget_line "
            "where project_key = '離職者等再就職訓練事業'"
        ).fetchall() == [(401230, "override")]


def test_an_override_that_breaks_the_totals_fails_the_build(tmp_path: Path) -> None:
    # 離職者等再就職訓練事業 is 国庫 by proof; reading it as 一般財源 cannot reconcile.
    code, out, _ = build_with_override(tmp_path, "2022,離職者等再就職訓練事業,0,0,401230,PDF p.1")
    assert code != 0
    failed = [line for line in out.splitlines() if " FAIL " in line]
    assert any("assert_attributed_lines_reconcile" in line for line in failed)
