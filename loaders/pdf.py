"""PDF documents, read by the column positions found from the header words of each page.

Glyphs with their boxes (loaders/glyphs.py, `read_pages`) -> words -> per page: the header
band and each column's x-range from the layout's header words (and the vertical ruling
lines where drawn) -> every word in a column -> rows anchored by their budget figure ->
the same elements as the text path (loaders/segment.py): table rows whose cells know
their column, pillar headings and directions, page furniture. The "lines" of a PDF
document are its cell lines: the words of one column on one visual line, in reading
order, each with its page and box.

Only loaders/glyphs.py touches the file format; the rest is pure.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.errors import DocumentError, one_line
from loaders import patterns
from loaders.glyphs import Glyph, Page, Rule, read_pages
from loaders.layout import Cell, Column, Layout, all_layouts
from loaders.segment import (
    ROW_KIND_LINE_ITEM,
    Elements,
    Furniture,
    PillarDirection,
    PillarHeading,
    SegmentedDocument,
    TableRow,
    amount_digits,
    check_name_line,
    document_of,
    nfkc,
    row_cells,
    split_group_labels,
)

# Words: glyphs on one baseline closer than this many glyph heights are one word.
WORD_GAP = 0.3
# A header printed one character per line: stacked words no farther apart than this.
STACK_GAP = 1.0
# The header band: every column header within this many text heights of the first.
HEADER_SPAN = 12.0
# A cell wraps over at most this many lines.
MAX_CELL_LINES = 12


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(frozen=True)
class CellLine:
    """The words of one column on one visual line: a "line" of a PDF document."""

    page: int
    column: str | None
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PdfDocument:
    """A PDF read into the text path's shapes: cell lines (its "lines") and elements."""

    lines: list[CellLine]
    parsed: SegmentedDocument


# -- glyphs to words ----------------------------------------------------------------


# Kinsoku: these never start a line or a cell; printed past a rule they still close the
# text before them.
CLOSING = "）)」』】。、，,・ー"


def words_of(glyphs: Iterable[Glyph], rules: Iterable[Rule] = ()) -> list[Word]:
    """Glyphs in the order they are drawn, joined into words while each follows the last on
    its baseline closer than WORD_GAP glyph heights and no vertical ruling line parts them
    (but a closing bracket or 。 printed past a rule still closes its word); words in
    reading order (top to bottom, left to right). Drawing order keeps two texts apart that
    overlap where one overflows its cell."""
    # vertical rules by x, each x's segments merged where they touch (a ruled table draws
    # one segment per row and column)
    spans_at: dict[float, list[list[float]]] = {}
    for r in sorted((r for r in rules if r.x1 - r.x0 < 1.5), key=lambda r: (r.x0, r.top)):
        merged = spans_at.setdefault(round(r.x0, 1), [])
        if merged and r.top <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], r.bottom)
        else:
            merged.append([r.top, r.bottom])
    xs = sorted(spans_at)

    def ruled(left: Glyph, right: Glyph) -> bool:
        """A vertical rule between the two glyphs' centres, beside them."""
        start = bisect.bisect_right(xs, (left.x0 + left.x1) / 2)
        stop = bisect.bisect_left(xs, (right.x0 + right.x1) / 2)
        return any(
            top <= right.bottom and bottom >= right.top
            for x in xs[start:stop]
            for top, bottom in spans_at[x]
        )

    runs: list[list[Glyph]] = []
    for glyph in glyphs:
        if runs:
            previous = runs[-1][-1]
            size = max(glyph.bottom - glyph.top, 1.0)
            middle = (glyph.top + glyph.bottom) / 2
            last_middle = (previous.top + previous.bottom) / 2
            if (
                abs(middle - last_middle) <= 0.35 * size
                and previous.x0 - 0.1 * size <= glyph.x0 <= previous.x1 + WORD_GAP * size
                and (glyph.text in CLOSING or not ruled(previous, glyph))
            ):
                runs[-1].append(glyph)
                continue
        runs.append([glyph])
    words = [_word(run) for run in runs]
    return sorted(words, key=lambda w: (round(w.middle, 1), w.x0))


