"""Stage 5, the table reader. PDF documents, read by the column positions found from the
header words of each page.

Glyphs with their boxes (loaders/pdf/glyphs.py, `read_pages`) -> words -> per page: the header
band and each column's x-range from the layout's header words (and the vertical ruling
lines where drawn) -> every word in a column -> rows anchored by their budget figure ->
the same elements as the text path (loaders/segment.py): table rows whose cells know
their column, pillar headings and directions, page furniture. The "lines" of a PDF
document are its cell lines: the words of one column on one visual line, in reading
order, each with its page and box.

Only loaders/pdf/glyphs.py touches the file format; the rest is pure.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from core.errors import DocumentError, one_line
from loaders import patterns
from loaders.declared import Declared
from loaders.layout import FIGURE_ROLES, Cell, Layout, all_layouts
from loaders.pdf.columns import (
    ColumnSpan,
    Found,
    PageWords,
    choose_pdf_layout,
    column_spans,
    facing_sheet,
    find_header,
    fold_of,
    printed_header,
)
from loaders.pdf.glyphs import Page, Rule, collector_paused, read_pages
from loaders.pdf.rows import _column_of, _left_aligned_columns, _rows_of_words, _rule_rows
from loaders.pdf.settings import SETTINGS
from loaders.pdf.words import Word, visual_lines
from loaders.segment import (
    ROW_KIND_LINE_ITEM,
    CellLine,
    Elements,
    Furniture,
    GroupHeading,
    PillarDirection,
    PillarHeading,
    SegmentedDocument,
    TableRow,
    add_direction,
    check_name_line,
    document_of,
    nfkc,
    number_total,
    row_cells,
    split_group_labels,
)


@dataclass
class PdfDocument:
    """A PDF read into the text path's shapes: cell lines (its "lines") and elements."""

    lines: list[CellLine]
    parsed: SegmentedDocument
    # each page's column x-ranges, as read (for `python -m loaders show`)
    spans: dict[int, list[ColumnSpan]] = field(default_factory=dict)


# -- a page's words to elements -----------------------------------------------------

# what a page's body holds, in the order they are read at one height
_HEADING, _PILLAR_TEXT, _ROW = 0, 1, 2
# a group heading (５款 労働費 …) is read at a heading's turn; its kind says which
_GROUP = -1


@dataclass(frozen=True)
class _Event:
    """A pillar heading's words, a line of the 基本方針 cell, or a row's words by column."""

    top: float
    kind: int
    words: list[Word]
    cells: dict[str, list[Word]] = field(default_factory=dict)


