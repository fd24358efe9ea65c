"""Physical lines -> logical elements of a 施策一覧 table. Pure: text in, records out.

What a line is (layout) is decided here; what a value means (flags, amounts, periods)
is left to dbt staging. Every non-blank line ends up in exactly one element:
a column header or title (furniture), a table row (line item or printed total),
a pillar heading or a pillar direction. A line that fits none is an error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from core.errors import DocumentError
from loaders import patterns
from loaders.declared import DECLARED_FILE, Declared
from loaders.layout import Cell, Layout, TotalLine, choose_layout

ROW_KIND_LINE_ITEM = "line_item"

# A name line that stops this far short of the widest name line was broken on purpose:
# it looks like a group label. Only for a warning: group labels are declared in the layout.
LABEL_WIDTH_RATIO = 0.8


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def display_width(text: str) -> int:
    """Columns a string takes in print: full-width and wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class TableRow:
    row_seq: int
    row_kind: str
    pillar_no: int | None
    name_lines: list[str]
    cell_text: str
    division_lines: list[str]
    line_numbers: list[int]
    name_line_widths: list[int] = field(default_factory=list)
    group_label: str | None = None
    # the cells line: its number and the text of its cell groups (flags, amounts, period,
    # foundation; a total line's amounts), as the layout's grammar matched them
    cells_line: int = 0
    cell_groups: dict[str, str] = field(default_factory=dict)
    division_line_numbers: list[int] = field(default_factory=list)
    # a total line: what it sums (pillar, pillar_reposts or document, from the layout)
    total_sums: str | None = None
    # its cells as placed by column (a PDF); None: split by the layout's grammar (a text)
    printed_cells: list[Cell] | None = None
    # the group headings (heading_seq) it sits in, outermost first (a budget book's 款, 項)
    groups: list[int] = field(default_factory=list)

    @property
    def name_text(self) -> str:
        return "".join(self.name_lines)


@dataclass
class PillarHeading:
    pillar_mark: str
    pillar_title: str
    line_no: int
    # lines the heading wraps on to (a PDF's 基本方針 cell)
    more_lines: list[int] = field(default_factory=list)


@dataclass
class PillarDirection:
    pillar_mark: str
    direction_seq: int
    lines: list[str]
    line_numbers: list[int]

    @property
    def direction_text(self) -> str:
        """The direction's lines joined, without its bullet (・ or ･)."""
        return patterns.DIRECTION_BULLET.sub("", "".join(self.lines), count=1)


@dataclass
class GroupHeading:
    """A budget book's group heading (５款 労働費 159,963千円): its level (款), its depth
    (1 = outermost), its number and name as printed, and the line it is printed on. The
    budget it prints lands as a total row of the group (row_kind = the level)."""

    heading_seq: int
    level: str
    depth: int
    number_text: str
    name: str
    line_no: int


@dataclass
class Furniture:
    furniture_seq: int
    furniture_kind: str
    lines: list[str]
    line_numbers: list[int]


@dataclass
class SegmentedDocument:
    title: str
    title_line: int
    fiscal_year: int
    issuer: str
    rows: list[TableRow]
    headings: list[PillarHeading]
    directions: list[PillarDirection]
    furniture: list[Furniture]
    layout_name: str
    warnings: list[str] = field(default_factory=list)
    groups: list[GroupHeading] = field(default_factory=list)
    # where the print names no year and issuer: the source of the analyst's declaration
    declared_source: str | None = None

    @property
    def table_part(self) -> str:
        """Which table of its issuer's year the document holds: its layout, and where the
        layout groups its lines, the first outermost group it prints (a book split by 款:
        saishutsu_meisai 5款)."""
        first = next((g for g in self.groups if g.depth == 1), None)
        if first is None:
            return self.layout_name
        return f"{self.layout_name} {nfkc(first.number_text)}{first.level}"

    @property
    def printed_cells(self) -> dict[int, list[Cell]]:
        """The cells placed by column (a PDF), by row_seq; rows without are split by the
        grammar."""
        return {r.row_seq: r.printed_cells for r in self.rows if r.printed_cells is not None}


