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

import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.errors import DocumentError
from loaders import patterns
from loaders.layout import DASHES, DEFAULT_LAYOUT, LAYOUTS_DIR
from loaders.pdf.columns import fold_of, letter_runs
from loaders.pdf.glyphs import read_pages
from loaders.pdf.words import Word, joined, visual_lines, words_of

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


def _letters_joined(words: list[Word]) -> list[Word]:
    """A page's words with the letters printed apart read as one word (地 方 債)."""
    parts = letter_runs(words, _kind)
    taken = {id(w) for part in parts for w in part}
    return [w for w in words if id(w) not in taken] + [joined(part) for part in parts]


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
        lines = visual_lines(_letters_joined(words))
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
            fold = fold_of(words, page.width)
            on_left = True
            beside: list[Word] = []
            if fold is not None:
                # a sheet of two facing pages: the table is on the page of its first figures,
                # unless it runs on over the facing page (which then prints figures only)
                on_left = next(w for w in lines[first] if _kind(w.text) == "figures").x1 <= fold
                if _prints_text(lines[first:], fold, on_left):
                    lines, beside = _halves(lines, fold, on_left)
                else:
                    fold = None
            # the other pages' lines, where a total line may stand
            others = [
                visual_lines(_letters_joined(words_of(p.glyphs, p.rules)))
                for p in pages
                if p is not page and p.glyphs
            ]
            body = _Body(
                lines[first:],
                # a table that starts after other printed pages (a book's front matter)
                starts_later=any(p.glyphs for p in pages[: page.number - 1]),
                above=[w for line in lines[:first] for w in line],
                beside=beside,
                other_pages=others,
                fold=fold,
                on_left=on_left,
            )
            return _draft(pdf.name, page.number, body)
    where = f"{pdf.name} (page {page_number})" if page_number else pdf.name
    raise DocumentError(where, None, "prints no figure: no table to draw a layout from")


def _prints_text(lines: list[list[Word]], fold: float, on_left: bool) -> bool:
    """Whether the facing page's body prints text of its own (a table of its own, such as a
    budget book's 節 and 説明), not figures alone continuing the table's rows."""
    for line in lines:
        if patterns.PAGE_NUMBER.match(" ".join(w.text for w in line)):
            continue
        if any((w.center < fold) != on_left and not _kind(w.text) for w in line):
            return True
    return False


def _halves(
    lines: list[list[Word]], fold: float, on_left: bool
) -> tuple[list[list[Word]], list[Word]]:
    """A sheet's lines cut at the fold: those of the table's page, and the other page's
    words."""
    kept, other = [], []
    for line in lines:
        mine = [w for w in line if (w.center < fold) == on_left]
        other += [w for w in line if (w.center < fold) != on_left]
        if mine:
            kept.append(mine)
    return kept, other


def _draft(file_name: str, page: int, body: _Body) -> str:
    values = [w for line in body.lines for w in line]
    above = body.above
    height = body.height
    columns = _value_columns(values, height)
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
        columns += _text_columns(texts, values, height)
        body.band = (top, bottom)
    columns.sort(key=lambda c: c.x0)
    return _yaml(file_name, page, columns, groups, body)


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


def _previous_and_change(
    amounts: list[_Column], height: float
) -> tuple[_Column | None, _Column | None]:
    """The one pair of figure columns after the budget whose values are, on every line that
    prints all three, a previous figure and the budget less it (前年度予算額 and 比較 beside
    本年度予算額); (None, None) unless exactly one pair is."""
    if len(amounts) < 3:
        return None, None
    budgets = _by_line(amounts[0], height)
    found = []
    for previous in amounts[1:]:
        for change in amounts[1:]:
            if previous is change:
                continue
            before, after = _by_line(previous, height), _by_line(change, height)
            shared = [k for k in before if k in budgets and k in after]
            if shared and all(budgets[k] - before[k] == after[k] for k in shared):
                found.append((previous, change))
    # budget − previous = change reads both ways: the previous year's figure is never
    # negative, and the print puts it before the change
    found = [
        (previous, change)
        for previous, change in found
        if not any(w.text.strip()[0] in NEGATIVE for w in previous.values)
        and previous.x0 < change.x0
    ]
    return found[0] if len(found) == 1 else (None, None)


def _roles(columns: list[_Column], height: float) -> list[tuple[str, str]]:
    """(role, why the analyst should look) for each column, left to right."""
    amounts = [c for c in columns if c.kind == "figures" and not _is_numbering(c)]
    first_figure = amounts[0].x0 if amounts else float("inf")
    texts_before = [c for c in columns if c.kind == "text" and c.x1 <= first_figure]
    texts_after = [c for c in columns if c.kind == "text" and c.x0 > first_figure]
    previous, change = _previous_and_change(amounts, height)
    last_figure = amounts[-1].x1 if amounts else float("-inf")
    roles = []
    for column in columns:
        if column.kind == "figures" and _is_numbering(column):
            roles.append(("item_number", "numbers 1, 2, 3… printed before each name"))
        elif column is change:
            roles.append(("change", "the budget less the previous year's on every line"))
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
        elif not column.values and first_figure < column.x0 < last_figure:
            roles.append(("funding_source", "no figure on this page: a figure column?"))
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
    """The table's body lines (from its first line of figures), whether other printed
    pages come before the table's page, the words above the body, the other page's words
    of a sheet of two, the other pages' lines, and the header band (top, bottom)."""

    lines: list[list[Word]]
    starts_later: bool
    above: list[Word] = field(default_factory=list)
    beside: list[Word] = field(default_factory=list)
    other_pages: list[list[list[Word]]] = field(default_factory=list)
    fold: float | None = None
    on_left: bool = True
    band: tuple[float, float] | None = None

    @functools.cached_property
    def height(self) -> float:
        """The body's text height (the median word's)."""
        return statistics.median(w.height for line in self.lines for w in line)