def _word(glyphs: list[Glyph]) -> Word:
    return Word(
        "".join(g.text for g in glyphs),
        min(g.x0 for g in glyphs),
        max(g.x1 for g in glyphs),
        min(g.top for g in glyphs),
        max(g.bottom for g in glyphs),
    )


def visual_lines(words: Iterable[Word]) -> list[list[Word]]:
    """Words grouped by baseline, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.middle, w.x0)):
        if lines and abs(word.middle - lines[-1][0].middle) <= 0.35 * word.height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


# -- the header: columns from their printed words ------------------------------------


def _key(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


@dataclass(frozen=True)
class Found:
    """Where a header's words are printed: a word, or words stacked one line each."""

    words: tuple[Word, ...]
    # the rest of its header cell printed under it (e.g. a note in brackets)
    below: tuple[Word, ...] = ()

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def _below(words: list[Word]) -> dict[int, Word | None]:
    """For each word, the word printed right under it (overlapping in x, on the next
    line), if any."""
    ordered = sorted(words, key=lambda w: (w.top, w.x0))
    below: dict[int, Word | None] = {}
    for i, word in enumerate(ordered):
        nearest = None
        for other in ordered[i + 1 :]:
            if other.top - word.bottom > STACK_GAP * word.height:
                break
            overlap = min(word.x1, other.x1) - max(word.x0, other.x0)
            if other.top > word.top + 0.5 * word.height and overlap > 0.4 * min(
                word.x1 - word.x0, other.x1 - other.x0
            ):
                nearest = other
                break
        below[id(word)] = nearest
    return below


def _stacks(words: list[Word], below: dict[int, Word | None]) -> list[tuple[Word, ...]]:
    """Every word, and every run of words printed one under the other, as candidates for
    a header cell's text."""
    stacks = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        run = [word]
        stacks.append((word,))
        while (nxt := below[id(run[-1])]) is not None and len(run) < 12:
            run.append(nxt)
            stacks.append(tuple(run))
    return stacks


def find_header(words: list[Word], layout: Layout, where: str) -> dict[str, Found]:
    """Each column's header on a page: the topmost place its header words are printed,
    within one band. Raises naming the page when a header is missing."""
    below = _below(words)
    texts = [(_key("".join(w.text for w in stack)), stack) for stack in _stacks(words, below)]
    found: dict[str, Found] = {}
    for column in layout.columns:
        wanted = _key("".join(column.header))
        places = [Found(stack) for text, stack in texts if wanted in text]
        if not places:
            raise DocumentError(
                where,
                None,
                f"the column header {''.join(column.header)!r} of layout {layout.name} is "
                "not printed on this page",
            )
        # the tightest place (a word or a short stack) nearest the top, with the rest of
        # its header cell printed under it (e.g. a note in brackets)
        best = min(places, key=lambda f: (round(f.top), len(f.words), f.x1 - f.x0))
        run = list(best.words)
        # header cells hold words, not values: a mark or a figure under it is a row's
        while (nxt := below[id(run[-1])]) is not None and len(run) < 12:
            if _is_value(nxt.text, layout) or any(
                _is_value(w.text, layout) and abs(w.middle - nxt.middle) < 0.35 * w.height
                for w in words
            ):
                break
            run.append(nxt)
        found[column.name] = Found(best.words, tuple(run[len(best.words) :]))
    tops = [f.top for f in found.values()]
    height = min(f.words[0].height for f in found.values())
    if max(tops) - min(tops) > HEADER_SPAN * height:
        raise DocumentError(
            where, None, f"the column headers of layout {layout.name} are not in one band"
        )
    return found


def _is_value(text: str, layout: Layout) -> bool:
    text = text.strip()
    return bool(
        layout.amount.fullmatch(text)
        or text in layout.flag_marks
        or text in layout.foundation_marks
        or layout.period.fullmatch(text)
    )


# Columns whose content fills them to their right edge: left-aligned text that wraps
# there, and right-aligned figures.
FILLING_ROLES = frozenset({"pillar", "name", "division", "amount", "funding_source"})


@dataclass(frozen=True)
class ColumnSpan:
    column: Column
    x0: float
    x1: float


