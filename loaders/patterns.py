"""Regular expressions for the cells of a 中小企業振興施策一覧 table.

The title, column header, total lines and group labels come from the layout
(`layouts/*.yml`, loaders/layout.py); what stays here is the cell grammar, which moves
to the layout next.

They match both full-width and half-width forms (ＵＩＪ, R５, （ and ( mix in the
documents), so the loader can find cells without rewriting the text it lands.
"""

from __future__ import annotations

import re

DIGIT = r"[0-9０-９]"
AMOUNT = rf"{DIGIT}{{1,3}}(?:[,，]{DIGIT}{{3}})*"
ERA_YEAR = rf"[SHRＳＨＲ]\s?{DIGIT}{{1,2}}"
PERIOD = rf"{ERA_YEAR}(?:\s?[-－‐−]\s?(?:{ERA_YEAR})?)?"
FLAG = r"[○〇]"
FOUNDATION = r"[○〇△]"

# A line item's cells: 0-3 ○, the budget, 0-3 funding figures, the period, an
# optional 21財団 mark; before them the name (or nothing), after them the division.
CELL_LINE = re.compile(
    rf"^(?P<name>.*?)\s*"
    rf"(?P<cells>(?:{FLAG}\s+){{0,3}}{AMOUNT}(?:\s+{AMOUNT}){{0,3}}\s+{PERIOD}"
    rf"(?:\s+{FOUNDATION})?)"
    rf"(?:\s+(?P<division>\S.*?))?\s*$"
)

# Something that has the look of cells: a lone ○, a grouped amount or an era range.
LOOKS_LIKE_CELLS = re.compile(
    rf"(?:^|\s){FLAG}(?:\s|$)|{DIGIT}{{1,3}}[,，]{DIGIT}{{3}}|(?:^|\s){ERA_YEAR}\s?[-－]"
)

# ①中小企業の…を図ること
PILLAR_HEADING = re.compile(r"^\s*(?P<mark>[①-⑳])\s*(?P<title>\S.*?)\s*$")
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

# Repost marker at the end of a project name: （再掲） or (再掲), widths mixed.
REPOST_SUFFIX = re.compile(r"\s*[（(]\s*再掲\s*[）)]\s*$")

# A wrapped name line that ends before an opening bracket is a wrap, not a break.
OPENING_BRACKET = re.compile(r"^\s*[（(「『【]")

# Page furniture that converters leave in the text: page numbers such as － 3 － or - 3 -,
# and footnotes starting with ※.
PAGE_NUMBER = re.compile(r"^\s*[-－―−‐]\s*[0-9０-９]{1,3}\s*[-－―−‐]\s*$")
FOOTNOTE = re.compile(r"^\s*[※＊]")
