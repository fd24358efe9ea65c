"""Overrides in seeds: honoured when they fit the printed totals, a failing test when not."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, build_documents, copy_project

from core.config import build_path

HEADER = (
    "issuer,fiscal_year,project_key,budget_group,funding_source,amount_thousand_yen,source_note\n"
)


def build_with_override(
    tmp_path: Path,
    project_key: str,
    split: list[tuple[str, int | None]],
    documents: dict[str, bytes] | None = None,
    issuer: str = "",
) -> tuple[int, str, Path]:
    """Build with one override: (funding source, amount) rows for one FY2022 line."""
    project = copy_project(tmp_path / "project")
    rows = "".join(
        f"{issuer},2022,{project_key},,{source},{'' if amount is None else amount},PDF p.1\n"
        for source, amount in split
    )
    (project / "seeds" / "funding_overrides.csv").write_text(HEADER + rows, encoding="utf-8")
    result, _, warehouse = build_documents(
        tmp_path, documents or {DOCUMENT.name: DOCUMENT.read_bytes()}, project
    )
    return result.returncode, result.stdout, warehouse


def test_an_override_that_fits_is_honoured(tmp_path: Path) -> None:
    # sources without a row are 0
    code, out, warehouse = build_with_override(
        tmp_path, "離職者等再就職訓練事業", [("national", 401230)]
    )
    assert code == 0, out[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select funding_column, amount_thousand_yen, funding_status "
            "from marts.fct_budget_line_funding "
            "where project_key = '離職者等再就職訓練事業' order by funding_source_seq"
        ).fetchall() == [
            ("national", 401230, "override"),
            ("other", 0, "override"),
            ("general", 0, "override"),
        ]


def test_an_override_that_breaks_the_totals_fails_the_build(tmp_path: Path) -> None:
    # 離職者等再就職訓練事業 is 国庫 by proof; reading it as 一般財源 cannot reconcile.
    code, out, _ = build_with_override(tmp_path, "離職者等再就職訓練事業", [("general", 401230)])
    assert code != 0
    failed = [line for line in out.splitlines() if " FAIL " in line]
    assert any("assert_stated_totals_reconcile" in line for line in failed)


ATTRIBUTED = (
    "select line_seq, funding_source_seq, amount_thousand_yen, funding_status "
    "from intermediate.int_budget_lines_attributed order by line_seq, funding_source_seq"
)


@pytest.fixture(scope="module")
def attributed_without_overrides(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    work = tmp_path_factory.mktemp("no_overrides")
    result, _, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as con:
        return con.execute(ATTRIBUTED).fetchall()


@pytest.mark.parametrize(
    ("split", "failure"),
    [
        ([("national", -100), ("general", 1028)], "an amount is negative"),
        (
            [("national", 500), ("general", 428)],
            "the line prints 928: no placement of those figures gives this split",
        ),
        ([("national", None), ("general", 928)], "an amount is blank"),
        ([("general", 927)], "the amounts sum to 927, not to the budget 928"),
        (
            [("bond", 928)],
            "the layout has no funding source bond (it has national, other, general)",
        ),
        ([("general", 428), ("general", 500)], "a funding source is listed twice"),
    ],
)
def test_an_override_the_printed_figures_do_not_allow_fails_by_name(
    tmp_path: Path,
    attributed_without_overrides: list[tuple],
    split: list[tuple[str, int | None]],
    failure: str,
) -> None:
    # 就職ガイダンス開催事業 prints one funding figure, 928, beside its budget 928
    code, out, warehouse = build_with_override(tmp_path, "就職ガイダンス開催事業", split)
    assert code != 0
    assert "TypeError" not in out
    named = [line for line in out.splitlines() if "project_key=就職ガイダンス開催事業" in line]
    assert any(failure in line for line in named), out[-3000:]
    assert not warehouse.exists(), "a failed build publishes nothing"
    # the override is not applied, so no other line is re-attributed around it
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as con:
        assert con.execute(ATTRIBUTED).fetchall() == attributed_without_overrides


def iwate_document() -> bytes:
    """The same table under another issuer's title (the issuer named after the year)."""
    text = DOCUMENT.read_text(encoding="utf-8")
    titled = text.replace(
        "令和４年度中小企業振興施策一覧", "令和４年度 岩手県 中小企業振興施策一覧"
    )
    assert titled != text
    return titled.encode("utf-8")