@dataclass(frozen=True)
class CellLine:
    """A PDF's "line": the words of one column on one visual line, with their page and box
    (a text's lines are its physical lines and have none)."""

    page: int
    column: str | None
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class _State:
    """What the segmenter holds open while it walks the lines."""

    pending_names: list[tuple[int, str]] = field(default_factory=list)
    open_row: TableRow | None = None
    open_direction: PillarDirection | None = None
    open_footnote: Furniture | None = None
    grand_total_line: int | None = None
    header: Furniture | None = None
    direction_open_at_page_end: PillarDirection | None = None
    last_mark: str | None = None
    subtotals_seen: int = 0


class _Segmenter:
    def __init__(self, file_name: str, layout: Layout) -> None:
        self.file_name = file_name
        self.layout = layout
        self.rows: list[TableRow] = []
        self.headings: list[PillarHeading] = []
        self.directions: list[PillarDirection] = []
        self.furniture: list[Furniture] = []
        self.state = _State()

    def error(self, line_no: int | None, message: str) -> DocumentError:
        return DocumentError(self.file_name, line_no, message)

    # -- closing what is open -------------------------------------------------
    def close_tails(self) -> None:
        self.state.open_row = None
        self.state.open_direction = None
        self.state.open_footnote = None

    def require_no_pending(self, line_no: int, what: str) -> None:
        if self.state.pending_names:
            first, text = self.state.pending_names[0]
            message = (
                f"text {text.strip()!r} has no figures after it (before {what} at line {line_no})"
            )
            headers = [w for c in self.layout.columns for w in c.header if w in text.split()]
            if headers:
                # a column header line the layout does not know how it starts
                message = (
                    f"text {text.strip()!r} prints the column header word(s) "
                    f"{', '.join(headers)} but is not the start of layout {self.layout.name}'s "
                    f"header block ({' / '.join(self.layout.header_block_first_lines)}): if it "
                    "is this document's header, add its first line to column_header.block_first"
                )
            raise self.error(first, message)

    # -- one line ---------------------------------------------------------------
    def feed(self, line_no: int, raw: str) -> None:
        st = self.state
        text = raw.strip()
        if st.header is not None:
            self.feed_header(line_no, raw, text)
            return
        if not text:
            self.close_tails()
            return
        layout = self.layout
        if layout.funding_header.match(text) or layout.header_block_first.match(text):
            self.start_header(line_no, raw, text)
            return
        if patterns.PAGE_NUMBER.match(text):
            # A page break may fall inside a row: pending name lines stay pending.
            self.close_tails()
            self.add_furniture("page_number", [(line_no, raw)])
            return
        if patterns.FOOTNOTE.match(text):
            self.close_tails()
            st.open_footnote = self.add_furniture("footnote", [(line_no, raw)])
            return
        if layout.title.search(text) and not layout.cell_line.match(text):
            self.require_no_pending(line_no, "the title")
            self.close_tails()
            self.add_furniture("title", [(line_no, raw)])
            return
        heading = patterns.PILLAR_HEADING.match(text)
        if heading:
            self.require_no_pending(line_no, "a pillar heading")
            self.close_tails()
            st.last_mark = heading.group("mark")
            self.headings.append(PillarHeading(st.last_mark, heading.group("title"), line_no))
            return
        if patterns.DIRECTION_BULLET.match(text) and not st.pending_names:
            # (a ・ inside a wrapped project name is part of the name)
            self.start_direction(line_no, text)
            return
        if layout.total_label.match(text):
            self.feed_total(line_no, text)
            return
        cells = layout.cell_line.match(text)
        if cells:
            self.feed_cells(line_no, cells)
            return
        if layout.looks_like_cells.search(text):
            raise self.error(
                line_no, f"looks like a line item but its cells do not parse: {text!r}"
            )
        self.feed_text(line_no, text)

    def start_header(self, line_no: int, raw: str, text: str) -> None:
        st = self.state
        st.direction_open_at_page_end = st.open_direction
        self.close_tails()
        block = self.add_furniture("column_header", [(line_no, raw)])
        if self.layout.header_block_first.match(text):
            st.header = block

    def feed_header(self, line_no: int, raw: str, text: str) -> None:
        st = self.state
        assert st.header is not None
        if not text:
            return
        st.header.lines.append(raw)
        st.header.line_numbers.append(line_no)
        if self.layout.header_block_last.match(text):
            st.header = None
        elif len(st.header.lines) > self.layout.header_block_max_lines:
            raise self.error(st.header.line_numbers[0], self.unfinished_header())

    def unfinished_header(self) -> str:
        return f"column header block never reaches {self.layout.header_block_last_word}"

    def add_furniture(self, kind: str, lines: list[tuple[int, str]]) -> Furniture:
        block = Furniture(
            len(self.furniture) + 1, kind, [t for _, t in lines], [n for n, _ in lines]
        )
        self.furniture.append(block)
        return block

    def start_direction(self, line_no: int, text: str) -> None:
        # (called only with no name lines pending: a ・ inside a wrapped name is the name's)
        st = self.state
        self.close_tails()
        try:
            st.open_direction = add_direction(self.directions, st.last_mark, text, line_no)
        except ValueError as exc:
            raise self.error(line_no, str(exc)) from None
        st.direction_open_at_page_end = None

    def feed_total(self, line_no: int, text: str) -> None:
        st = self.state
        self.require_no_pending(line_no, "a printed total")
        self.close_tails()
        found = [(total, m) for total in self.layout.totals if (m := total.line.match(text))]
        if not found:
            raise self.error(
                line_no,
                f"a total line whose {self.layout.total_figures} figures do not parse: {text!r}",
            )
        total, match = found[0]
        kind = total.kind
        try:
            pillar, st.subtotals_seen = number_total(
                self.layout, total, self.rows, st.subtotals_seen, text.split()[0]
            )
        except ValueError as exc:
            raise self.error(line_no, str(exc)) from None
        if total.sums == "document":
            st.grand_total_line = line_no
        self.rows.append(
            TableRow(
                len(self.rows) + 1,
                kind,
                pillar,
                [],
                match.group("cells"),
                [],
                [line_no],
                cells_line=line_no,
                cell_groups={"amounts": match.group("cells")},
                total_sums=total.sums,
            )
        )

    def feed_cells(self, line_no: int, cells: re.Match[str]) -> None:
        st = self.state
        name_prefix = cells.group("name").strip()
        if self.layout.looks_like_cells.search(name_prefix):
            # ○ or figures left in front of the cells: part of the row did not parse.
            raise self.error(
                line_no, f"looks like a line item but its cells do not parse: {cells.string!r}"
            )
        names = list(st.pending_names)
        if name_prefix:
            names.append((line_no, name_prefix))
        if not names:
            raise self.error(line_no, "a line item's figures with no project name before them")
        for name_line_no, text in names:
            check_name_line(self.layout, text, self.file_name, name_line_no)
        division = cells.group("division")
        numbers = [n for n, _ in st.pending_names] + [line_no]
        row = TableRow(
            row_seq=len(self.rows) + 1,
            row_kind=ROW_KIND_LINE_ITEM,
            pillar_no=st.subtotals_seen + 1,
            name_lines=[t for _, t in names],
            cell_text=cells.group("cells"),
            division_lines=[division] if division else [],
            line_numbers=numbers,
            name_line_widths=[display_width(t) for _, t in names],
            cells_line=line_no,
            cell_groups={
                group: cells.group(group) or "" for group in ("flags", "amounts", "period")
            }
            | {"foundation": cells.group("cells")[cells.end("period") - cells.start("cells") :]},
            division_line_numbers=[line_no] if division else [],
        )
        self.rows.append(row)
        st.pending_names = []
        self.close_tails()
        st.open_row = row
        st.direction_open_at_page_end = None

    def feed_text(self, line_no: int, text: str) -> None:
        st = self.state
        if st.open_footnote is not None:
            st.open_footnote.lines.append(text)
            st.open_footnote.line_numbers.append(line_no)
            return
        direction = st.open_direction
        if direction is not None:
            if self.fits_direction(direction, text):
                direction.lines.append(text)
                direction.line_numbers.append(line_no)
                return
            st.open_direction = None
        if st.open_row is not None and patterns.DIVISION_LINE.match(text):
            st.open_row.division_lines.append(text)
            st.open_row.division_line_numbers.append(line_no)
            st.open_row.line_numbers.append(line_no)
            return
        carried = st.direction_open_at_page_end
        if carried is not None and not st.pending_names and self.is_direction_width(text):
            # A direction wrapped across a page break continues under the next header.
            carried.lines.append(text)
            carried.line_numbers.append(line_no)
            st.open_direction = carried
            return
        st.direction_open_at_page_end = None
        st.open_row = None
        st.pending_names.append((line_no, text))

    def is_direction_width(self, text: str) -> bool:
        widths = [display_width(t) for d in self.directions for t in d.lines]
        return bool(widths) and display_width(text) <= max(widths)

    @staticmethod
    def fits_direction(direction: PillarDirection, text: str) -> bool:
        """Directions are wrapped in a narrow column: a wider line is not their continuation."""
        return display_width(text) <= max(display_width(t) for t in direction.lines) + 2

    def finish(self, line_count: int) -> None:
        st = self.state
        if st.header is not None:
            raise self.error(st.header.line_numbers[0], self.unfinished_header())
        if st.pending_names and st.grand_total_line is None:
            # The document stops before its 合計 (truncated): keep what is there as an
            # unfinished row; the dbt tests report the missing totals.
            self.add_furniture("unfinished_row", st.pending_names)
            st.pending_names = []
        self.require_no_pending(line_count, "the end of the document")


