"""Other documents of the family, built from the shipped one by plain text edits.

These generators do not use the loader's own segmentation: they find rows with their own
simple rules, so a test comparing the loader's reading of a variant with its reading of
the original checks the loader, not itself.
"""

from __future__ import annotations

import re

# A line holding only cells: 0-3 ○, then the budget.
CELLS_ONLY = re.compile(r"^(?:○ )*\d[\d,]* ")
# Where the cells start on a one-line row: before the ○ flags or the budget.
CELLS_START = re.compile(r" ((?:○ )*\d[\d,]* [\d, ]*[SHR]\d.*)$")
GROUP_LABEL = "青森県信用保証協会補助"
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def with_fiscal_year(text: str, reiwa_year: int) -> str:
    """The same table under another year's title (令和４年度 -> 令和N年度)."""
    year = str(reiwa_year).translate(FULL_WIDTH_DIGITS)
    return text.replace("令和４年度", f"令和{year}年度").replace("R４事業費", f"R{year}事業費")


def _rows(lines: list[str]) -> list[tuple[list[int], int]]:
    """(name line indexes, cells line index) for every row whose cells stand alone."""
    rows = []
    for i, line in enumerate(lines):
        if not CELLS_ONLY.match(line):
            continue
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        names = []
        while j >= 0 and lines[j].strip():
            names.insert(0, j)
            j -= 1
        rows.append((names, i))
    return rows


def _split_label(name_lines: list[str]) -> tuple[list[str], str]:
    if name_lines and name_lines[0] == GROUP_LABEL:
        return [GROUP_LABEL], "".join(name_lines[1:])
    return [], "".join(name_lines)


def unwrapped(text: str) -> str:
    """Every name on one line with its cells (the group label keeps its own line)."""
    lines = text.split("\n")
    out = list(lines)
    for names, cells in reversed(_rows(lines)):
        label, name = _split_label([lines[i] for i in names])
        out[names[0] : cells + 1] = [*label, f"{name} {lines[cells]}"]
    return "\n".join(out)


def rewrapped(text: str, width: int) -> str:
    """Names (and the group label, on lines of its own) wrapped at `width` characters,
    cells on the next line; one-line rows are split the same way (name lines, a blank,
    the cells)."""
    lines = text.split("\n")
    out = list(lines)

    def wrap(name: str) -> list[str]:
        return [name[k : k + width] for k in range(0, len(name), width)]

    for names, cells in reversed(_rows(lines)):
        label, name = _split_label([lines[i] for i in names])
        wrapped_label = [part for text in label for part in wrap(text)]
        out[names[0] : cells + 1] = [*wrapped_label, *wrap(name), "", lines[cells]]
    result = []
    for line in out:
        match = CELLS_START.search(line)
        if match and not CELLS_ONLY.match(line) and not line.startswith(("小計", "合計", " ")):
            name = line[: match.start()]
            result += [*wrap(name), "", match.group(1)]
        else:
            result.append(line)
    return "\n".join(result)


def without_blank_lines(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line.strip())


def with_page_furniture(text: str) -> str:
    """Page numbers before each page's header, a footnote after the 合計, stray blanks."""
    out, page = [], 0
    for line in text.split("\n"):
        if line.strip() == "国庫 その他 一般財源":
            page += 1
            out += ["", f"－ {page} －" if page % 2 else f"- {page} -", "", ""]
        out.append(line)
        if line.startswith("合計"):
            out += ["※ 事業費は当初予算額（単位：千円）。", "", ""]
    return "\n".join(out)


# A line item's cells: ○ flags, the budget, 1-3 funding figures, then the era period.
ROW_CELLS = re.compile(
    r"(?P<lead>^|\s)(?P<flags>(?:○ )*)(?P<budget>\d[\d,]*)(?P<figures>(?: \d[\d,]*){1,3})"
    r" (?=[SHR]\d)"
)
TYPO_KINDS = ("extra_figure", "figure_off_by_one", "budget_and_figure_off_by_one")


def _amount(text: str) -> int:
    return int(text.replace(",", ""))


def _printed(value: int) -> str:
    return f"{value:,}"


def with_typo(text: str, pillar: int, kind: str) -> tuple[str, dict[str, object]]:
    """The document with one printed typo in the first suitable line item of `pillar`
    (pillars counted by their 小計 lines), and what an erratum for it must say.

    extra_figure: a figure 100 printed after the line's one or two figures.
    figure_off_by_one: the last figure printed one higher (the line no longer adds up).
    budget_and_figure_off_by_one: budget and last figure both one higher: the line adds
    up, but the pillar's totals cannot be met."""
    lines = text.split("\n")
    current = 1
    for i, line in enumerate(lines):
        if line.startswith("小計"):
            current += 1
            continue
        match = ROW_CELLS.search(line)
        if current != pillar or not match or "再掲" in line or _is_repost_cells(lines, i):
            continue
        figures = [_amount(f) for f in match["figures"].split()]
        if kind == "extra_figure" and len(figures) == 3:
            continue
        budget = _amount(match["budget"])
        printed = [_printed(f) for f in figures]
        errata: list[dict[str, object]] = []
        last = f"funding_figure_{len(figures)}"
        if kind == "extra_figure":
            printed.append("100")
            errata.append({"cell": f"funding_figure_{len(figures) + 1}", "printed": 100})
        elif kind == "figure_off_by_one":
            printed[-1] = _printed(figures[-1] + 1)
            errata.append({"cell": last, "printed": figures[-1] + 1, "corrected": figures[-1]})
        else:
            printed[-1] = _printed(figures[-1] + 1)
            budget_text = _printed(budget + 1)
            errata.append({"cell": "budget", "printed": budget + 1, "corrected": budget})
            errata.append({"cell": last, "printed": figures[-1] + 1, "corrected": figures[-1]})
        cells = f"{match['flags']}{budget_text if kind.startswith('budget') else match['budget']}"
        replaced = f"{match['lead']}{cells} {' '.join(printed)} "
        lines[i] = line[: match.start()] + replaced + line[match.end() :]
        return "\n".join(lines), {"source_line": i + 1, "errata": errata}
    raise ValueError(f"no line item of pillar {pillar} suits a {kind} typo")


def _is_repost_cells(lines: list[str], i: int) -> bool:
    """A cells-only line whose name (the lines above, up to a blank) is a repost."""
    if not CELLS_ONLY.match(lines[i]):
        return False
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    name = []
    while j >= 0 and lines[j].strip():
        name.insert(0, lines[j])
        j -= 1
    return "再掲" in "".join(name)