@dataclass
class _Reader:
    file_name: str
    layout: Layout
    lines: list[CellLine] = field(default_factory=list)
    spans: dict[int, list[ColumnSpan]] = field(default_factory=dict)
    rows: list[TableRow] = field(default_factory=list)
    headings: list[PillarHeading] = field(default_factory=list)
    directions: list[PillarDirection] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    subtotals_seen: int = 0
    last_mark: str | None = None
    open_direction: PillarDirection | None = None
    heading_open: bool = False
    # a budget book's group headings, and the ones open (outermost first)
    groups: list[GroupHeading] = field(default_factory=list)
    open_groups: list[GroupHeading] = field(default_factory=list)

    # each page's words, found once
    page_words: PageWords = field(default_factory=PageWords)
    # the sheet being read when it is two facing pages: where the right page starts, and
    # its number (a line there is on that page, at its own x)
    facing: tuple[float, int] | None = None

    def add_line(self, page: int, column: str | None, words: list[Word]) -> int:
        texts, x0s, x1s, tops, bottoms = zip(*words, strict=True)
        x0, x1 = min(x0s), max(x1s)
        if self.facing is not None and x0 >= self.facing[0]:
            x0, x1, page = x0 - self.facing[0], x1 - self.facing[0], self.facing[1]
        self.lines.append(CellLine(page, column, " ".join(texts), x0, x1, min(tops), max(bottoms)))
        return len(self.lines)

    def add_furniture(self, kind: str, page: int, words: list[Word]) -> None:
        if self.facing is not None:
            # on two facing pages: what each page prints (a header, the page numbers)
            right = [w for w in words if w.x0 >= self.facing[0]]
            if right and len(right) < len(words):
                self.add_furniture(kind, page, [w for w in words if w.x0 < self.facing[0]])
                words = right
        number = self.add_line(page, None, words)
        text = self.lines[number - 1].text
        self.furniture.append(Furniture(len(self.furniture) + 1, kind, [text], [number]))

    def read_page(
        self,
        page: Page,
        following: Page | None = None,
        read: tuple[list[Word], dict[str, Found]] | None = None,
    ) -> Page:
        """One page's elements, or two facing pages' when the table runs over them
        (`following`: the next page); the page or sheet read. `read`: its words and header
        places when already found (the first page, read to choose the layout)."""
        where = f"{self.file_name} (page {page.number})"
        self.facing = None
        if read is None:
            words = self.page_words(page)
            found = printed_header(words, self.layout, where)
            if found is None and following is not None:
                sheet = facing_sheet(page, following, (self.layout,), where, self.page_words)
                if sheet is not None:
                    _, page, words, found = sheet
            if found is None:
                if self.layout.header_on_every_page:
                    # raises naming the header words the page lacks
                    find_header(words, self.layout, where)
                # outside the table: a book's cover, 条文, another table
                self.read_outside(page.number, words)
                return page
        else:
            words, found = read
        self.facing = None if page.fold is None else (page.fold, page.number + 1)
        words = self.without_marks(page.number, words)
        fold = page.fold if page.fold is not None else fold_of(words, page.width)
        spans = column_spans(found, self.layout, page, fold, words)
        self.spans[page.number] = spans
        header_words = {id(w) for f in found.values() for w in (*f.words, *f.below)}
        band_top = min(f.top for f in found.values())
        band_bottom = max(f.bottom for f in found.values())
        body: list[Word] = []
        header: list[Word] = []
        pillar = next((s for s in spans if s.column.role == "pillar"), None)
        for line in visual_lines(words):
            text = " ".join(w.text for w in line)
            middle = line[0].middle
            # a tall 基本方針 cell's text may run past the table into a page number's line
            outside = [w for w in line if pillar is None or not pillar.x0 <= w.x0 < pillar.x1]
            text_outside = " ".join(w.text for w in outside)
            if middle < band_top - line[0].height:
                if self.group_of(text) is not None:
                    self.read_group(page.number, line, where)
                    continue
                kind = "title" if self.layout.title.search(text) else "page_header"
                self.add_furniture(kind, page.number, line)
            elif (
                middle <= band_bottom + SETTINGS.header_below * line[0].height
                or any(id(w) in header_words for w in line)
                or all(w.text in self.layout.units for w in line)
            ):
                header += line
            elif outside and (
                patterns.PAGE_NUMBER.match(text_outside) or patterns.FOOTNOTE.match(text_outside)
            ):
                kind = "page_number" if patterns.PAGE_NUMBER.match(text_outside) else "footnote"
                self.add_furniture(kind, page.number, outside)
                body += [w for w in line if w not in outside]
            else:
                body += line
        if header:
            self.add_furniture("column_header", page.number, header)
        self.read_body(page.number, body, spans, where, page.rules)
        return page

    def without_marks(self, page: int, words: list[Word]) -> list[Word]:
        """A page's words but marks printed far smaller than its text (a file name in 1 pt
        type beside the table), which land as furniture."""
        if not words:
            return words
        text_height = statistics.median(w.height for w in words)
        marks = [w for w in words if w.height < SETTINGS.mark_height * text_height]
        for line in visual_lines(marks):
            self.add_furniture("mark", page, line)
        return [w for w in words if w.height >= SETTINGS.mark_height * text_height]

    def group_of(self, text: str) -> tuple[int, re.Match[str]] | None:
        """The depth (1 = outermost) and match of the group heading a line prints, if any."""
        for depth, group in enumerate(self.layout.groups, start=1):
            match = group.heading.fullmatch(text.strip())
            if match is not None:
                return depth, match
        return None

    def read_group(self, page: int, line: list[Word], where: str) -> None:
        """A group heading: a new group at its level (closing the deeper ones), or the open
        one printed again on a new page (furniture). The budget it prints is a total row of
        the group."""
        number = self.add_line(page, None, line)
        text = self.lines[number - 1].text
        found = self.group_of(text)
        assert found is not None
        depth, match = found
        level = self.layout.groups[depth - 1].level
        key = (nfkc(match.group("number")), nfkc(match.group("name")))
        if len(self.open_groups) >= depth:
            open_group = self.open_groups[depth - 1]
            if (nfkc(open_group.number_text), nfkc(open_group.name)) == key:
                self.furniture.append(
                    Furniture(len(self.furniture) + 1, "repeated_heading", [text], [number])
                )
                return
        if len(self.open_groups) < depth - 1:
            raise DocumentError(
                where, None, f"the {level} heading {text!r} stands in no {self.open_level()}"
            )
        heading = GroupHeading(
            len(self.groups) + 1,
            level,
            depth,
            match.group("number"),
            match.group("name"),
            number,
        )
        self.groups.append(heading)
        self.open_groups = [*self.open_groups[: depth - 1], heading]
        amount = match.groupdict().get("amount")
        if amount:
            (budget_column,) = self.layout.role_columns("amount")
            self.rows.append(
                TableRow(
                    len(self.rows) + 1,
                    level,
                    None,
                    [],
                    amount,
                    [],
                    [number],
                    total_sums=level,
                    printed_cells=[Cell("amount", budget_column, 1, amount, number)],
                    groups=[g.heading_seq for g in self.open_groups],
                )
            )

    def open_level(self) -> str:
        return self.layout.groups[len(self.open_groups)].level

    def read_outside(self, page: int, words: list[Word]) -> None:
        """A page outside the table: each line furniture, a title where one is printed
        (a book names its year on the cover only), else `outside_table`."""
        self.facing = None
        for line in visual_lines(words):
            text = " ".join(w.text for w in line)
            kind = "title" if self.layout.title.search(text) else "outside_table"
            self.add_furniture(kind, page, line)

    def read_body(
        self,
        page: int,
        words: list[Word],
        spans: list[ColumnSpan],
        where: str,
        rules: list[Rule],
    ) -> None:
        layout = self.layout
        by_role = {span.column.role: span for span in spans}
        pillar_span = by_role.get("pillar")
        amount_span = by_role["amount"]
        # pillar headings first: a word starting with a pillar mark in the 基本方針 column
        # (its text may run on over the next columns), or, without that column, a line
        # starting with one at the table's left
        rest: list[Word] = []
        events: list[_Event] = []
        for line in visual_lines(words):
            first = line[0]
            if self.layout.groups and self.group_of(" ".join(w.text for w in line)):
                events.append(_Event(first.top, _GROUP, line))
            elif pillar_span is not None:
                for word in line:
                    if pillar_span.x0 <= word.x0 < pillar_span.x1 and (
                        patterns.PILLAR_HEADING.match(word.text)
                    ):
                        events.append(_Event(word.top, _HEADING, [word]))
                    else:
                        rest.append(word)
            elif patterns.PILLAR_HEADING.match(first.text):
                events.append(_Event(first.top, _HEADING, line))
            else:
                rest += line
        placed: dict[str, list[Word]] = {}
        words = rest
        aligned = _left_aligned_columns(words, spans, layout)
        for word in words:
            span = aligned.get(id(word)) or _column_of(word, spans, layout)
            if span is None:
                raise DocumentError(
                    where,
                    None,
                    f"the word {word.text!r} at x {word.x0:.0f}-{word.x1:.0f}, "
                    f"y {word.top:.0f} falls in no column",
                )
            placed.setdefault(span.column.name, []).append(word)
        for span in spans:
            # a column beside the table (節, 説明): furniture, in no row
            if span.column.role == "outside":
                for line in visual_lines(placed.pop(span.column.name, [])):
                    self.add_furniture("outside_table", page, line)
        pillar_words = placed.pop(pillar_span.column.name, []) if pillar_span else []
        for line in visual_lines(pillar_words):
            events.append(_Event(line[0].top, _PILLAR_TEXT, line))
        anchors = sorted(
            (w for w in placed.get(amount_span.column.name, []) if layout.amount.fullmatch(w.text)),
            key=lambda w: w.top,
        )
        row_words: list[dict[str, list[Word]]] = [{} for _ in anchors]
        ys = _rule_rows(rules, by_role["name"])
        wraps = {span.column.name: span.column.role.wraps for span in spans}
        for name, column_words in placed.items():
            if not anchors:
                raise DocumentError(
                    where, None, f"the word {column_words[0].text!r} belongs to no row (no figures)"
                )
            text_column = wraps[name]
            for word, row in zip(
                column_words,
                _rows_of_words(
                    anchors, column_words, ys, text_column, layout.figures_on_first_line
                ),
                strict=True,
            ):
                row_words[row].setdefault(name, []).append(word)
        for cells in row_words:
            top = min(w.top for ws in cells.values() for w in ws)
            events.append(_Event(top, _ROW, [], cells))
        # in print order; at one height a heading before its cell's text before a row
        events.sort(key=lambda e: (e.top, e.kind))
        for event in events:
            if event.kind == _GROUP:
                self.read_group(page, event.words, where)
            elif event.kind == _HEADING:
                self.read_heading(page, event.words)
            elif event.kind == _PILLAR_TEXT:
                self.read_pillar_text(page, event.words, where)
            else:
                self.read_row(page, event.cells, spans, where)

    def read_heading(self, page: int, line: list[Word]) -> None:
        number = self.add_line(page, None, line)
        match = patterns.PILLAR_HEADING.match(self.lines[number - 1].text)
        assert match is not None
        mark = match.group("mark")
        if mark == self.last_mark and self.headings:
            # A merged 基本方針 cell that runs on over a page break is printed again, whole,
            # on the next page (what was printed before was cut off there): the earlier
            # print of the heading and its directions becomes furniture.
            old = self.headings.pop()
            repeated = [old.line_no, *old.more_lines]
            for direction in [d for d in self.directions if d.pillar_mark == mark]:
                repeated += direction.line_numbers
                self.directions.remove(direction)
            self.furniture.append(
                Furniture(
                    len(self.furniture) + 1,
                    "repeated_cell",
                    [self.lines[n - 1].text for n in sorted(repeated)],
                    sorted(repeated),
                )
            )
        self.last_mark = mark
        self.headings.append(PillarHeading(mark, match.group("title"), number))
        self.open_direction = None
        self.heading_open = True

    def read_pillar_text(self, page: int, line: list[Word], where: str) -> None:
        number = self.add_line(page, "pillar", line)
        text = self.lines[number - 1].text
        if self.heading_open and not patterns.DIRECTION_BULLET.match(text):
            # the heading wrapped in its cell
            heading = self.headings[-1]
            heading.pillar_title += text
            heading.more_lines.append(number)
            return
        self.heading_open = False
        if patterns.DIRECTION_BULLET.match(text) or self.open_direction is None:
            try:
                self.open_direction = add_direction(self.directions, self.last_mark, text, number)
            except ValueError as exc:
                raise DocumentError(where, None, str(exc)) from None
        else:
            self.open_direction.lines.append(text)
            self.open_direction.line_numbers.append(number)

    def read_row(
        self, page: int, cells: dict[str, list[Word]], spans: list[ColumnSpan], where: str
    ) -> None:
        layout = self.layout
        roles = {span.column.name: span.column.role for span in spans}
        (name_column,) = layout.role_columns("name")
        numbers: list[int] = []
        texts: dict[str, list[tuple[int, str, list[Word]]]] = {}
        for span in spans:
            column_words = cells.get(span.column.name, [])
            for line in visual_lines(column_words):
                number = self.add_line(page, span.column.name, line)
                numbers.append(number)
                texts.setdefault(span.column.name, []).append(
                    (number, self.lines[number - 1].text, line)
                )
        name_lines = [text for _, text, _ in texts.get(name_column, [])]
        label = "".join(name_lines)
        total = next((t for t in layout.totals if t.label_only.match(label)), None)
        cell_list: list[Cell] = []

        def add(role: str, column: str | None, text: str, number: int) -> None:
            # positions within each role are given once the row is complete (_renumbered)
            cell_list.append(Cell(role, column, 0, text, number))

        # each word of an amount column is a figure as printed (dbt staging reads it, and
        # names the cell when it is not one)
        for name, lines in texts.items():
            role = roles[name]
            for number, _, words in lines:
                if role in FIGURE_ROLES:
                    for word in words:
                        add(role, name, word.text, number)
        if total is not None:
            kind, sums = total.kind, total.sums
            try:
                pillar, self.subtotals_seen = number_total(
                    layout, total, self.rows, self.subtotals_seen, name_lines[0]
                )
            except ValueError as exc:
                raise DocumentError(where, None, str(exc)) from None
            levels = [g.level for g in self.open_groups]
            if sums in (g.level for g in layout.groups) and sums not in levels:
                raise DocumentError(
                    where, None, f"{label} (a total of its {sums}) stands in no {sums}"
                )
            row = TableRow(
                len(self.rows) + 1,
                kind,
                pillar,
                [],
                " ".join(text for _, text in _cell_texts(texts, spans, skip={name_column})),
                [],
                numbers,
                total_sums=sums,
                groups=[g.heading_seq for g in self.open_groups],
            )
            # a total prints every amount column: a blank one is 0
            for name in layout.role_columns("funding_source"):
                if not any(c.column == name for c in cell_list):
                    add("funding_source", name, "", numbers[0])
            cell_list.sort(key=lambda c: (c.role != "amount", _order(layout, c.column)))
            cell_list = _renumbered(cell_list)
            self.rows.append(row)
            row.printed_cells = cell_list
            return
        if not name_lines:
            figures = [c.text for c in cell_list]
            raise DocumentError(where, None, f"figures {figures} with no name")
        if layout.item_number is not None:
            # the item number printed at the start of the name cell is a cell of its own
            numbered = layout.item_number.match(name_lines[0])
            if numbered is not None:
                add("item_number", name_column, numbered.group("number"), texts[name_column][0][0])
                name_lines = [name_lines[0][numbered.end() :], *name_lines[1:]]
                if not name_lines[0]:
                    name_lines = name_lines[1:]
        for text in name_lines:
            check_name_line(layout, text, where, None)
        row = TableRow(
            row_seq=len(self.rows) + 1,
            row_kind=ROW_KIND_LINE_ITEM,
            # a table without pillars groups no line under one
            pillar_no=self.subtotals_seen + 1 if layout.role_columns("pillar") else None,
            name_lines=name_lines,
            cell_text=" ".join(
                text
                for _, text in _cell_texts(
                    texts, spans, skip={name_column, *layout.role_columns("division")}
                )
            ),
            division_lines=[],
            line_numbers=sorted(numbers),
            groups=[g.heading_seq for g in self.open_groups],
        )
        for name, lines in texts.items():
            role = roles[name]
            for number, text, words in lines:
                # flags, periods and foundation marks as printed: dbt staging reads them
                if role == "flag":
                    for word in words:
                        add("flag", name, word.text, number)
                elif role == "period":
                    add("period", name, text.replace(" ", ""), number)
                elif role == "foundation":
                    add("foundation", name, text.strip(), number)
                elif role == "division":
                    row.division_lines.append(text)
                    row.division_line_numbers.append(number)
        row.printed_cells = cell_list
        self.rows.append(row)

    def finish(self, pages: int) -> None:
        """Group labels split off the names; the name, repost and division cells added."""
        if not any(r.row_kind == ROW_KIND_LINE_ITEM for r in self.rows):
            raise DocumentError(self.file_name, None, f"no line items in its {pages} page(s)")
        split_group_labels(self.rows, self.layout.group_labels, inline=True)
        for row in self.rows:
            if row.row_kind != ROW_KIND_LINE_ITEM:
                continue
            base = row_cells(row, self.layout, with_figures=False)
            row.printed_cells = _renumbered(
                sorted(
                    [*(row.printed_cells or []), *base],
                    key=lambda c: (_ROLE_ORDER.index(c.role), _order(self.layout, c.column)),
                )
            )


