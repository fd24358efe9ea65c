"""Regular expressions for what every 施策一覧 prints the same way: pillar headings and
directions, division continuation lines, page numbers and footnotes.

What differs between layouts (title, column header, cells, total lines, group labels)
comes from the layout (`layouts/*.yml`, loaders/layout.py). They match both full-width
and half-width forms, so the loader finds elements without rewriting the text it lands.
"""

from __future__ import annotations

import re
import unicodedata

# A pillar heading: its mark, then its title — ①中小企業の…を図ること, ㈠…, (1)… or （１）…
PILLAR_HEADING = re.compile(
    r"^\s*(?P<mark>[①-⑳]|[㈠-㈩]|[（(]\s*[0-9０-９]{1,2}\s*[）)])\s*(?P<title>\S.*?)\s*$"
)


def pillar_number(mark: str) -> int:
    """The number a pillar mark stands for: ① -> 1, ⑳ -> 20, ㈢ -> 3, (12) / （１２） -> 12."""
    if "①" <= mark <= "⑳":
        return ord(mark) - ord("①") + 1
    if "㈠" <= mark <= "㈩":
        return ord(mark) - ord("㈠") + 1
    return int(unicodedata.normalize("NFKC", mark).strip("() "))


# ・人材の還流 (both ・ and the half-width ･ occur)
DIRECTION_BULLET = re.compile(r"^\s*[・･]")

# A division continuation line: a short division name (課, センター, 県民局, …) or a
# bracketed regional office / note. Wrapped project names are longer, or leave a bracket
# open, so the first line of the next row is not mistaken for a division when no blank
# line separates the rows.
DIVISION_LINE = re.compile(
    r"^\s*(?:[（(][^（()）]*[）)]"
    r"|(?=[^\s（()）]{1,13}\s*$)[^\s（()）]*(?:課|室|局|センター|所|部|庁|委員会|本部))\s*$"
)

# A wrapped name line that ends before an opening bracket is a wrap, not a break.
OPENING_BRACKET = re.compile(r"^\s*[（(「『【]")

# Page furniture that converters leave in the text: page numbers such as － 3 － or - 3 -
# (two on a sheet carrying two facing pages: - 17 -  - 18 -), and footnotes starting with ※.
PAGE_NUMBER_PART = re.compile(r"[-－―−‐]\s*[0-9０-９]{1,4}\s*[-－―−‐]")
PAGE_NUMBER = re.compile(rf"^\s*(?:{PAGE_NUMBER_PART.pattern}\s*)+$")
FOOTNOTE = re.compile(r"^\s*[※＊]")