def column_spans(found: dict[str, Found], layout: Layout, page: Page) -> list[ColumnSpan]:
    """Each column's x-range: between the neighbouring headers, cut at a vertical ruling
    line where one is drawn between them. Unruled, after a column of left-aligned text or
    right-aligned figures (which fill their column to its right edge) the cut is at the
    next header's left edge; after a column of centred values, halfway. Where the table is
    ruled, words left of its first rule or right of its last fall in no column."""
    columns = sorted(layout.columns, key=lambda c: found[c.name].x0)
    band_top = min(f.top for f in found.values())
    line = min(f.words[0].height for f in found.values())
    # vertical rules of the table (from the header down, together at least a text line
    # long: a one-line row's borders count), not a tick drawn beside a title
    lengths: dict[float, float] = {}
    for r in page.rules:
        if r.x1 - r.x0 < 1.5 and r.bottom > band_top:
            x = round(r.x0 * 2) / 2
            lengths[x] = lengths.get(x, 0.0) + r.bottom - r.top
    verticals = sorted(x for x, length in lengths.items() if length >= line)
    cuts = []
    for left, right in itertools.pairwise(columns):
        a, b = found[left.name].x1, found[right.name].x0
        between = [x for x in verticals if a - 0.5 <= x <= b + 0.5]
        middle = (a + b) / 2
        if between:
            cuts.append(min(between, key=lambda x: abs(x - middle)))
        elif left.role in FILLING_ROLES:
            cuts.append(b - 0.5)
        else:
            cuts.append(middle)
    first = found[columns[0].name].x0
    last = found[columns[-1].name].x1
    left_rules = [x for x in verticals if x <= first + 0.5]
    right_rules = [x for x in verticals if x >= last - 0.5]
    edges = [
        max(left_rules) if left_rules else 0.0,
        *cuts,
        min(right_rules) if right_rules else page.width,
    ]
    return [ColumnSpan(column, edges[i], edges[i + 1]) for i, column in enumerate(columns)]


def _rule_rows(rules: list[Rule], name_span: ColumnSpan) -> list[float]:
    """The horizontal rules across the name column, top to bottom (none: unruled)."""
    return sorted(
        {
            round(r.top, 1)
            for r in rules
            if r.bottom - r.top < 1.5 and r.x0 <= name_span.x0 + 2 and r.x1 >= name_span.x1 - 2
        }
    )


def _nearest(anchors: list[Word], word: Word) -> int:
    return min(range(len(anchors)), key=lambda i: (abs(anchors[i].middle - word.middle), i))


def _rows_of_words(
    anchors: list[Word], words: list[Word], ys: list[float], text_column: bool
) -> list[int]:
    """Each word's row (anchor index). Ruled: the row whose budget figure stands between
    the same two rules. Unruled: a row's cell text is a block of lines centred on its
    figures, so a text column's lines are cut into one contiguous block per row, each as
    near its row's figures as can be (a tall cell's first line may be nearer the row
    above's figures); a single value goes to the nearest row."""
    if ys:
        bands: dict[int, list[int]] = {}
        for i, anchor in enumerate(anchors):
            bands.setdefault(bisect.bisect(ys, anchor.middle), []).append(i)
        rows = []
        for word in words:
            same = bands.get(bisect.bisect(ys, word.middle), [])
            rows.append(same[0] if len(same) == 1 else _nearest(anchors, word))
        return rows
    if not text_column:
        return [_nearest(anchors, word) for word in words]
    lines = visual_lines(words)
    if len(lines) < len(anchors):
        return [_nearest(anchors, word) for word in words]
    middles = [line[0].middle for line in lines]
    row_of_line = _blocks(middles, [a.middle for a in anchors], allow_empty=not text_column)
    row_of_word = {id(w): row_of_line[i] for i, line in enumerate(lines) for w in line}
    return [row_of_word[id(w)] for w in words]