_ROLE_ORDER = (
    "amount",
    "previous",
    "change",
    "funding_source",
    "item_number",
    "repost",
    "name",
    "flag",
    "period",
    "foundation",
    "division",
    "regional_office",
    "division_note",
)


def _order(layout: Layout, column: str | None) -> int:
    """A column's place in the layout (after every column: a cell of no column)."""
    for place, known in enumerate(layout.columns):
        if known.name == column:
            return place
    return len(layout.columns)


def _renumbered(cells: list[Cell]) -> list[Cell]:
    seen: dict[str, int] = {}
    out = []
    for cell in cells:
        seen[cell.role] = seen.get(cell.role, 0) + 1
        out.append(Cell(cell.role, cell.column, seen[cell.role], cell.text, cell.line_no))
    return out


def _cell_texts(
    texts: dict[str, list[tuple[int, str, list[Word]]]],
    spans: list[ColumnSpan],
    skip: set[str],
) -> list[tuple[str, str]]:
    return [
        (span.column.name, text)
        for span in spans
        if span.column.name not in skip
        for _, text, _ in texts.get(span.column.name, [])
    ]


def read_pdf(
    data: bytes, file_name: str, layout: Layout | None = None, declared: Declared | None = None
) -> PdfDocument:
    """The document's cell lines and elements, read with `layout` (by default the layout
    its table prints: a file holding several tables is refused here, see
    `read_pdf_tables`); one DocumentError naming file and page when it cannot be read.
    `declared`: what the analyst declared of a document that prints no title."""
    if layout is not None:
        with collector_paused():
            pages = read_pages(data, file_name)
            return _read_table(pages, file_name, layout, declared, PageWords(), {}, set())
    tables = read_pdf_tables(data, file_name, declared)
    if len(tables) > 1:
        names = ", ".join(table.parsed.layout_name for table in tables)
        raise DocumentError(file_name, None, f"holds {len(tables)} tables ({names})")
    return tables[0]