def _total_labels(
    body: _Body, figures: list[_Column], numbering: _Column | None
) -> list[tuple[str, str]]:
    """In a table that numbers its lines, the lines printing a figure in every figure column
    but no number, on this page or another: total lines (a line that is not a total, such as
    a discontinued item, leaves some columns blank). Their label (the words that are not
    figures) as a pattern allowing white space between letters (歳 出 合 計), and as
    printed."""
    if not figures or numbering is None:
        return []
    height = body.height
    lines = list(body.lines)
    for other in body.other_pages:
        for line in other:
            mine = [w for w in line if body.fold is None or (w.center < body.fold) == body.on_left]
            if mine:
                lines.append(mine)
    labels: list[tuple[str, str]] = []
    for line in lines:
        values = [w for w in line if _kind(w.text) == "figures"]
        numbered = any(numbering.x0 - height <= w.x0 <= numbering.x1 + height for w in values)
        filled = all(any(c.x0 - height <= w.x1 <= c.x1 + height for w in values) for c in figures)
        words = [w.text for w in line if not _kind(w.text)]
        if numbered or not filled or not words:
            continue
        text = re.sub(r"\s+", "", "".join(words))
        label = r"\s*".join(re.escape(letter) for letter in text)
        if (label, text) not in labels:
            labels.append((label, text))
    return labels


def _group_levels(body: _Body, units: list[str], amount: str) -> list[tuple[str, str]]:
    """Lines above the header printing a number and one letter, a name, and a figure in the
    table's units (５款 労働費 159,963千円): the heading of a group at the level that letter
    names. (level, heading pattern), outermost first."""
    if not units or body.band is None:
        return []
    unit = "|".join(re.escape(u) for u in units)
    heading = re.compile(
        rf"(?P<number>[0-9０-９]{{1,3}})(?P<level>[^\s0-9０-９])\s+\S+\s+{FIGURE.pattern}\s*(?:{unit})"
    )
    levels: list[tuple[str, str]] = []
    for line in visual_lines([w for w in body.above if w.bottom < body.band[0]]):
        found = heading.fullmatch(" ".join(w.text for w in line))
        if found is None or any(level == found.group("level") for level, _ in levels):
            continue
        letter = re.escape(found.group("level"))
        levels.append(
            (
                found.group("level"),
                rf"(?P<number>[0-9０-９]{{1,3}})\s*{letter}\s*(?P<name>\S+)\s+"
                rf"(?P<amount>{amount})\s*(?:{unit})",
            )
        )
    return levels


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
    figure_columns = [
        column
        for column, (role, _) in zip(columns, roles, strict=True)
        if role in ("amount", "previous", "change", "funding_source")
    ]
    totals = _total_labels(body, figure_columns, numbering)
    levels = _group_levels(body, units, values["amount"])
    name = by_role.get("name")
    # the other page's header: its words above the table's first line, but its units
    beside = sorted(
        (
            w
            for w in body.beside
            if w.bottom < body.lines[0][0].top and w.text not in units and not _kind(w.text)
        ),
        key=lambda w: (round(w.top), w.x0),
    )
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
    if beside:
        out.append(
            f"  - {{name: column_{len(kept) + 1}, role: outside, header: [{beside[0].text}]}}"
            "  # decide: the facing page of the sheet, beside the table (its header words: "
            f"{', '.join(w.text for w in beside)}): furniture"
        )
    for under, word in groups:
        spans = ", ".join(_header_text(c, units_row)[0] for c in under)
        out.append(f"  # a group header over {spans}: {word.text}")
    if numbering is not None:
        out += [
            "",
            "figures_on_first_line: true  # decide: a line's figures stand on its name's first "
            "line (false: centred beside a wrapped name)",
        ]
    if levels:
        out += ["", "groups:  # decide: the levels the lines sit in, outermost first"]
        for level, pattern in levels:
            out += [f"  - level: {level}", f"    heading: '{pattern}'"]
    if levels and name is not None:
        out.append(f"line_level: {_header_text(name, units_row)[0]}  # decide: what a line is")
    out += ["", "cell_values:"]
    if "flag" in by_role:
        out.append(f"  flag_marks: [{', '.join(values['flag_marks'])}]  # decide")
    out.append(f"  amount: '{values['amount']}'")
    if negative:
        out.append(
            f"  negative_marks: [{', '.join(negative)}]  # decide: printed before a decrease"
        )
    elif change is not None:
        marks = ", ".join(m for m in NEGATIVE if m != "-")
        out.append(
            f"  negative_marks: [{marks}]  # decide: printed before a decrease (none on this page)"
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
        sums = levels[-1][0] if levels else "document"
        out += [
            f"  - {{label: '{label}', kind: {text}, sums: {sums}}}"
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