def _blocks(lines: list[float], anchors: list[float], allow_empty: bool) -> list[int]:
    """Lines (their middles, top to bottom) cut into contiguous blocks of at most
    MAX_CELL_LINES, block k for anchor k (empty only if `allow_empty`), minimising the
    distance of each block's middle from its anchor."""
    n, m = len(lines), len(anchors)
    inf = float("inf")
    # best[k][i]: lines[:i] given to anchors[:k]
    best = [[inf] * (n + 1) for _ in range(m + 1)]
    back = [[0] * (n + 1) for _ in range(m + 1)]
    best[0][0] = 0.0
    for k in range(m):
        for i in range(n + 1):
            if best[k][i] == inf:
                continue
            for j in range(i if allow_empty else i + 1, min(n, i + MAX_CELL_LINES) + 1):
                cost = 0.0 if j == i else abs((lines[i] + lines[j - 1]) / 2 - anchors[k])
                if best[k][i] + cost < best[k + 1][j]:
                    best[k + 1][j] = best[k][i] + cost
                    back[k + 1][j] = i
    rows = [0] * n
    if best[m][n] == inf:
        return [min(range(m), key=lambda k: abs(anchors[k] - line)) for line in lines]
    j = n
    for k in range(m, 0, -1):
        i = back[k][j]
        for line in range(i, j):
            rows[line] = k - 1
        j = i
    return rows


def _left_aligned_columns(
    words: list[Word], spans: list[ColumnSpan], layout: Layout
) -> dict[int, ColumnSpan]:
    """Text is left-aligned: words starting at the same x (a column's left edge) stand in
    one column, the one the centre of the longest of them falls in. So a short last line
    of a wrapped name (業) goes with the name, however close to the next column it
    starts."""
    text = sorted(
        (w for w in words if not _is_value(w.text, layout) and len(w.text.strip()) > 0),
        key=lambda w: w.x0,
    )
    groups: list[list[Word]] = []
    for word in text:
        if groups and word.x0 - groups[-1][0].x0 <= 1.0:
            groups[-1].append(word)
        else:
            groups.append([word])
    found: dict[int, ColumnSpan] = {}
    for group in groups:
        if len(group) < 2:
            continue
        longest = max(group, key=lambda w: w.x1 - w.x0)
        span = next((s for s in spans if s.x0 <= longest.center < s.x1), None)
        if span is not None and span.column.role in ("pillar", "name", "division"):
            for word in group:
                found[id(word)] = span
    return found


def _column_of(word: Word, spans: list[ColumnSpan], layout: Layout) -> ColumnSpan | None:
    """Figures are right-aligned (their right edge counts), marks and periods centred
    (their centre), text left-aligned (its left edge)."""
    text = word.text.strip()
    if layout.amount.fullmatch(text):
        x = word.x1 - 0.5
    elif _is_value(text, layout) or len(text) == 1:
        x = word.center
    else:
        x = word.x0 + 0.5
    for span in spans:
        if span.x0 <= x < span.x1:
            return span
    return None


# -- a page's words to elements -----------------------------------------------------


