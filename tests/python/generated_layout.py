"""Documents of the second layout (layouts/sangyo_shinko_shisaku.yml), generated.

A generated 産業振興施策一覧: four funding sources (国庫支出金, 県債, その他, 一般財源), two
flags (新規, 重点), Gregorian periods, pillars marked ㈠… or (1)…, names wrapped at a
chosen width, reposts, page breaks with the header repeated, and totals that reconcile.
The text is what a converter leaves, as in the shipped FY2022 text: one cell line per
row, omitted cells dropped. `truth` holds what was drawn, for the tests to compare.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SOURCES = ("national", "bond", "other", "general")
HEADER = [
    "国庫支出金 県債 その他 一般財源",
    "施策の柱 事業名",
    "新規",
    "重点",
    "事業費",
    "財源内訳",
    "事業期間",
    "担当課",
]
WORDS = (
    "地域産業",
    "ものづくり",
    "観光",
    "人材育成",
    "販路開拓",
    "デジタル",
    "創業",
    "事業承継",
    "海外展開",
    "水産加工",
    "農商工連携",
    "エネルギー",
    "物流",
    "商店街",
    "研究開発",
)
ENDINGS = ("支援事業", "推進事業", "強化事業", "促進事業", "育成事業")
DIVISIONS = ("産業振興課", "商工政策課", "観光課", "雇用対策課", "農林水産企画課")
CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"


@dataclass(frozen=True)
class Line:
    key: str
    pillar: int
    is_repost: bool
    budget: int
    split: tuple[int, int, int, int]
    is_new: bool
    is_priority: bool
    start: int
    end: int | None


@dataclass
class Generated:
    text: str
    issuer: str
    fiscal_year: int
    truth: list[Line]


def amount(value: int) -> str:
    return f"{value:,}"


def wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def generate(
    seed: int,
    *,
    issuer: str = "岩手県",
    reiwa_year: int = 5,
    width: int = 12,
    marks: str = "circled",
    pillars: int = 4,
    page_rows: int = 9,
) -> Generated:
    """One document; `marks` is "circled" (㈠) or "numbered" ((1))."""
    rng = random.Random(seed)
    fiscal_year = 2018 + reiwa_year
    lines: list[str] = [f"令和{reiwa_year}年度 {issuer} 産業振興施策一覧", "", *HEADER, ""]
    truth: list[Line] = []
    names: set[str] = set()
    by_pillar: list[list[Line]] = []
    rows_on_page = 0

    def new_name() -> str:
        while True:
            name = "".join(rng.sample(WORDS, rng.randint(2, 3))) + rng.choice(ENDINGS)
            if name not in names:
                names.add(name)
                return name

    def emit_row(name: str, line: Line) -> None:
        nonlocal rows_on_page
        if rows_on_page >= page_rows:
            lines.extend([f"- {len(lines) // 40 + 1} -", "", *HEADER, ""])
            rows_on_page = 0
        rows_on_page += 1
        flags = ["○"] * (int(line.is_new) + int(line.is_priority))
        figures = [amount(line.budget)] + [amount(v) for v in line.split if v]
        period = f"{line.start}-" + ("" if line.end is None else str(line.end))
        if line.end == line.start:
            period = str(line.start)
        cells = " ".join([*flags, *figures, period])
        division = rng.choice(DIVISIONS)
        if len(name) <= width:
            lines.append(f"{name} {cells} {division}")
        else:
            lines.extend(wrap(name, width))
            lines.append("")
            lines.append(f"{cells} {division}")
        lines.append("")

    def total(label: str, members: list[Line]) -> str:
        budget = sum(m.budget for m in members)
        columns = [sum(m.split[c] for m in members) for c in range(len(SOURCES))]
        return " ".join([label, amount(budget), *(amount(v) for v in columns)])

    for p in range(1, pillars + 1):
        mark = CIRCLED[p - 1] if marks == "circled" else f"({p})"
        lines.append(f"{mark}{rng.choice(WORDS)}の振興を図ること")
        lines.append(f"・{rng.choice(WORDS)}の強化")
        lines.append("")
        own: list[Line] = []
        for _ in range(rng.randint(3, 7)):
            budget = rng.randint(3, 900) * rng.choice((1, 10, 100))
            used = sorted(rng.sample(range(len(SOURCES)), rng.choice((1, 1, 2, 2, 3, 4))))
            cuts = sorted(rng.sample(range(1, budget), len(used) - 1)) if budget > 4 else []
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, budget], strict=True)]
            if len(parts) != len(used):
                used, parts = used[:1], [budget]
            split = [0, 0, 0, 0]
            for column, part in zip(used, parts, strict=True):
                split[column] = part
            start = fiscal_year - rng.choice((0, 0, 1, 2, 4))
            end = rng.choice((None, fiscal_year, fiscal_year + 2))
            is_new = start == fiscal_year and rng.random() < 0.6
            line = Line(
                key=new_name(),
                pillar=p,
                is_repost=False,
                budget=budget,
                split=(split[0], split[1], split[2], split[3]),
                is_new=is_new,
                is_priority=rng.random() < 0.4,
                start=start,
                end=end,
            )
            own.append(line)
            truth.append(line)
            emit_row(line.key, line)
        reposts: list[Line] = []
        if by_pillar and rng.random() < 0.7:
            for original in rng.sample(by_pillar[-1], k=min(2, len(by_pillar[-1]))):
                repost = Line(**{**original.__dict__, "pillar": p, "is_repost": True})
                reposts.append(repost)
                truth.append(repost)
                emit_row(repost.key + "（再掲）", repost)
        lines.append(total("小計", own))
        if reposts:
            lines.append(total("〃（再掲含む。）", own + reposts))
        lines.append("")
        by_pillar.append(own)
    lines.append(total("合計", [line for own in by_pillar for line in own]))
    return Generated("\n".join(lines) + "\n", issuer, fiscal_year, truth)
