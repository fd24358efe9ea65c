"""Stage 3: the column header on a page, each column's x-range, and the layout a PDF prints.

A layout's header words (`columns[].header`) are found among a page's words, also when a
header prints one character per line (新 / 規); each column's x-range runs between the
headers, cut at a vertical rule where one is drawn.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from core.errors import DocumentError
from loaders import patterns
from loaders.layout import Column, Layout, all_layouts
from loaders.pdf.glyphs import Page
from loaders.pdf.settings import SETTINGS
from loaders.pdf.words import Word, in_reading_order, joined, visual_lines, words_of
from loaders.segment import nfkc

S = SETTINGS


WHITE_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    """A text as header words are compared: NFKC, without white space."""
    return WHITE_SPACE.sub("", nfkc(text))


def _stack_key(stack: tuple[Word, ...]) -> str:
    """_key of a stack's words joined: their keys joined and composed again (NFKC of a
    joined text is NFC of its parts' NFKC joined: a voiced mark printed apart still
    composes)."""
    if len(stack) == 1:
        return _key(stack[0].text)
    return unicodedata.normalize("NFC", "".join(_key(w.text) for w in stack))


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


class _Below:
    """For a word, the word printed right under it (overlapping in x, on the next line), if
    any: `below(word)`, each word's found when first asked for (a header's search stops
    near the top of the page)."""

    def __init__(self, words: list[Word]) -> None:
        self.ordered = sorted(words, key=lambda w: (w.top, w.x0))
        self.tops = [w.top for w in self.ordered]
        self.known: dict[int, Word | None] = {}

    def __call__(self, word: Word) -> Word | None:
        key = id(word)
        if key in self.known:
            return self.known[key]
        ordered = self.ordered
        nearest = None
        height = word.height
        # words starting no lower than half a line below this one's top cannot be under it
        for index in range(bisect.bisect_right(self.tops, word.top + 0.5 * height), len(ordered)):
            other = ordered[index]
            if other.top - word.bottom > S.stack_gap * height:
                break
            overlap = min(word.x1, other.x1) - max(word.x0, other.x0)
            if overlap > S.stack_overlap * min(word.x1 - word.x0, other.x1 - other.x0):
                nearest = other
                break
        self.known[key] = nearest
        return nearest


def _stacks(below: _Below) -> Iterator[tuple[Word, ...]]:
    """Every word, and every run of words printed one under the other, as candidates for
    a header cell's text: top to bottom (by their first word's top)."""
    for word in below.ordered:
        run = [word]
        yield (word,)
        while (nxt := below(run[-1])) is not None and len(run) < S.stack_max_words:
            run.append(nxt)
            yield tuple(run)


def _header_places(layout: Layout, below: _Below) -> dict[str, tuple[Word, ...]]:
    """Where each column's header words are printed on a page, for the columns whose words
    are: the place (a word or a short stack) printing exactly them, else one printing them
    among other words (a group header 本年度予算額の財源内訳 holds 予算額 but is not that
    column's header); of those the tightest nearest the top. Candidates come top to bottom,
    so the search stops once every column has its place above the candidate at hand (a
    place printing more than the header: a header band's height above it)."""
    wanted = {column.name: _key("".join(column.header)) for column in layout.columns}
    best: dict[str, tuple[tuple[int, int, int, float], tuple[Word, ...]]] = {}
    for stack in _stacks(below):
        top = round(stack[0].top)
        if len(best) == len(wanted) and all(
            top > key[1] + key[0] * S.header_span * stack[0].height for key, _ in best.values()
        ):
            break
        text = _stack_key(stack)
        for name, header in wanted.items():
            if header in text:
                key = (
                    int(header != text),
                    top,
                    len(stack),
                    max(w.x1 for w in stack) - min(w.x0 for w in stack),
                )
                if name not in best or key < best[name][0]:
                    best[name] = (key, stack)
    return {name: stack for name, (_, stack) in best.items()}


def letter_runs(words: list[Word], value: Callable[[str], object]) -> list[list[Word]]:
    """The letters printed apart on one line (地 方 債; 比 較 spread over its column), each
    part of two or more to be read as one word: single letters standing side by side,
    nothing between them, at even gaps (a line may run on from one header cell into the
    next at another spacing: 比 較 | 特 定 財 源). A letter stacked over another (新 over
    規: a header printed one letter a line) or a value (`value(text)` true) is not
    joined."""
    single = [w for w in words if len(w.text) == 1 and not value(w.text)]
    if len(single) < 2:
        return []
    below = _Below(single)
    letters = {id(w) for w in single}
    for word in single:
        under = below(word)
        # a stack stands in one column: letter over letter (a header row above another
        # may overlap a letter of it in part)
        if under is not None and abs(under.center - word.center) < 0.25 * word.height:
            letters -= {id(word), id(under)}
    parts: list[list[Word]] = []
    # only the lines holding two letters or more, each with every word printed on it
    for letter_line in visual_lines(w for w in single if id(w) in letters):
        if len(letter_line) < 2:
            continue
        line = sorted(_on_line(words, letter_line[0]), key=lambda w: w.x0)
        run: list[Word] = []
        for word in [*line, None]:
            if word is not None and id(word) in letters:
                run.append(word)
                continue
            parts += [part for part in _evenly_spaced(run) if len(part) > 1]
            run = []
    return parts


def _on_line(words: list[Word], word: Word) -> list[Word]:
    """The words printed on one baseline with `word` (as visual_lines groups them)."""
    middle = word.middle
    return [w for w in words if abs(w.middle - middle) <= S.same_line * w.height]


def _with_spaced_words(words: list[Word], layout: Layout) -> list[Word]:
    """A page's words and, as further candidates for header words, each run of letters
    printed apart joined (`letter_runs`): joined words only serve to find headers, where a
    place printing exactly a header's words comes first."""
    extra = [joined(part) for part in letter_runs(words, lambda text: is_value(text, layout))]
    return words + extra if extra else words


def _evenly_spaced(run: list[Word]) -> list[list[Word]]:
    """Letters side by side cut where the gap between them changes (by more than a fifth
    and half a point): each part printed at one spacing."""
    parts: list[list[Word]] = []
    gap: float | None = None
    for word in run:
        if parts:
            step = word.x0 - parts[-1][-1].x1
            if gap is None or 0.8 * gap - 0.5 <= step <= 1.25 * gap + 0.5:
                parts[-1].append(word)
                gap = step
                continue
        parts.append([word])
        gap = None
    return parts


def missing_headers(words: list[Word], layout: Layout) -> list[str]:
    """The header words of the layout's columns a page does not print, in column order."""
    return _missing(layout, _header_places(layout, _Below(_with_spaced_words(words, layout))))


def _missing(layout: Layout, places: dict[str, tuple[Word, ...]]) -> list[str]:
    return ["".join(c.header) for c in layout.columns if c.name not in places]


def find_header(words: list[Word], layout: Layout, where: str) -> dict[str, Found]:
    """Each column's header on a page: the topmost place its header words are printed,
    within one band. Raises naming the page and every header that is missing."""
    found = _find_header(words, layout, where, absent_ok=False)
    assert found is not None
    return found


def printed_header(words: list[Word], layout: Layout, where: str) -> dict[str, Found] | None:
    """`find_header`'s answer, or None for a page printing not every header word (a page
    outside a table that need not be on every page); one search either way."""
    return _find_header(words, layout, where, absent_ok=True)


def _find_header(
    words: list[Word], layout: Layout, where: str, absent_ok: bool
) -> dict[str, Found] | None:
    below = _Below(_with_spaced_words(words, layout))
    places = _header_places(layout, below)
    missing = _missing(layout, places)
    if missing and absent_ok:
        return None
    if missing:
        raise DocumentError(
            where,
            None,
            f"the column header(s) {', '.join(missing)} of layout {layout.name} are not "
            "printed on this page",
        )
    found: dict[str, Found] = {}
    values = [w for w in words if is_value(w.text, layout)]
    for column in layout.columns:
        # with the rest of its header cell printed under it (e.g. a note in brackets)
        place = Found(places[column.name])
        run = list(place.words)
        # header cells hold words, not values: a mark or a figure under it is a row's
        while (nxt := below(run[-1])) is not None and len(run) < S.stack_max_words:
            if is_value(nxt.text, layout) or any(
                abs(w.middle - nxt.middle) < S.same_line * w.height for w in values
            ):
                break
            run.append(nxt)
        found[column.name] = Found(place.words, tuple(run[len(place.words) :]))
    tops = [f.top for f in found.values()]
    height = min(f.words[0].height for f in found.values())
    if max(tops) - min(tops) > S.header_span * height:
        raise DocumentError(
            where, None, f"the column headers of layout {layout.name} are not in one band"
        )
    return found


def is_value(text: str, layout: Layout) -> bool:
    text = text.strip()
    return bool(
        layout.amount.fullmatch(text)
        or text in layout.flag_marks
        or text in layout.foundation_marks
        or layout.period.fullmatch(text)
    )


@dataclass(frozen=True)
class ColumnSpan:
    column: Column
    x0: float
    x1: float


def column_spans(
    found: dict[str, Found],
    layout: Layout,
    page: Page,
    fold: float | None = None,
    words: list[Word] = (),  # type: ignore[assignment]
) -> list[ColumnSpan]:
    """Each column's x-range: between the neighbouring headers, cut at a vertical ruling
    line where one is drawn between them. Unruled, after a column of right-aligned figures
    the cut is where its figures end (the rightmost figure of the page's `words` ending
    between the two headers: a left-aligned value of the next column may start left of its
    centred header), or without figures at the next header's left edge, as after a column
    of left-aligned text (which fills its column to its right edge); after a column of
    centred values, halfway. Where the table is
    ruled, words left of its first rule or right of its last fall in no column. On a sheet
    carrying two facing pages (`fold`: where they meet) columns on either side of the fold
    are cut there."""
    columns = sorted(layout.columns, key=lambda c: found[c.name].x0)
    band_top = min(f.top for f in found.values())
    line = min(f.words[0].height for f in found.values())
    # vertical rules of the table (from the header down, together at least a text line
    # long: a one-line row's borders count), not a tick drawn beside a title
    lengths: dict[float, float] = {}
    for r in page.rules:
        if r.x1 - r.x0 < S.rule_thickness and r.bottom > band_top:
            x = round(r.x0 * 2) / 2
            lengths[x] = lengths.get(x, 0.0) + r.bottom - r.top
    verticals = sorted(x for x, length in lengths.items() if length >= line)
    band_bottom = max(f.bottom for f in found.values())
    figure_ends = [w.x1 for w in words if w.top > band_bottom and layout.amount.fullmatch(w.text)]
    cuts = []
    for left, right in itertools.pairwise(columns):
        a, b = found[left.name].x1, found[right.name].x0
        between = [x for x in verticals if a - S.edge <= x <= b + S.edge]
        middle = (a + b) / 2
        if between:
            cuts.append(min(between, key=lambda x: abs(x - middle)))
        elif fold is not None and a <= fold <= b:
            # a sheet of two facing pages: no column runs over the fold
            cuts.append(fold)
        elif left.role.alignment == "right" and (
            ends := [x for x in figure_ends if a - S.edge <= x <= b + S.edge]
        ):
            cuts.append(min(max(ends) + S.edge, b - S.edge))
        elif left.role.fills_column:
            cuts.append(b - S.edge)
        else:
            cuts.append(middle)
    first = found[columns[0].name].x0
    last = found[columns[-1].name].x1
    left_rules = [x for x in verticals if x <= first + S.edge]
    right_rules = [x for x in verticals if x >= last - S.edge]
    # a column beside the table (節, 説明) reaches the page's edge: all of it is furniture
    edges = [
        max(left_rules) if left_rules and columns[0].role != "outside" else 0.0,
        *cuts,
        min(right_rules) if right_rules and columns[-1].role != "outside" else page.width,
    ]
    return [ColumnSpan(column, edges[i], edges[i + 1]) for i, column in enumerate(columns)]


class PageWords:
    """Each page's words (`words_of`) and the letters it prints, found once a document
    (a page is looked at alone and beside the next)."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[list[Word], set[str]]] = {}
        self.fits: dict[tuple[int, tuple[str, ...]], list[tuple[Layout, dict[str, Found]]]] = {}

    def _of(self, page: Page) -> tuple[list[Word], set[str]]:
        found = self.known.get(page.number)
        if found is None:
            words = words_of(page.glyphs, page.rules)
            found = (words, set(_key("".join(w.text for w in words))))
            self.known[page.number] = found
        return found

    def __call__(self, page: Page) -> list[Word]:
        return self._of(page)[0]

    def letters(self, page: Page) -> set[str]:
        return self._of(page)[1]

    def fitting(
        self, page: Page, layouts: tuple[Layout, ...], where: str
    ) -> list[tuple[Layout, dict[str, Found]]]:
        """`fitting_layouts` of the page's words."""
        key = (page.number, tuple(layout.name for layout in layouts))
        if key not in self.fits:
            self.fits[key] = fitting_layouts(self(page), layouts, where)
        return self.fits[key]


def choose_pdf_layout(
    pages: list[Page], file_name: str, page_words: PageWords
) -> tuple[Layout, Page, list[Word], dict[str, Found]]:
    """The layout whose every column header the first page prints (or the first two, facing:
    `facing_sheet`), or, for a layout whose table need not start the document
    (`column_header.on_every_page: false`), a later page or pair of facing pages; that page
    or sheet, its words and where it prints the headers (`find_header`'s answer)."""
    words = page_words(pages[0])
    fits = page_words.fitting(pages[0], all_layouts(), file_name)
    if fits:
        return (fits[0][0], pages[0], words, fits[0][1])
    later = tuple(layout for layout in all_layouts() if not layout.header_on_every_page)
    for index, page in enumerate(pages):
        layouts = all_layouts() if index == 0 else later
        if index > 0 and later:
            found = page_words.fitting(page, later, file_name)
            if found:
                return (found[0][0], page, page_words(page), found[0][1])
        if index + 1 < len(pages) and layouts:
            sheet = facing_sheet(page, pages[index + 1], layouts, file_name, page_words)
            if sheet is not None:
                return sheet
        if not later:
            break
    raise DocumentError(f"{file_name} (page {pages[0].number})", None, _closest_layout(words))


def facing_sheet(
    left: Page, right: Page, layouts: tuple[Layout, ...], where: str, page_words: PageWords
) -> tuple[Layout, Page, list[Word], dict[str, Found]] | None:
    """Two facing pages read as one sheet, the right one set beside the left, where a table
    runs over them: the left page prints the row labels (the name column) and some columns,
    the right page the rest with no row labels, its rows matched to the left page's by
    height as on a landscape sheet. The fitting layout, the sheet (`fold`: where the right
    page starts), its words and header places; None unless the two pages are consecutive
    and print every column header of a layout, the name column's on the left page and
    another on the right, and the right page is no table of its own (printing every header
    of one of `layouts`)."""
    if right.number != left.number + 1 or not right.glyphs:
        return None
    on_left = page_words.letters(left)
    printed = on_left | page_words.letters(right)
    layouts = tuple(
        layout
        for layout in layouts
        if _prints_letters_of(printed, layout.columns)
        and _prints_letters_of(on_left, [c for c in layout.columns if c.role == "name"])
    )
    if not layouts or page_words.fitting(right, layouts, where):
        return None
    shift = left.width
    sheet = Page(
        left.number,
        left.width + right.width,
        max(left.height, right.height),
        [*left.glyphs, *(g._replace(x0=g.x0 + shift, x1=g.x1 + shift) for g in right.glyphs)],
        [*left.rules, *(r._replace(x0=r.x0 + shift, x1=r.x1 + shift) for r in right.rules)],
        fold=shift,
        facing=right.number,
    )
    shifted = (w._replace(x0=w.x0 + shift, x1=w.x1 + shift) for w in page_words(right))
    words = in_reading_order([*page_words(left), *shifted])
    for layout, found in fitting_layouts(words, layouts, where):
        (name,) = layout.role_columns("name")
        if found[name].x1 <= shift and any(f.x0 >= shift for f in found.values()):
            return (layout, sheet, words, found)
    return None


def _prints_letters_of(printed: set[str], columns: Iterable[Column]) -> bool:
    """Whether every letter of these columns' header words is among the `printed` ones."""
    return all(set(_key("".join(c.header))) <= printed for c in columns)


def fitting_layouts(
    words: list[Word], layouts: tuple[Layout, ...], file_name: str
) -> list[tuple[Layout, dict[str, Found]]]:
    """The layouts whose every column header the page prints, the most specific (most
    columns) first; an error when two equally specific ones fit."""
    fits = []
    printed = set(_key("".join(w.text for w in words)))
    for layout in layouts:
        # a layout whose header words use a letter the page never prints cannot fit it
        if not _prints_letters_of(printed, layout.columns):
            continue
        try:
            fits.append((layout, find_header(words, layout, file_name)))
        except DocumentError:
            continue
    fits.sort(key=lambda fit: -len(fit[0].columns))
    if len(fits) > 1 and len(fits[0][0].columns) == len(fits[1][0].columns):
        names = ", ".join(layout.name for layout, _ in fits)
        raise DocumentError(file_name, None, f"its column header fits several layouts: {names}")
    return fits


def _closest_layout(words: list[Word]) -> str:
    """Why no layout fits a first page: the layout with the most of its column headers
    printed there, and the header words it lacks (what an analyst compares first)."""
    lacking = sorted(
        (len(missing), -len(layout.columns), layout.name, missing)
        for layout in all_layouts()
        for missing in [missing_headers(words, layout)]
    )
    count, columns, name, missing = lacking[0]
    said = "no layout's column header is printed on the first page (layouts/*.yml)"
    if count == -columns:
        return f"{said}; none of any layout's column header words is printed there"
    return (
        f"{said}; the closest, {name}, finds {-columns - count} of its {-columns} column "
        f"headers, not: {', '.join(missing)}"
    )


def fold_of(words: list[Word], width: float) -> float | None:
    """Where a sheet carrying two facing pages folds (its middle), known by its two page
    numbers (- 17 -  - 18 -), one on each half; None for a single page."""
    # only lines of dashes and digits can be page numbers
    numbering = [w for w in words if _PAGE_NUMBER_WORD.fullmatch(w.text)]
    for candidate in visual_lines(numbering):
        line = sorted(_on_line(words, candidate[0]), key=lambda w: w.x0)
        text = " ".join(w.text for w in line)
        if patterns.PAGE_NUMBER.match(text) and len(patterns.PAGE_NUMBER_PART.findall(text)) == 2:
            left = [w for w in line if w.x1 <= width / 2]
            right = [w for w in line if w.x0 >= width / 2]
            if left and right:
                return width / 2
    return None


_PAGE_NUMBER_WORD = re.compile(r"[-－―−‐0-9０-９]+")
