"""`python -m loaders draft-layout FILE.pdf [--page N]`: a first layout YAML for a new
document, drawn from one page of its table, for an analyst to finish.

What the page shows is turned into the layout's terms, and nothing is taken from any one
file: the first line holding two figures starts the table's body; the body's value columns are
the figures (by their right edges), marks (○ 〇 △ …) and periods (R4-R5, 2022-2024) standing
one under the other (by their centres); each value column's header is the words printed
above it, nearest first, up to the table's top; the header band those words span gives the
text columns' headers (a header word over no value column). A header word over several value
columns is a group header (財源内訳): said in a comment, not a column. Words printed one
letter apart (地 方 債) are read as one.

Roles are guessed from the column's values (figures: the first is the amount, the others
funding sources; marks: flags; periods: the period; text: the first is the name, or the
pillar and the name when two text columns stand before the figures; the last is the
division), and every guess the analyst must check carries a `# decide:` comment.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.errors import DocumentError
from loaders.layout import DASHES, DEFAULT_LAYOUT, LAYOUTS_DIR
from loaders.pdf.glyphs import read_pages
from loaders.pdf.words import Word, spaced_joined, visual_lines, words_of

NEGATIVE = "△▲-"
FIGURE = re.compile(rf"[{NEGATIVE}]?[0-9０-９]{{1,3}}(?:[,，][0-9０-９]{{3}})*")
MARK = re.compile(r"[○〇◯●◎△▲×]")
PERIOD = re.compile(
    rf"(?:[A-ZＡ-Ｚ]\s?[0-9０-９]{{1,2}}|[0-9０-９]{{4}})"
    rf"(?:\s?[{DASHES}]\s?(?:[A-ZＡ-Ｚ]\s?[0-9０-９]{{1,2}}|[0-9０-９]{{4}})?)?"
)


@dataclass
class _Column:
    kind: str  # figures, marks, periods or text
    x0: float
    x1: float
    values: list[Word] = field(default_factory=list)
    header: list[Word] = field(default_factory=list)

    @property
    def anchor(self) -> float:
        return self.x1 if self.kind == "figures" else (self.x0 + self.x1) / 2


def _kind(text: str) -> str | None:
    text = text.strip()
    if FIGURE.fullmatch(text):
        return "figures"
    if MARK.fullmatch(text):
        return "marks"
    if PERIOD.fullmatch(text):
        return "periods"
    return None


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def draft_layout(pdf: Path, page_number: int | None = None) -> str:
    """The YAML text of a first layout for the table on one page of `pdf` (by default the
    first page that prints a line of figures)."""
    pages = read_pages(pdf.read_bytes(), pdf.name)
    if page_number is not None and not 1 <= page_number <= len(pages):
        raise DocumentError(pdf.name, None, f"has {len(pages)} page(s), not a page {page_number}")
    candidates = [pages[page_number - 1]] if page_number else pages
    for page in candidates:
        words = words_of(page.glyphs, page.rules)
        lines = [spaced_joined(line, words, _kind) for line in visual_lines(words)]
        # the first line printing two figures (one alone may be a page or section number)
        first = next(
            (
                i
                for i, line in enumerate(lines)
                if sum(_kind(w.text) == "figures" for w in line) >= 2
            ),
            None,
        )
        if first is not None:
            # a table that starts after other printed pages (a book's front matter)
            starts_later = any(p.glyphs for p in pages[: page.number - 1])
            return _draft(pdf.name, page.number, lines, first, starts_later)
    where = f"{pdf.name} (page {page_number})" if page_number else pdf.name
    raise DocumentError(where, None, "prints no figure: no table to draw a layout from")


def _draft(
    file_name: str, page: int, lines: list[list[Word]], first: int, starts_later: bool = False
) -> str:
    body = [w for line in lines[first:] for w in line]
    above = [w for line in lines[:first] for w in line]
    height = statistics.median(w.height for w in body)
    columns = _value_columns(body, height)
    groups = _headers_of_value_columns(columns, above, height)
    band = [w for c in columns for w in c.header]
    if band:
        top, bottom = min(w.top for w in band), max(w.bottom for w in band)
        # a group header stands in the header band (not body text above the first figures)
        groups = [(under, w) for under, w in groups if w.top >= top - height and w.bottom <= bottom]
        taken = {id(w) for w in band} | {id(w) for _, w in groups}
        texts = [
            w
            for w in above
            if w.top >= top - height and w.bottom <= bottom + height and id(w) not in taken
        ]
        columns += _text_columns(texts, body, height)
    columns.sort(key=lambda c: c.x0)
    return _yaml(file_name, page, columns, groups, _Body(lines[first:], starts_later))


def _value_columns(body: list[Word], height: float) -> list[_Column]:
    """Figures, marks and periods standing one under the other: one column each."""
    columns: list[_Column] = []
    values = sorted(
        ((kind, w) for w in body if (kind := _kind(w.text))),
        key=lambda kw: kw[1].x1 if kw[0] == "figures" else (kw[1].x0 + kw[1].x1) / 2,
    )
    for kind, word in values:
        x = word.x1 if kind == "figures" else (word.x0 + word.x1) / 2
        near = next((c for c in columns if c.kind == kind and abs(c.anchor - x) <= height), None)
        if near is None:
            near = _Column(kind, word.x0, word.x1)
            columns.append(near)
        near.values.append(word)
        near.x0, near.x1 = min(near.x0, word.x0), max(near.x1, word.x1)
    # a column needs two values, or one in the table's first line (which prints every
    # column it has): a lone figure further down is a total or a note
    first_top = min(w.top for w in body)
    return [
        c
        for c in columns
        if len(c.values) >= 2 or any(w.top <= first_top + height for w in c.values)
    ]


def _headers_of_value_columns(
    columns: list[_Column], above: list[Word], height: float
) -> list[tuple[list[_Column], Word]]:
    """Each value column's header words (nearest first, while they follow one another);
    a word over several value columns is a group header."""
    groups: list[tuple[list[_Column], Word]] = []
    for word in above:
        under = [c for c in columns if _overlap(word.x0, word.x1, c.x0, c.x1) > 0]
        if len(under) > 1:
            groups.append((under, word))
    grouped = {id(w) for _, w in groups}
    # each value column's slot: from the column before it to its right edge (figures stand
    # flush right under a header that may start further left), or to the next column
    ordered = sorted(columns, key=lambda c: c.x0)
    slots = {}
    for i, column in enumerate(ordered):
        # a header starts at most a column's width left of its figures
        left = max(
            ordered[i - 1].x1 if i else -float("inf"),
            column.x0 - max(column.x1 - column.x0, 2 * height),
        )
        right = column.x1 if column.kind == "figures" else column.x1 + height
        if i + 1 < len(ordered):
            right = min(max(right, column.x1), ordered[i + 1].x0)
        slots[id(column)] = (left, right)
    for column in columns:
        left, right = slots[id(column)]
        # the nearest word above, however far (body text may stand between the header and
        # the first figure), then the words above it while they follow one another
        bottom = None
        for word in sorted(above, key=lambda w: -w.bottom):
            if id(word) in grouped or not left <= (word.x0 + word.x1) / 2 <= right:
                continue
            if bottom is not None and bottom - word.bottom > 2.5 * height:
                break
            column.header.append(word)
            bottom = word.top
    return groups


def _text_columns(texts: list[Word], body: list[Word], height: float) -> list[_Column]:
    """Header words over no value column: a text column each (words stacked one under the
    other, or side by side within a letter's height, are one header)."""
    columns: list[_Column] = []
    for word in sorted(texts, key=lambda w: (w.x0, w.top)):
        near = next(
            (c for c in columns if _overlap(word.x0, word.x1, c.x0, c.x1) > -0.5 * height), None
        )
        if near is None:
            near = _Column("text", word.x0, word.x1)
            columns.append(near)
        near.header.append(word)
        near.x0, near.x1 = min(near.x0, word.x0), max(near.x1, word.x1)
    for column in columns:
        column.values = [
            w for w in body if not _kind(w.text) and column.x0 - height <= w.x0 <= column.x1
        ]
    return columns


def _units(columns: list[_Column]) -> set[str]:
    """The units row under the headers (千円): a word printed last in the header of two or
    more figure columns alike. No unit is named here: the print says which it is."""
    lowest = [
        max(c.header, key=lambda w: (round(w.top), w.x0)).text
        for c in columns
        if c.kind == "figures" and c.header
    ]
    return {text for text in lowest if lowest.count(text) > 1}


def _header_text(column: _Column, units: set[str]) -> tuple[str, list[str]]:
    """The header's words top to bottom, left to right, without a units word; the units."""
    words = sorted(column.header, key=lambda w: (round(w.top), w.x0))
    found = [w.text for w in words if w.text in units]
    text = "".join(w.text for w in words if w.text not in units)
    return text or "'?'", found


def _figure(text: str) -> int:
    """A printed figure's value: digit groups, negative after a mark."""
    digits = int(re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text)) or 0)
    return -digits if text.strip()[0] in NEGATIVE else digits


