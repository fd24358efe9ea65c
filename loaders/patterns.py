"""Regular expressions for the printed layout of a 中小企業振興施策一覧 table.

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

TOTAL_AMOUNTS = rf"(?P<cells>{AMOUNT}(?:\s+{AMOUNT}){{3}})"
SUBTOTAL = re.compile(rf"^\s*小\s?計\s+{TOTAL_AMOUNTS}\s*$")
SUBTOTAL_WITH_REPOSTS = re.compile(
    rf"^\s*[〃″]\s*[（(]\s*再掲含む。?\s*[）)]\s*{TOTAL_AMOUNTS}\s*$"
)
GRAND_TOTAL = re.compile(rf"^\s*合\s?計\s+{TOTAL_AMOUNTS}\s*$")
LOOKS_LIKE_TOTAL = re.compile(r"^\s*(?:小\s?計|合\s?計|[〃″])")

# Column-header furniture repeated on every page.
FUNDING_HEADER = re.compile(r"^\s*国庫\s+その他\s+一般財源\s*$")
HEADER_BLOCK_START = re.compile(r"^\s*基本方針(?:\s+事業名)?\s*$")
HEADER_BLOCK_END = re.compile(r"^\s*担当課等\s*$")
HEADER_BLOCK_MAX_LINES = 40

# The document title, e.g. （１）令和４年度中小企業振興施策一覧.
TITLE = re.compile(r"(?P<era>令和|平成)\s*(?P<year>元|[0-9０-９]{1,4})\s*年度.*施策")

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