def check_name_line(layout: Layout, text: str, where: str, line_no: int | None) -> None:
    """A name line longer than the layout's name cell can print is a stray line (e.g. a
    paragraph pasted into the file), never part of a project's name."""
    length = len(text.strip())
    if length > layout.name_line_max_chars:
        raise DocumentError(
            where,
            line_no,
            f"a name line of {length:,} characters, longer than a name cell prints "
            f"(name_line_max_chars: {layout.name_line_max_chars} in layouts/{layout.name}.yml): "
            f"a stray line? It starts {text.strip()[:40]!r}",
        )


def split_lines(text: str) -> list[str]:
    """Physical lines as printed: LF, CRLF or CR end a line; nothing else does."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def add_direction(
    directions: list[PillarDirection], mark: str | None, text: str, line_no: int
) -> PillarDirection:
    """A new direction of the pillar last headed, numbered after that pillar's others, for
    the text and the PDF path alike; ValueError before any pillar heading."""
    if mark is None:
        raise ValueError(f"direction {text!r} comes before any pillar heading")
    seq = sum(1 for d in directions if d.pillar_mark == mark) + 1
    direction = PillarDirection(mark, seq, [text], [line_no])
    directions.append(direction)
    return direction


def number_total(
    layout: Layout, total: TotalLine, rows: list[TableRow], subtotals_seen: int, label: str
) -> tuple[int | None, int]:
    """A printed total's pillar and the pillar subtotals seen once it is counted, for the
    text and the PDF path alike: a pillar subtotal closes the next pillar; a subtotal with
    reposts must follow one (else ValueError naming the label); a document total has none."""
    if total.sums == "pillar":
        return subtotals_seen + 1, subtotals_seen + 1
    if total.sums == "pillar_reposts":
        pillar_kinds = layout.total_kinds("pillar")
        if not rows or rows[-1].row_kind not in pillar_kinds:
            raise ValueError(
                f"{label} ({total.kind}) does not follow a {'/'.join(pillar_kinds)} line"
            )
        return subtotals_seen, subtotals_seen
    return None, subtotals_seen


def split_group_labels(rows: list[TableRow], labels: tuple[str, ...], inline: bool = False) -> None:
    """Split a declared group label (e.g. 青森県信用保証協会補助) off the name it is printed
    in front of: the name lines, joined, start with the label and the label ends where a
    name line ends (it is printed on lines of its own, however narrowly wrapped). With
    `inline` (a PDF, whose cell may run the label and the name together on one line) the
    name only has to start with the label."""
    for row in rows:
        joined = ""
        for i, line in enumerate(row.name_lines[:-1]):
            joined += line.strip()
            if joined in labels:
                row.group_label = joined
                row.name_lines = row.name_lines[i + 1 :]
                row.name_line_widths = row.name_line_widths[i + 1 :]
                break
            if not any(label.startswith(joined) for label in labels):
                break
        if inline and row.group_label is None and row.row_kind == ROW_KIND_LINE_ITEM:
            name = row.name_text
            label = next((x for x in labels if name.startswith(x) and len(name) > len(x)), None)
            if label is not None:
                row.group_label = label
                row.name_lines = [name[len(label) :]]
                row.name_line_widths = []


def undeclared_label_lines(rows: list[TableRow]) -> list[tuple[int, str]]:
    """Name lines that look like a group label (a name wraps only once its column is full;
    these stop well short of the widest name line, and not before a bracket) but are not
    one the layout declares: (line number, text), for a warning."""
    widths = [w for row in rows for w in row.name_line_widths]
    if not widths:
        return []
    limit = LABEL_WIDTH_RATIO * max(widths)
    found = []
    for row in rows:
        for i, width in enumerate(row.name_line_widths[:-1]):
            following = row.name_lines[i + 1]
            if patterns.OPENING_BRACKET.match(following):
                continue
            if width + display_width(following[0]) <= limit:
                found.append((row.line_numbers[i], row.name_lines[i]))
                break
    return found


def find_title(
    furniture: list[Furniture],
    file_name: str,
    line_count: int,
    layout: Layout,
    declared: Declared | None = None,
) -> tuple[str, int, int, str]:
    """The document's title line, the fiscal year it names (令和４年度 -> 2022) and its
    issuer (named in the title, printed on a line of its own, else the layout's). A
    document printing no title takes what the analyst declared (title line 0); a
    declaration the print contradicts is an error."""
    titles = [
        (line.strip(), number)
        for block in furniture
        if block.furniture_kind == "title"
        for line, number in zip(block.lines, block.line_numbers, strict=True)
    ]
    if not titles and declared is not None:
        return declared.title, 0, declared.fiscal_year, declared.issuer
    if not titles:
        raise DocumentError(
            file_name,
            None,
            f"none of its {line_count} lines is a title naming the fiscal year "
            f"({layout.title_describes}): not a table of layout {layout.name}"
            + (
                ""
                if layout.header_on_every_page
                else f", or a part of a book whose cover is in another file (declare its "
                f"year and issuer in {DECLARED_FILE} in the documents folder)"
            ),
        )
    listed = [t for t in titles if layout.title_preferred_word in t[0]] or titles
    title, line_no = listed[0]
    match = layout.title.search(title)
    assert match is not None
    issuer = match.groupdict().get("issuer") or _printed_issuer(furniture, layout) or layout.issuer
    if not issuer and declared is not None:
        issuer = declared.issuer
    if not issuer:
        raise DocumentError(
            file_name,
            None,
            f"prints its issuer nowhere (title.issuer_pattern of layouts/{layout.name}.yml)",
        )
    fiscal_year = layout.fiscal_year(match.group("era"), match.group("year"))
    if declared is not None and (declared.fiscal_year, declared.issuer) != (fiscal_year, issuer):
        raise DocumentError(
            file_name,
            line_no,
            f"prints {issuer} {fiscal_year}, but {DECLARED_FILE} declares "
            f"{declared.issuer} {declared.fiscal_year}: a declaration never overrides the print",
        )
    return title, line_no, fiscal_year, issuer


def _printed_issuer(furniture: list[Furniture], layout: Layout) -> str | None:
    """The issuer printed on a line of its own outside the table (富 士 市 on a book's
    cover), by the layout's `title.issuer_pattern`; None without one."""
    if layout.issuer_pattern is None:
        return None
    for block in furniture:
        for line in block.lines:
            found = layout.issuer_pattern.fullmatch(re.sub(r"\s+", "", line))
            if found:
                return found.group("issuer")
    return None


@dataclass
class Elements:
    rows: list[TableRow]
    headings: list[PillarHeading]
    directions: list[PillarDirection]
    furniture: list[Furniture]
    groups: list[GroupHeading] = field(default_factory=list)


def segment_elements(lines: list[str], file_name: str, layout: Layout | None = None) -> Elements:
    """Walk physical lines into elements (any stretch of a document, title or not)."""
    layout = layout or choose_layout(lines, file_name)
    segmenter = _Segmenter(file_name, layout)
    for line_no, raw in enumerate(lines, start=1):
        segmenter.feed(line_no, raw)
    segmenter.finish(len(lines))
    split_group_labels(segmenter.rows, layout.group_labels)
    return Elements(segmenter.rows, segmenter.headings, segmenter.directions, segmenter.furniture)


def segment(
    lines: list[str],
    file_name: str,
    layout: Layout | None = None,
    declared: Declared | None = None,
) -> SegmentedDocument:
    """A whole document: its elements, its title and the fiscal year the title names (or
    the analyst declared: loaders/declared.py)."""
    layout = layout or choose_layout(lines, file_name)
    elements = segment_elements(lines, file_name, layout)
    return document_of(
        elements,
        file_name,
        len(lines),
        layout,
        warnings=[
            f"{file_name}:{line_no}: {text.strip()!r} looks like a group label but is not "
            f"declared in layout {layout.name} (layouts/{layout.name}.yml, group_labels)"
            for line_no, text in undeclared_label_lines(elements.rows)
        ],
        declared=declared,
    )


def document_of(
    elements: Elements,
    file_name: str,
    line_count: int,
    layout: Layout,
    warnings: list[str] | None = None,
    declared: Declared | None = None,
) -> SegmentedDocument:
    """A document from its elements (read from text or from a PDF): the title and the
    fiscal year and issuer it names (or the analyst declared); an error when it has no
    line item."""
    title, title_line, fiscal_year, issuer = find_title(
        elements.furniture, file_name, line_count, layout, declared
    )
    if not any(r.row_kind == ROW_KIND_LINE_ITEM for r in elements.rows):
        raise DocumentError(file_name, None, "no line items were found: not a 施策一覧 table")
    return SegmentedDocument(
        title=title,
        title_line=title_line,
        fiscal_year=fiscal_year,
        issuer=issuer,
        rows=elements.rows,
        headings=elements.headings,
        directions=elements.directions,
        furniture=elements.furniture,
        layout_name=layout.name,
        warnings=warnings or [],
        groups=elements.groups,
        declared_source=declared.source if declared is not None and title_line == 0 else None,
    )


BRACKETED = re.compile(r"^[（(](?P<inner>.*)[）)]$")


def row_cells(row: TableRow, layout: Layout, with_figures: bool = True) -> list[Cell]:
    """A table row's cells by role, split by the layout's grammar, each as printed (see
    Cell). A line item: name (and a repost marker), flags, budget, funding figures,
    period, foundation mark, division parts; a total line: its amount and funding figures.
    Without `with_figures`, only the name, repost marker and division cells (the PDF reader
    places the others by column)."""
    cells: list[Cell] = []
    line = row.cells_line

    def add(role: str, column: str | None, text: str, line_no: int) -> None:
        position = sum(1 for c in cells if c.role == role) + 1
        cells.append(Cell(role, column, position, text, line_no))

    if with_figures:
        amounts = row.cell_groups["amounts"].split()
        (budget_column,) = layout.role_columns("amount")
        add("amount", budget_column, amounts[0], line)
        sources = layout.funding_sources
        for i, figure in enumerate(amounts[1:]):
            column = sources[i] if len(amounts) - 1 == len(sources) else None
            add("funding_source", column, figure, line)
    if row.row_kind != ROW_KIND_LINE_ITEM:
        return cells
    name = row.name_text
    marker = layout.repost_marker.search(name)
    if marker:
        name = name[: marker.start()]
        add("repost", None, marker.group().strip(), row.line_numbers[0])
    (name_column,) = layout.role_columns("name")
    name_line = row.line_numbers[0] if row.name_lines else line
    add("name", name_column, name, name_line)
    if with_figures:
        marks = row.cell_groups["flags"].split()
        flags = layout.flags
        for i, mark in enumerate(marks):
            add("flag", flags[i] if len(marks) == len(flags) else None, mark, line)
        period = row.cell_groups["period"]
        for period_column in layout.role_columns("period"):
            add("period", period_column, period, line)
        mark = row.cell_groups["foundation"].strip()
        if mark:
            (foundation_column,) = layout.role_columns("foundation")
            add("foundation", foundation_column, mark, line)
    division_column = next(iter(layout.role_columns("division")), None)
    for line_no, text in zip(row.division_line_numbers, row.division_lines, strict=True):
        for part in text.split():
            bracketed = BRACKETED.match(part)
            if not bracketed:
                add("division", division_column, part, line_no)
            elif layout.regional_office_suffix and bracketed.group("inner").endswith(
                layout.regional_office_suffix
            ):
                add("regional_office", division_column, part, line_no)
            else:
                add("division_note", division_column, part, line_no)
    return cells