def read_pdf_tables(
    data: bytes, file_name: str, declared: Declared | None = None
) -> list[PdfDocument]:
    """Each table the file prints, read with its layout, in the order they start: one, or
    a budget book's several (総括, 事項別明細書), each found by its header on its pages, every
    page of another table or of none furniture to it. The garbage collector is paused
    meanwhile (glyphs.collector_paused)."""
    with collector_paused():
        pages = read_pages(data, file_name)
        printed = [page for page in pages if page.glyphs]
        page_words = PageWords()
        layout, first, words, found = choose_pdf_layout(printed, file_name, page_words)
        if layout.header_on_every_page:
            # one table, its header on every page
            planned = {first.number: (first, words, found)}
            return [_read_table(pages, file_name, layout, declared, page_words, planned, set())]
        plan = _table_pages(printed, (layout, first, words, found), file_name, page_words)
        layouts: list[Layout] = []
        for table_layout, *_ in plan.values():
            if not any(table_layout is known for known in layouts):
                layouts.append(table_layout)
        return [
            _read_table(
                pages,
                file_name,
                table_layout,
                declared,
                page_words,
                {number: read for number, (lay, *read) in plan.items() if lay is table_layout},
                {number for number, (lay, *_) in plan.items() if lay is not table_layout},
            )
            for table_layout in layouts
        ]