@dataclass
class _Reader:
    file_name: str
    layout: Layout
    lines: list[CellLine] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    headings: list[PillarHeading] = field(default_factory=list)
    directions: list[PillarDirection] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    cells: dict[int, list[Cell]] = field(default_factory=dict)
    subtotals_seen: int = 0
    last_mark: str | None = None
    open_direction: PillarDirection | None = None
    heading_open: bool = False

    def add_line(self, page: int, column: str | None, words: list[Word]) -> int:
        self.lines.append(
            CellLine(
                page,
                column,
                " ".join(w.text for w in words),
                min(w.x0 for w in words),
                max(w.x1 for w in words),
                min(w.top for w in words),
                max(w.bottom for w in words),
            )
        )
        return len(self.lines)

    def add_furniture(self, kind: str, page: int, words: list[Word]) -> None:
        number = self.add_line(page, None, words)
        text = self.lines[number - 1].text
        self.furniture.append(Furniture(len(self.furniture) + 1, kind, [text], [number]))

    def read_page(self, page: Page) -> None:
        where = f"{self.file_name} (page {page.number})"
        words = words_of(page.glyphs, page.rules)
        found = find_header(words, self.layout, where)
        spans = column_spans(found, self.layout, page)
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
                kind = "title" if self.layout.title.search(text) else "page_header"
                self.add_furniture(kind, page.number, line)
            elif middle <= band_bottom + 0.5 * line[0].height or any(
                id(w) in header_words for w in line
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
        events: list[tuple[float, str, object]] = []
        for line in visual_lines(words):
            first = line[0]
            if pillar_span is not None:
                for word in line:
                    if pillar_span.x0 <= word.x0 < pillar_span.x1 and (
                        patterns.PILLAR_HEADING.match(word.text)
                    ):
                        events.append((word.top, "heading", [word]))
                    else:
                        rest.append(word)
            elif patterns.PILLAR_HEADING.match(first.text):
                events.append((first.top, "heading", line))
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
        pillar_words = placed.pop(pillar_span.column.name, []) if pillar_span else []
        for line in visual_lines(pillar_words):
            events.append((line[0].top, "pillar_text", line))
        anchors = sorted(
            (w for w in placed.get(amount_span.column.name, []) if layout.amount.fullmatch(w.text)),
            key=lambda w: w.top,
        )
        row_words: list[dict[str, list[Word]]] = [{} for _ in anchors]
        ys = _rule_rows(rules, by_role["name"])
        roles = {span.column.name: span.column.role for span in spans}
        for name, column_words in placed.items():
            if not anchors:
                raise DocumentError(
                    where, None, f"the word {column_words[0].text!r} belongs to no row (no figures)"
                )
            text_column = roles[name] in ("name", "division")
            for word, row in zip(
                column_words,
                _rows_of_words(anchors, column_words, ys, text_column),
                strict=True,
            ):
                row_words[row].setdefault(name, []).append(word)
        for cells in row_words:
            events.append((min(w.top for ws in cells.values() for w in ws), "row", cells))
        events.sort(key=lambda e: (e[0], {"heading": 0, "pillar_text": 1, "row": 2}[e[1]]))
        for _, kind, payload in events:
            if kind == "heading":
                self.read_heading(page, payload)  # type: ignore[arg-type]
            elif kind == "pillar_text":
                self.read_pillar_text(page, payload, where)  # type: ignore[arg-type]
            else:
                self.read_row(page, payload, spans, where)  # type: ignore[arg-type]

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
            if self.last_mark is None:
                raise DocumentError(where, None, f"{text!r} comes before any pillar heading")
            seq = sum(1 for d in self.directions if d.pillar_mark == self.last_mark) + 1
            self.open_direction = PillarDirection(self.last_mark, seq, [text], [number])
            self.directions.append(self.open_direction)
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

        def add(role: str, column: str | None, text: str, value: str, number: int) -> None:
            # positions within each role are given once the row is complete (_renumbered)
            cell_list.append(Cell(role, column, 0, text, value, number))

        for name, lines in texts.items():
            role = roles[name]
            for number, _, words in lines:
                if role in ("amount", "funding_source"):
                    for word in words:
                        if not layout.amount.fullmatch(word.text):
                            raise DocumentError(
                                where, None, f"{word.text!r} in column {name} is not an amount"
                            )
                        add(role, name, word.text, amount_digits(word.text), number)
        if total is not None:
            kind, sums = total.kind, total.sums
            if sums == "pillar":
                self.subtotals_seen += 1
                pillar: int | None = self.subtotals_seen
            elif sums == "pillar_reposts":
                pillar = self.subtotals_seen
            else:
                pillar = None
            row = TableRow(
                len(self.rows) + 1,
                kind,
                pillar,
                [],
                " ".join(text for _, text in _cell_texts(texts, spans, skip={name_column})),
                [],
                numbers,
                total_sums=sums,
            )
            # a total prints every amount column: a blank one is 0
            for name in layout.role_columns("funding_source"):
                if not any(c.column == name for c in cell_list):
                    add("funding_source", name, "", "0", numbers[0])
            cell_list.sort(key=lambda c: (c.role != "amount", _order(layout, c.column)))
            cell_list = _renumbered(cell_list)
            self.rows.append(row)
            self.cells[row.row_seq] = cell_list
            return
        if not name_lines:
            figures = [c.text for c in cell_list]
            raise DocumentError(where, None, f"figures {figures} with no name")
        for text in name_lines:
            check_name_line(layout, text, where, None)
        row = TableRow(
            row_seq=len(self.rows) + 1,
            row_kind=ROW_KIND_LINE_ITEM,
            pillar_no=self.subtotals_seen + 1,
            name_lines=name_lines,
            cell_text=" ".join(
                text for _, text in _cell_texts(texts, spans, skip={name_column, "division"})
            ),
            division_lines=[],
            line_numbers=sorted(numbers),
        )
        for name, lines in texts.items():
            role = roles[name]
            for number, text, words in lines:
                if role == "flag":
                    for word in words:
                        if word.text.strip() not in layout.flag_marks:
                            raise DocumentError(
                                where, None, f"{word.text!r} in flag column {name} is not a mark"
                            )
                        add("flag", name, word.text, "true", number)
                elif role == "period":
                    period = text.replace(" ", "")
                    if not layout.period.fullmatch(period):
                        raise DocumentError(where, None, f"{text!r} is not a period")
                    add("period", name, period, layout.period_years(period), number)
                elif role == "foundation":
                    mark = text.strip()
                    if mark not in layout.foundation_marks:
                        raise DocumentError(where, None, f"{text!r} is not a foundation mark")
                    add("foundation", name, mark, layout.foundation_marks[mark], number)
                elif role == "division":
                    row.division_lines.append(text)
                    row.division_line_numbers.append(number)
        self.rows.append(row)
        self.cells[row.row_seq] = cell_list

    def finish(self, pages: int) -> None:
        """Group labels split off the names; the name, repost and division cells added."""
        if not any(r.row_kind == ROW_KIND_LINE_ITEM for r in self.rows):
            raise DocumentError(self.file_name, None, f"no line items in its {pages} page(s)")
        split_group_labels(self.rows, self.layout.group_labels, inline=True)
        for row in self.rows:
            if row.row_kind != ROW_KIND_LINE_ITEM:
                continue
            base = row_cells(row, self.layout, with_figures=False)
            self.cells[row.row_seq] = _renumbered(
                sorted(
                    [*self.cells[row.row_seq], *base],
                    key=lambda c: (_ROLE_ORDER.index(c.role), _order(self.layout, c.column)),
                )
            )


_ROLE_ORDER = (
    "amount",
    "funding_source",
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
    names = [c.name for c in layout.columns]
    return names.index(column) if column in names else len(names)


def _renumbered(cells: list[Cell]) -> list[Cell]:
    seen: dict[str, int] = {}
    out = []
    for cell in cells:
        seen[cell.role] = seen.get(cell.role, 0) + 1
        out.append(
            Cell(cell.role, cell.column, seen[cell.role], cell.text, cell.value, cell.line_no)
        )
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


def choose_pdf_layout(words: list[Word], file_name: str) -> Layout:
    """The layout whose every column header the first page prints."""
    fits = []
    for layout in all_layouts():
        try:
            find_header(words, layout, file_name)
        except DocumentError:
            continue
        fits.append(layout)
    if len(fits) > 1:
        # the layout with more columns found is the more specific one
        fits.sort(key=lambda layout: -len(layout.columns))
        if len(fits[0].columns) == len(fits[1].columns):
            names = ", ".join(layout.name for layout in fits)
            raise DocumentError(file_name, None, f"its column header fits several layouts: {names}")
    if not fits:
        raise DocumentError(
            f"{file_name} (page 1)",
            None,
            "no layout's column header is printed on the first page (layouts/*.yml)",
        )
    return fits[0]


def read_pdf(data: bytes, file_name: str, layout: Layout | None = None) -> PdfDocument:
    pages = read_pages(data, file_name)
    first = next(page for page in pages if page.glyphs)
    layout = layout or choose_pdf_layout(words_of(first.glyphs, first.rules), file_name)
    reader = _Reader(file_name, layout)
    for page in pages:
        if page.glyphs:
            try:
                reader.read_page(page)
            except DocumentError:
                raise
            except Exception as exc:  # noqa: BLE001 - a page no table reading fits: named
                raise DocumentError(
                    f"{file_name} (page {page.number})",
                    None,
                    f"cannot be read as a table ({one_line(exc)})",
                ) from None
    reader.finish(len(pages))
    elements = Elements(reader.rows, reader.headings, reader.directions, reader.furniture)
    parsed = document_of(elements, file_name, len(reader.lines), layout, printed_cells=reader.cells)
    return PdfDocument(reader.lines, parsed)
