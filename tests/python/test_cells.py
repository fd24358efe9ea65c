"""The cell grammar: a line item's cells split by the layout into roles, each as printed.

What each printed text means (an amount, a period's fiscal years, a flag, a project key) is
read in dbt staging: the unit tests of stg_budget_text__table_cells cover the same cases."""

from __future__ import annotations

import pytest

from loaders.layout import load_layout
from loaders.segment import row_cells, segment_elements

HEADER = ["国庫 その他 一般財源"]


def cells_of(line: str, division_lines: tuple[str, ...] = ()) -> dict[str, list[str]]:
    rows = segment_elements([*HEADER, line, *division_lines], "t.txt").rows
    assert len(rows) == 1
    found: dict[str, list[str]] = {}
    for cell in row_cells(rows[0], load_layout()):
        found.setdefault(cell.role, []).append(cell.text)
    return found


@pytest.mark.parametrize(
    ("line", "flags", "figures", "period", "foundation"),
    [
        ("A ○ ○ ○ 24,349 11,020 13,329 R4-R5", 3, ["24,349", "11,020", "13,329"], "R4-R5", None),
        ("B 928 928 R2-R4", 0, ["928", "928"], "R2-R4", None),
        (
            "C ○ ○ ○ 7,359 3,384 1,062 2,913 R4-R6",
            3,
            ["7,359", "3,384", "1,062", "2,913"],
            "R4-R6",
            None,
        ),
        ("D 26,554 26,554 H19- ○", 0, ["26,554", "26,554"], "H19-", "○"),
        ("E ○ ○ ○ 8,432 7,587 845 R4-R5 △", 3, ["8,432", "7,587", "845"], "R4-R5", "△"),
        (
            "F 1,170,090 933,514 236,576 R2- R6",
            0,
            ["1,170,090", "933,514", "236,576"],
            "R2- R6",
            None,
        ),
        ("G ○ 5,223 2,612 2,611 S44-Ｒ４", 1, ["5,223", "2,612", "2,611"], "S44-Ｒ４", None),
        ("H ○ 616,955 616,955 R4", 1, ["616,955", "616,955"], "R4", None),
        (
            "I ○ ６１６，９５５ ６１６，９５５ Ｒ４－Ｒ５",
            1,
            ["６１６，９５５", "６１６，９５５"],
            "Ｒ４－Ｒ５",
            None,
        ),
    ],
)
def test_flags_figures_period_and_foundation(
    line: str, flags: int, figures: list[str], period: str, foundation: str | None
) -> None:
    cells = cells_of(line)
    assert len(cells.get("flag", [])) == flags
    assert cells["amount"] + cells.get("funding_source", []) == figures
    assert cells["period"] == [period]
    assert cells.get("foundation", [None]) == [foundation]


def test_names_reposts_and_divisions() -> None:
    cells = cells_of(
        "ニーズ対応型フローズンフーズ創出事業（再掲) ○ ○ 15,083 5,521 9,562 R3-R4 総合販売戦略課"
    )
    assert cells["name"] == ["ニーズ対応型フローズンフーズ創出事業"]
    assert cells["repost"] == ["（再掲)"]
    assert cells["division"] == ["総合販売戦略課"]
    cells = cells_of(
        "あおもりＩＣＴ施工実践推進事業 ○ ○ 2,972 2,752 220 R4-R6",
        ("新産業創造課", "（西北地域県民局）"),
    )
    assert cells["name"] == ["あおもりＩＣＴ施工実践推進事業"]
    assert "repost" not in cells
    assert cells["division"] == ["新産業創造課"]
    assert cells["regional_office"] == ["（西北地域県民局）"]
    cells = cells_of(
        "中小企業DX推進事業 ○ ○ ○ 8,432 7,587 845 R4-R5 △ 地域産業課", ("（R５：新産業創造課）",)
    )
    assert cells["division_note"] == ["（R５：新産業創造課）"]


def test_a_column_is_named_only_when_the_print_says_which() -> None:
    rows = segment_elements([*HEADER, "A ○ ○ 100 60 40 R4 課"], "t.txt").rows
    cells = row_cells(rows[0], load_layout())
    assert {c.column for c in cells if c.role in ("flag", "funding_source")} == {None}
    rows = segment_elements([*HEADER, "A ○ ○ ○ 100 50 30 20 R4 課"], "t.txt").rows
    cells = row_cells(rows[0], load_layout())
    assert [c.column for c in cells if c.role == "funding_source"] == [
        "national",
        "other",
        "general",
    ]
    assert [c.column for c in cells if c.role == "flag"] == ["new", "priority", "key_result"]