def _by_line(column: _Column, height: float) -> dict[int, int]:
    """A figure column's values by the line they stand on (their middle, in half heights)."""
    return {round(w.middle / (height / 2)): _figure(w.text) for w in column.values}


def _previous_of(
    amount: _Column, change: _Column, candidates: list[_Column], height: float
) -> _Column | None:
    """The one figure column whose values are the budget less the change on every line that
    prints all three (前年度予算額 beside 本年度予算額 and 比較)."""
    budgets, changes = _by_line(amount, height), _by_line(change, height)
    found = []
    for column in candidates:
        values = _by_line(column, height)
        shared = [k for k in values if k in budgets and k in changes]
        if shared and all(budgets[k] - values[k] == changes[k] for k in shared):
            found.append(column)
    return found[0] if len(found) == 1 else None


def _roles(columns: list[_Column], height: float) -> list[tuple[str, str]]:
    """(role, why the analyst should look) for each column, left to right."""
    amounts = [c for c in columns if c.kind == "figures" and not _is_numbering(c)]
    first_figure = amounts[0].x0 if amounts else float("inf")
    texts_before = [c for c in columns if c.kind == "text" and c.x1 <= first_figure]
    texts_after = [c for c in columns if c.kind == "text" and c.x0 > first_figure]
    change = next(
        (c for c in amounts[1:] if any(w.text.strip()[0] in NEGATIVE for w in c.values)), None
    )
    previous = (
        _previous_of(amounts[0], change, [c for c in amounts[1:] if c is not change], height)
        if change is not None
        else None
    )
    roles = []
    for column in columns:
        if column.kind == "figures" and _is_numbering(column):
            roles.append(("item_number", "numbers 1, 2, 3… printed before each name"))
        elif column is change:
            roles.append(("change", "prints △ figures: the change from the previous year?"))
        elif column is previous:
            roles.append(("previous", "the budget less this is the change on every line"))
        elif column.kind == "figures" and column is amounts[0]:
            roles.append(("amount", "the first figure column: the line's budget?"))
        elif column.kind == "figures":
            roles.append(("funding_source", ""))
        elif column.kind == "marks":
            roles.append(("flag", "a mark when the flag holds (or foundation support?)"))
        elif column.kind == "periods":
            roles.append(("period", ""))
        elif len(texts_before) > 1 and column is texts_before[0]:
            roles.append(("pillar", "the leftmost text: the policy pillar column?"))
        elif any(column is c for c in texts_before):
            roles.append(("name", "the project or item name?"))
        elif texts_after and column is texts_after[-1]:
            roles.append(("division", "the division in charge?"))
        else:
            roles.append(("division", "text after the figures: a note column?"))
    return roles


