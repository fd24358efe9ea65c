"""`python -m loaders draft-layout`: a first layout drawn from a PDF page's table, for an
analyst to finish with `check-layout` (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DOCUMENT, REPO, run_loader_cli
from pdf_generator import STYLES, render, table_from_text
from test_pdf import truth

REAL = REPO / "tests" / "data" / "real"


def drafted(path: Path, page: int | None = None) -> tuple[str, dict]:
    args = ["draft-layout", str(path)] + ([] if page is None else ["--page", str(page)])
    result = run_loader_cli(args)
    assert result.returncode == 0, result.stderr
    return result.stdout, yaml.safe_load(result.stdout)


@pytest.mark.parametrize("style", STYLES, ids=[s.name for s in STYLES])
def test_a_generated_table_drafts_the_shipped_columns(tmp_path: Path, style) -> None:
    table = table_from_text(DOCUMENT.read_text("utf-8"), truth(), "aomori_chusho_shisaku")
    path = tmp_path / "drawn.pdf"
    path.write_bytes(render(table, style))
    text, layout = drafted(path)
    columns = [(c["header"][0], c["role"]) for c in layout["columns"]]
    assert columns == [
        ("基本方針", "pillar"),
        ("事業名", "name"),
        ("新規", "flag"),
        ("重点", "flag"),
        ("主要成果", "flag"),
        ("事業費", "amount"),
        ("国庫", "funding_source"),
        ("その他", "funding_source"),
        ("一般財源", "funding_source"),
        ("事業期間", "period"),
        ("21財団への補助・委託", "division"),
        ("担当課等", "division"),
    ]
    assert layout["column_header"]["funding_line"] == ["国庫", "その他", "一般財源"]
    # every guess says what to decide; the layout check names what is left to decide
    assert all("# decide:" in line for line in text.splitlines() if "{name: column_" in line)
    draft = tmp_path / "draft.yml"
    draft.write_text(text, encoding="utf-8")
    check = run_loader_cli(["check-layout", str(draft)])
    assert check.returncode == 1
    assert check.stderr == (
        f"error: {draft}: only one column may have the role division, not column_11, column_12\n"
    )


def test_the_real_summary_page_drafts_its_figure_columns_and_group_header() -> None:
    text, layout = drafted(REAL / "fuji_r8_00_gaiyo_soukatsu.pdf", 18)
    columns = [(c["header"][0], c["role"]) for c in layout["columns"]]
    # the 款 number, the 款 name, then the figures of the 総括 (letter-spaced 地 方 債 read
    # whole, the 千円 units row kept out of the headers)
    assert columns == [
        ("?", "name"),
        ("款", "name"),
        ("本年度予算額", "amount"),
        ("前年度予算額", "funding_source"),
        ("比較", "funding_source"),
        ("国県支出金", "funding_source"),
        ("地方債", "funding_source"),
        ("その他", "funding_source"),
        ("一般財源", "funding_source"),
    ]
    assert "an item number" in text and "a change column?" in text and "printed in 千円" in text
    assert "# a group header over 国県支出金, 地方債: 特定財源" in text


def test_a_page_without_figures_is_refused_in_one_line() -> None:
    cover = REAL / "fuji_r8_00_gaiyo_soukatsu.pdf"
    result = run_loader_cli(["draft-layout", str(cover), "--page", "1"])
    assert result.returncode == 1
    assert result.stderr == (
        "error: fuji_r8_00_gaiyo_soukatsu.pdf (page 1): prints no figure: no table to draw a "
        "layout from\n"
    )