_Planned = tuple[Page, list[Word], dict[str, Found]]


def _table_pages(
    printed: list[Page],
    first: tuple[Layout, Page, list[Word], dict[str, Found]],
    file_name: str,
    page_words: PageWords,
) -> dict[int, tuple[Layout, Page, list[Word], dict[str, Found]]]:
    """In a document whose tables need not be on every page (a budget book), the table each
    page (or pair of facing pages) prints, by its first page's number: from the first
    table's page on, the most specific layout whose every header the page prints
    (`choose_pdf_layout`'s rule); pages printing none are left out (cover, 条文, 歳入)."""
    layouts = tuple(layout for layout in all_layouts() if not layout.header_on_every_page)
    plan = {first[1].number: first}
    index = next(i for i, page in enumerate(printed) if page.number == first[1].number)
    skip = first[1].facing
    for at, page in enumerate(printed[index + 1 :], start=index + 1):
        if page.number == skip:
            continue
        where = f"{file_name} (page {page.number})"
        fits = page_words.fitting(page, layouts, where)
        if fits:
            plan[page.number] = (fits[0][0], page, page_words(page), fits[0][1])
        elif at + 1 < len(printed):
            sheet = facing_sheet(page, printed[at + 1], layouts, where, page_words)
            if sheet is not None:
                plan[page.number] = sheet
                skip = sheet[1].facing
    return plan


