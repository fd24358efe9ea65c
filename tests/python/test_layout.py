"""Layouts are data: the shipped layout reads, and a broken one is refused by name."""

from __future__ import annotations

import pytest

from loaders.layout import LAYOUTS_DIR, LayoutError, load_layout, parse_layout

SHIPPED = (LAYOUTS_DIR / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")


def test_the_shipped_layout_declares_what_the_loader_reads() -> None:
    layout = load_layout()
    assert layout.fiscal_year("令和", "４") == 2022
    assert layout.fiscal_year("平成", "元") == 1989
    assert [t.sums for t in layout.totals] == ["pillar", "pillar_reposts", "document"]
    assert layout.group_labels == ("青森県信用保証協会補助",)
    assert layout.funding_header.match("国庫 その他 一般財源")
    assert layout.title.search("（１）令和４年度中小企業振興施策一覧")
    assert layout.funding_sources == ("national", "other", "general")
    assert layout.flags == ("new", "priority", "key_result")
    assert layout.period_years("R2- R6") == "2020-2024"
    assert layout.period_years("H19-") == "2007-"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("sums: document", "sums: everything"), "totals may sum"),
        (("(?P<era>令和|平成)", "(令和|平成)"), "needs the groups"),
        (("role: division", "role: office"), "column roles are"),
        (("role: period", "role: name"), "no column has the role period"),
        (("period: era", "period: julian"), "cell_values.period is one of"),
        (("column_header:", "column_headers:"), "not a usable layout"),
    ],
)
def test_a_broken_layout_is_refused_naming_the_file(change: tuple[str, str], message: str) -> None:
    broken = SHIPPED.replace(*change)
    assert broken != SHIPPED
    with pytest.raises(LayoutError) as caught:
        parse_layout(broken, "layouts/broken.yml")
    assert str(caught.value).startswith("layouts/broken.yml: ")
    assert message in str(caught.value)