def _is_numbering(column: _Column) -> bool:
    """Figures that number the lines (1, 2, 3…, each once), not amounts."""
    numbers = [w.text.strip() for w in column.values]
    return all(n.isdigit() and int(n) < 100 for n in numbers) and len(set(numbers)) == len(numbers)


@dataclass
class _Body:
    """The table's body lines (from its first line of figures) and whether other printed
    pages come before the table's page."""

    lines: list[list[Word]]
    starts_later: bool

    @property
    def height(self) -> float:
        return statistics.median(w.height for line in self.lines for w in line)


def _total_labels(
    body: _Body, amount: _Column | None, numbering: _Column | None
) -> list[tuple[str, str]]:
    """In a table that numbers its lines, the lines printing a budget figure but no number:
    total lines. Their label (the words that are not figures) as a pattern allowing white
    space between letters (歳 出 合 計), and as printed."""
    if amount is None or numbering is None:
        return []
    height = body.height
    numbered = {round(w.middle / (height / 2)) for w in numbering.values}
    labels: list[tuple[str, str]] = []
    for line in body.lines:
        key = round(line[0].middle / (height / 2))
        has_budget = any(any(w is v for v in amount.values) for w in line)
        words = [w.text for w in line if not _kind(w.text)]
        if not has_budget or key in numbered or not words:
            continue
        text = re.sub(r"\s+", "", "".join(words))
        label = r"\s*".join(re.escape(letter) for letter in text)
        if (label, text) not in labels:
            labels.append((label, text))
    return labels


