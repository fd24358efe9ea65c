"""A document layout, declared once in `layouts/<name>.yml`, read into typed form.

The YAML says how a family of documents prints what the loader needs: the title that names
the fiscal year, the column header repeated on each page, the total lines and what each
sums, the group labels, the era years. Pure: text in, a frozen Layout out; the file is
read at the edge (`load_layout`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from loaders import patterns

LAYOUTS_DIR = Path(__file__).resolve().parents[1] / "layouts"
DEFAULT_LAYOUT = "aomori_chusho_shisaku"
TOTAL_SUMS = frozenset({"pillar", "pillar_reposts", "document"})


class LayoutError(ValueError):
    """A layout file that cannot be used; str() names the file and what is wrong."""


@dataclass(frozen=True)
class EraYear:
    letter: str
    name: str
    offset: int


@dataclass(frozen=True)
class TotalLine:
    """A total line: its label, the row kind it lands as, what it sums, and the whole
    printed line (label, then `total_figures` amounts as the group `cells`)."""

    kind: str
    sums: str
    line: re.Pattern[str]


@dataclass(frozen=True)
class Layout:
    name: str
    issuer: str
    title: re.Pattern[str]
    title_preferred_word: str
    title_describes: str
    era_years: tuple[EraYear, ...]
    funding_header: re.Pattern[str]
    header_block_first: re.Pattern[str]
    header_block_last: re.Pattern[str]
    header_block_last_word: str
    header_block_max_lines: int
    totals: tuple[TotalLine, ...]
    # a line starting with any total's label (whether or not its figures parse)
    total_label: re.Pattern[str]
    total_figures: int
    group_labels: tuple[str, ...]

    def fiscal_year(self, era_name: str, year_text: str) -> int:
        """令和 + ４ -> 2022; 元 (the first year) counts as 1."""
        year = 1 if year_text == "元" else int(unicodedata.normalize("NFKC", year_text))
        offsets = {era.name: era.offset for era in self.era_years}
        return offsets[era_name] + year

    def total_kinds(self, sums: str) -> tuple[str, ...]:
        return tuple(total.kind for total in self.totals if total.sums == sums)


def _words_line(words: list[str]) -> re.Pattern[str]:
    """A line holding exactly these words, separated by white space."""
    return re.compile(r"^\s*" + r"\s+".join(re.escape(w) for w in words) + r"\s*$")


def _one_of_lines(lines: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"^\s*(?:"
        + "|".join(r"\s+".join(map(re.escape, line.split())) for line in lines)
        + r")\s*$"
    )


def parse_layout(text: str, source: str) -> Layout:
    """A layout from its YAML text; `source` names the file in errors."""
    try:
        data: dict[str, Any] = yaml.safe_load(text)
        header = data["column_header"]
        figures = int(data["total_figures"])
        cells = rf"(?P<cells>{patterns.AMOUNT}(?:\s+{patterns.AMOUNT}){{{figures - 1}}})"
        totals = tuple(
            TotalLine(
                str(t["kind"]),
                str(t["sums"]),
                re.compile(rf"^\s*{t['label']}\s+{cells}\s*$"),
            )
            for t in data["totals"]
        )
        last_word = str(header["block_last"])
        layout = Layout(
            name=str(data["name"]),
            issuer=str(data["issuer"]),
            title=re.compile(data["title"]["pattern"]),
            title_preferred_word=str(data["title"]["preferred_word"]),
            title_describes=str(data["title"]["describes"]),
            era_years=tuple(
                EraYear(str(e["letter"]), str(e["name"]), int(e["offset"]))
                for e in data["era_years"]
            ),
            funding_header=_words_line([str(w) for w in header["funding_line"]]),
            header_block_first=_one_of_lines([str(w) for w in header["block_first"]]),
            header_block_last=_one_of_lines([last_word]),
            header_block_last_word=last_word,
            header_block_max_lines=int(header["block_max_lines"]),
            totals=totals,
            total_label=re.compile(
                r"^\s*(?:" + "|".join(str(t["label"]) for t in data["totals"]) + ")"
            ),
            total_figures=figures,
            group_labels=tuple(str(label) for label in data.get("group_labels") or ()),
        )
    except (KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise LayoutError(f"{source}: not a usable layout: {type(exc).__name__}: {exc}") from None
    unknown = {t.sums for t in layout.totals} - TOTAL_SUMS
    if unknown:
        raise LayoutError(f"{source}: totals may sum {sorted(TOTAL_SUMS)}, not {sorted(unknown)}")
    if not {"era", "year"} <= set(layout.title.groupindex):
        raise LayoutError(
            f"{source}: the title pattern needs the groups (?P<era>…) and (?P<year>…)"
        )
    return layout


@cache
def load_layout(name: str = DEFAULT_LAYOUT) -> Layout:
    path = LAYOUTS_DIR / f"{name}.yml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LayoutError(f"{path}: {exc.strerror}") from None
    return parse_layout(text, str(path))