def _read_table(
    pages: list[Page],
    file_name: str,
    layout: Layout,
    declared: Declared | None,
    page_words: PageWords,
    planned: dict[int, _Planned],
    others: set[int],
) -> PdfDocument:
    """The document as one table of `layout`: every page read, the pages `planned` with
    their sheet, words and header places already found, the pages of `others` (another
    table's) as furniture; any other page searched for the header (on every page, or
    where the table need not be: a page outside it)."""
    reader = _Reader(file_name, layout, page_words=page_words)
    read_with: set[int] = set()
    for index, page in enumerate(pages):
        if not page.glyphs or page.number in read_with:
            continue
        following = pages[index + 1] if index + 1 < len(pages) else None
        try:
            if page.number in planned:
                sheet, words, found = planned[page.number]
                sheet = reader.read_page(sheet, read=(words, found))
            elif page.number in others or (planned and not layout.header_on_every_page):
                reader.read_outside(page.number, page_words(page))
                sheet = page
            else:
                sheet = reader.read_page(page, following)
        except DocumentError:
            raise
        except Exception as exc:  # noqa: BLE001 - a page no table reading fits: named
            raise DocumentError(
                f"{file_name} (page {page.number})",
                None,
                f"cannot be read as a table ({one_line(exc)})",
            ) from None
        if sheet.facing is not None:
            # the right page of two facing pages was read with the left
            read_with.add(sheet.facing)
    reader.finish(len(pages))
    elements = Elements(
        reader.rows, reader.headings, reader.directions, reader.furniture, reader.groups
    )
    parsed = document_of(elements, file_name, len(reader.lines), layout, declared=declared)
    return PdfDocument(reader.lines, parsed, reader.spans)