def test_two_issuers_of_one_year_live_side_by_side_and_overrides_name_the_issuer(
    tmp_path: Path,
) -> None:
    documents = {DOCUMENT.name: DOCUMENT.read_bytes(), "iwate_r04.txt": iwate_document()}
    # a blank issuer would name the project in both documents: refused by name
    code, out, _ = build_with_override(
        tmp_path / "blank", "離職者等再就職訓練事業", [("national", 401230)], documents
    )
    assert code != 0
    assert any(
        "project_key=離職者等再就職訓練事業" in line and "give the issuer" in line
        for line in out.splitlines()
    ), out[-3000:]
    code, out, warehouse = build_with_override(
        tmp_path / "named", "離職者等再就職訓練事業", [("national", 401230)], documents, "岩手県"
    )
    assert code == 0, out[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select issuer, fiscal_year from marts.dim_document order by issuer"
        ).fetchall() == [("岩手県", 2022), ("青森県", 2022)]
        assert con.execute(
            "select issuer, funding_status from marts.fct_budget_line "
            "where project_key = '離職者等再就職訓練事業' order by issuer"
        ).fetchall() == [("岩手県", "override"), ("青森県", "derived")]
        assert con.execute(
            "select issuer, count(*), max(years_seen) from marts.fct_project_year_over_year "
            "group by issuer order by issuer"
        ).fetchall() == [("岩手県", 122, 1), ("青森県", 122, 1)]


FLAG_HEADER = "issuer,fiscal_year,project_key,budget_group,flag_column,source_note\n"


def build_with_flag_override(tmp_path: Path, rows: str) -> tuple[int, str, Path]:
    """A build with seeds/flag_overrides.csv holding `rows` (one a flag the line has)."""
    project = copy_project(tmp_path / "project")
    (project / "seeds" / "flag_overrides.csv").write_text(FLAG_HEADER + rows + "\n", "utf-8")
    result, _, warehouse = build_documents(
        tmp_path, {DOCUMENT.name: DOCUMENT.read_bytes()}, project
    )
    return result.returncode, result.stdout, warehouse


@pytest.mark.parametrize(
    ("row", "failure"),
    [
        # prints three marks: all three flags are proven, one flag contradicts the print
        (
            ",2022,中小企業DX推進事業,,priority,x",
            "the line prints 3 mark(s): the override sets 1 flag(s) (priority)",
        ),
        # prints no mark
        (
            ",2022,就職ガイダンス開催事業,,new,x\n,2022,就職ガイダンス開催事業,,key_result,x",
            "the line prints 0 mark(s): the override sets 2 flag(s) (key_result, new)",
        ),
        # one mark on a project that started in 2007: it cannot be new
        (
            ",2022,UIJターン人材誘致促進事業,,new,x",
            "the period starts in fiscal year 2007, before the document's 2022",
        ),
        (
            ",2022,UIJターン人材誘致促進事業,,重点,x",
            "the layout has no flag column 重点: name only its flag columns "
            "(key_result, new, priority)",
        ),
        # an issuer with no such line is named, not ignored
        (
            "岩手県,2022,UIJターン人材誘致促進事業,,priority,x",
            "no line item of that fiscal year has this project_key for the issuer 岩手県",
        ),
    ],
)
def test_a_flag_override_the_print_does_not_allow_fails_by_name(
    tmp_path: Path, row: str, failure: str
) -> None:
    code, out, warehouse = build_with_flag_override(tmp_path, row)
    assert code != 0
    key = row.split(",")[2]
    named = [line for line in out.splitlines() if f"project_key={key}" in line]
    assert any("assert_flag_overrides_fit_their_line" in line for line in out.splitlines())
    assert any(failure in line for line in named), out[-3000:]
    assert not warehouse.exists(), "a failed build publishes nothing"


def test_a_flag_override_the_print_allows_is_honoured(tmp_path: Path) -> None:
    # one mark on an older project: priority or key result; the text cannot tell which
    code, out, warehouse = build_with_flag_override(
        tmp_path, "青森県,2022,UIJターン人材誘致促進事業,,key_result,PDF p.1"
    )
    assert code == 0, out[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select distinct is_new, is_priority, is_key_result, flags_status "
            "from marts.fct_budget_line where project_key = 'UIJターン人材誘致促進事業'"
        ).fetchall() == [(False, False, True, "override")]
