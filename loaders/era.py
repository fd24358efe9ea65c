"""Japanese era names and their offsets: era year + offset = Gregorian (fiscal) year.

The same table is the dbt seed `seeds/era_offsets.csv`; a test keeps the two equal.
"""

from __future__ import annotations

import unicodedata

# letter used in the period cells -> (era name used in titles, offset)
ERA_OFFSETS: dict[str, tuple[str, int]] = {
    "M": ("明治", 1867),
    "T": ("大正", 1911),
    "S": ("昭和", 1925),
    "H": ("平成", 1988),
    "R": ("令和", 2018),
}

OFFSET_BY_NAME: dict[str, int] = {name: offset for name, offset in ERA_OFFSETS.values()}


def era_year_to_fiscal_year(era_name: str, year_text: str) -> int:
    """令和 + ４ -> 2022; 元 (the first year) counts as 1."""
    year = 1 if year_text == "元" else int(unicodedata.normalize("NFKC", year_text))
    return OFFSET_BY_NAME[era_name] + year