def _yaml(
    file_name: str,
    page: int,
    columns: list[_Column],
    groups: list[tuple[list[_Column], Word]],
    body: _Body,
) -> str:
    # what a layout declares beyond its columns, as the shipped layout declares it: to keep
    # or change (no printed word is written here: layouts are data)
    declared = yaml.safe_load((LAYOUTS_DIR / f"{DEFAULT_LAYOUT}.yml").read_text("utf-8"))
    values = declared["cell_values"]
    roles = _roles(columns, body.height)
    units_row = _units(columns)
    headers = [_header_text(c, units_row) for c in columns]
    by_role = {role: column for column, (role, _) in zip(columns, roles, strict=True)}
    numbering = by_role.get("item_number")
    kept = [
        (column, role, header)
        for column, role, header in zip(columns, roles, headers, strict=True)
        if column is not numbering
    ]
    figures = [text for _, (role, _), (text, _) in kept if role in ("amount", "funding_source")]
    units = sorted({unit for _, units in headers for unit in units})
    change = by_role.get("change")
    negative = sorted(
        {w.text.strip()[0] for w in change.values if w.text.strip()[0] in NEGATIVE}
        if change is not None
        else set()
    )
    totals = _total_labels(body, by_role.get("amount"), numbering)
    out = [
        f"# Layout drafted by `python -m loaders draft-layout` from {file_name}, page {page}.",
        "# Check every `# decide:` line, name the columns, then `python -m loaders check-layout`.",
        "",
        "name: drafted_layout  # decide: the file name, layouts/<name>.yml",
        "issuer: '?'  # decide: who prints it",
        "",
        "title:",
        "  pattern: '(?P<era>令和|平成)\\s*(?P<year>元|[0-9０-９]{1,4})\\s*年度'"
        "  # decide: the title line",
        f"  preferred_word: {declared['title']['preferred_word']}  # decide: a word of the title",
        "  describes: 令和N年度…  # decide",
        "",
        "era_years:",
        *(
            f"  - {{letter: {e['letter']}, name: {e['name']}, offset: {e['offset']}}}"
            for e in declared["era_years"]
        ),
        "",
        "column_header:",
        *(
            [f"  on_every_page: false  # decide: the table starts on page {page}, after others"]
            if body.starts_later
            else []
        ),
        f"  funding_line: [{', '.join(figures[1:]) or repr('?')}]"
        "  # decide: the funding sources' header words",
        f"  block_first: [{kept[0][2][0]}]" if kept else "  block_first: ['?']",
        f"  block_last: {kept[-1][2][0]}" if kept else "  block_last: '?'",
        "  block_max_lines: 40",
        "",
        "columns:",
    ]
    for number, (column, (role, why), (text, units_of)) in enumerate(kept, start=1):
        notes = [why] if why else []
        if units_of:
            notes.append(f"printed in {units_of[0]}")
        notes.append(f"x {column.x0:.0f}-{column.x1:.0f}")
        out.append(
            f"  - {{name: column_{number}, role: {role}, header: [{text}]}}"
            f"  # decide: {'; '.join(notes)}"
        )
    for under, word in groups:
        spans = ", ".join(_header_text(c, units_row)[0] for c in under)
        out.append(f"  # a group header over {spans}: {word.text}")
    out += ["", "cell_values:"]
    if "flag" in by_role:
        out.append(f"  flag_marks: [{', '.join(values['flag_marks'])}]  # decide")
    out.append(f"  amount: '{values['amount']}'")
    if negative:
        out.append(
            f"  negative_marks: [{', '.join(negative)}]  # decide: printed before a decrease"
        )
    if "period" in by_role:
        out.append("  period: era  # decide: era (R4-R5) or gregorian (2022-2024)")
    if numbering is not None:
        out.append(
            "  item_number: '[0-9０-９]{1,3}'  # decide: the number printed before each name, "
            f"x {numbering.x0:.0f}-{numbering.x1:.0f}"
        )
    if units:
        out.append(f"  units: [{', '.join(units)}]  # decide: the units row under the headers")
    if "pillar" in by_role:
        out.append(f"repost_marker: '{declared['repost_marker']}'")
    out += ["", "totals:  # decide: the labels of the total lines and what each sums"]
    if totals:
        out += [
            f"  - {{label: '{label}', kind: {text}, sums: document}}"
            "  # decide: what it sums (document, or a group level)"
            for label, text in totals
        ]
    else:
        out += [
            f"  - {{label: '{t['label']}', kind: {t['kind']}, sums: {t['sums']}}}"
            for t in declared["totals"]
        ]
    out += ["", "group_labels: []"]
    return "\n".join(out) + "\n"
