"""Generate budget books (予算書) in the statutory form, as PDFs, with random consistent figures.

A `Book` is what the print says: 款 > 項 > 目 with each 目's budget, previous year's budget and
funding split (国県支出金 / 地方債 / その他 / 一般財源, adding up to the budget); the change,
the 項 計 lines, the 款 and 項 headings and the 総括 (one line per 款, 歳出合計) follow from
them. `render_summary` draws the book's first part (a cover, a page of 条文, the 総括);
`render_part` draws one 款's 事項別明細書 without a cover, as books split by 款 are published.
A `BookStyle` varies what real books vary: one landscape sheet carrying two facing pages (the
table on the left page, 節 and 説明 on the right, two page numbers), a table over two facing
portrait pages (names and amounts on the left page, the funding split, 節 and 説明 on the
right page with no row labels, rows matched by height) or a portrait page; ruled or
unruled; headers grouped over three rows (本年度予算額の財源内訳, 特定財源) or on one row;
letter-spaced header words and labels (地 方 債, 歳 出 合 計) or not; the font; how narrow the
目 name cell wraps. Nothing here is read back: the tests compare what the reader finds with
the `Book`.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from pdf_generator import A4, _font

SOURCES = ("国県支出金", "地方債", "その他", "一般財源")
KAN_NAMES = ("議会費", "総務費", "民生費", "衛生費", "労働費", "農林水産業費", "商工費", "土木費")
KOU_NAMES = (
    "総務管理費",
    "徴税費",
    "社会福祉費",
    "児童福祉費",
    "保健衛生費",
    "清掃費",
    "道路橋りょう費",
)
MOKU_NAMES = (
    "一般管理費",
    "文書広報費",
    "財政管理費",
    "会計管理費",
    "財産管理費",
    "企画費",
    "支所及び出張所費",
    "公平委員会費",
    "交通安全対策費",
    "勤労者総合福祉センター費",
    "高齢者就業費",
    "労政費",
)
NOTES = ("給与費", "事務費", "委託料", "負担金", "補助金", "施設管理事業費", "就職支援事業費")


@dataclass
class Moku:
    number: int | None  # None: a discontinued 目 (budget 0) prints no number
    name: str
    budget: int
    previous: int
    funding: tuple[int, int, int, int]

    @property
    def change(self) -> int:
        return self.budget - self.previous


@dataclass
class Kou:
    number: int
    name: str
    mokus: list[Moku]

    def total(self, what: str) -> int:
        return sum(getattr(m, what) for m in self.mokus)

    def funding(self) -> tuple[int, ...]:
        return tuple(sum(m.funding[i] for m in self.mokus) for i in range(4))


@dataclass
class Kan:
    number: int
    name: str
    kous: list[Kou]

    def total(self, what: str) -> int:
        return sum(k.total(what) for k in self.kous)

    def funding(self) -> tuple[int, ...]:
        return tuple(sum(k.funding()[i] for k in self.kous) for i in range(4))


@dataclass
class Book:
    issuer: str
    era_year: int  # 令和 N
    kans: list[Kan] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int:
        return 2018 + self.era_year

    def total(self, what: str) -> int:
        return sum(k.total(what) for k in self.kans)

    def funding(self) -> tuple[int, ...]:
        return tuple(sum(k.funding()[i] for k in self.kans) for i in range(4))


def _split(rng: random.Random, budget: int) -> tuple[int, int, int, int]:
    """A funding split adding up to the budget: some sources blank, 一般財源 the rest."""
    parts = []
    left = budget
    for _ in range(3):
        share = rng.choice((0, 0, rng.randint(0, left)))
        parts.append(share)
        left -= share
    return (parts[0], parts[1], parts[2], left)


def generate_book(seed: int, issuer: str = "架空市", era_year: int = 8, kans: int = 3) -> Book:
    rng = random.Random(seed)
    book = Book(issuer, era_year)
    for kan_no in sorted(rng.sample(range(1, 12), kans)):
        kan = Kan(kan_no, rng.choice(KAN_NAMES), [])
        for kou_no in range(1, rng.randint(1, 3) + 1):
            kou = Kou(kou_no, rng.choice(KOU_NAMES), [])
            count = rng.randint(1, 5)
            for moku_no in range(1, count + 1):
                budget = rng.choice((rng.randint(1, 999), rng.randint(1_000, 9_999_999)))
                previous = max(0, budget + rng.randint(-budget, budget))
                kou.mokus.append(
                    Moku(moku_no, rng.choice(MOKU_NAMES), budget, previous, _split(rng, budget))
                )
            if rng.random() < 0.3:
                # a discontinued 目: no number, budget 0, only last year's budget
                kou.mokus.append(
                    Moku(None, rng.choice(MOKU_NAMES), 0, rng.randint(1, 99_999), (0, 0, 0, 0))
                )
            kan.kous.append(kou)
        book.kans.append(kan)
    return book


@dataclass(frozen=True)
class BookStyle:
    name: str
    # "two_pages": a landscape sheet of two facing pages; "facing": the table over two facing
    # portrait pages (names and amounts left, the funding split right, no row labels
    # there); "portrait"
    sheet: str
    ruled: bool
    grouped: bool  # headers over three rows with group headers, or on one row
    spaced: bool  # header words and labels letter-spaced (地 方 債, 歳 出 合 計)
    font: str
    wrap: int  # 目 name cell width in characters
    rows_per_page: int = 9
    size: float = 7.0
    row_rules: bool = False  # ruled: a rule under every row too, not just around the table


BOOK_STYLES = (
    BookStyle(
        "two_pages_boxed_grouped_spaced", "two_pages", True, True, True, "HeiseiKakuGo-W5", 5
    ),
    BookStyle("two_pages_unruled_grouped", "two_pages", False, True, False, "ipaex", 6),
    BookStyle(
        "portrait_row_ruled_flat_spaced",
        "portrait",
        True,
        False,
        True,
        "HeiseiMin-W3",
        7,
        9,
        5.5,
        True,
    ),
    BookStyle("portrait_unruled_flat", "portrait", False, False, False, "ipaex", 9, 6, 5.5),
    BookStyle("facing_row_ruled_grouped", "facing", True, True, False, "ipaex", 8, 9, 7.0, True),
    BookStyle(
        "facing_unruled_flat_spaced", "facing", False, False, True, "HeiseiMin-W3", 6, 8, 6.0
    ),
)

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def figure(value: int) -> str:
    return f"△{-value:,}" if value < 0 else f"{value:,}"


def spaced(text: str, style: BookStyle) -> str:
    return " ".join(text) if style.spaced else text


class _Canvas:
    """A reportlab canvas with the style's font, drawing text left, right or centred. On a
    style of facing pages (`sheet == "facing"`) it draws on a sheet of two portrait pages
    side by side (`width` is the sheet's) and prints each sheet as its two pages: what
    starts left of the fold on the left page, the rest on the right page (a rule across
    the fold drawn in two)."""

    def __init__(self, style: BookStyle, page: tuple[float, float]) -> None:
        from reportlab.pdfgen import canvas

        self.style = style
        self.font = _font(_FontStyle(style.font))
        self.buffer = io.BytesIO()
        self.width, self.height = page
        self.fold = page[0] / 2 if style.sheet == "facing" else None
        size = (page[0] / 2, page[1]) if self.fold is not None else page
        self.pdf = canvas.Canvas(self.buffer, pagesize=size)
        # a sheet's drawing on each facing page: (text, x, y, size) or (x0, y0, x1, y1)
        self.sides: tuple[list[tuple], list[tuple]] = ([], [])

    @property
    def page_width(self) -> float:
        """The width of one page (a cover or 条文 is drawn on one)."""
        return self.fold if self.fold is not None else self.width

    def text(self, s: str, x: float, y: float, align: str = "left", size: float | None = None):
        size = size or self.style.size
        w = self.pdf.stringWidth(s, self.font, size)
        start = {"left": x, "right": x - w, "center": x - w / 2}[align]
        if self.fold is not None:
            side = int(start >= self.fold)
            self.sides[side].append((s, start - side * self.fold, y, size))
            return
        self.pdf.setFont(self.font, size)
        self.pdf.drawString(start, y, s)

    def spread(self, s: str, x0: float, x1: float, y: float) -> None:
        """Letters spread evenly over x0..x1 (a header printed across its column)."""
        if len(s) == 1:
            self.text(s, (x0 + x1) / 2, y, "center")
            return
        step = (x1 - x0) / (len(s) - 1)
        for i, ch in enumerate(s):
            self.text(ch, x0 + i * step, y, "center")

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        fold = self.fold
        if fold is None:
            self.pdf.setLineWidth(0.4)
            self.pdf.line(x0, y0, x1, y1)
        elif x0 < fold < x1:
            self.sides[0].append((x0, y0, fold, y1))
            self.sides[1].append((0.0, y0, x1 - fold, y1))
        else:
            side = int(x0 >= fold)
            self.sides[side].append((x0 - side * fold, y0, x1 - side * fold, y1))

    def page_break(self) -> None:
        """The sheet done: on facing pages its left page, then its right page if anything
        is drawn there."""
        if self.fold is None:
            self.pdf.showPage()
            return
        for number, side in enumerate(self.sides):
            if number and not side:
                continue
            for item in side:
                if len(item) == 4 and isinstance(item[0], str):
                    text, x, y, size = item
                    self.pdf.setFont(self.font, size)
                    self.pdf.drawString(x, y, text)
                else:
                    self.pdf.setLineWidth(0.4)
                    self.pdf.line(*item)
            self.pdf.showPage()
            side.clear()

    def done(self) -> bytes:
        self.page_break()
        self.pdf.save()
        return self.buffer.getvalue()


@dataclass(frozen=True)
class _FontStyle:
    font: str


def _columns(
    style: BookStyle,
    left: float,
    name_chars: int,
    figure_chars: float = 8.5,
    fold: float | None = None,
) -> list[tuple[str, float, float]]:
    """(column, x0, x1) of the table: name, budget, previous, change, four sources; on
    facing pages (`fold`: where the right page starts) the sources on the right page."""
    size = style.size
    widths = [("name", (name_chars + 3) * size)]
    widths += [(c, figure_chars * size) for c in ("b", "p", "c", *SOURCES)]
    out, x = [], left
    for name, w in widths:
        if fold is not None and name == SOURCES[0]:
            x = fold + left
        out.append((name, x, x + w))
        x += w
    return out


def _header(canvas: _Canvas, style: BookStyle, cols, top: float, level: str) -> float:
    """The column header from `top` down; the y below it (units row included)."""
    size, lead = style.size, style.size * 1.6
    x = {name: (x0, x1) for name, x0, x1 in cols}
    sources = [x[s] for s in SOURCES]
    y = top - lead
    if style.grouped:
        # row 1: the group header over the funding columns, letter-spaced across them
        canvas.spread("本年度予算額の財源内訳", sources[0][0] + size, sources[-1][1] - size, y)
        y -= lead
        labels = [("name", level), ("b", "本年度予算額"), ("p", "前年度予算額"), ("c", "比較")]
        for key, word in labels:
            x0, x1 = x[key]
            if style.spaced and len(word) <= 3:
                canvas.spread(word, x0 + size, x1 - size, y - lead / 2)
            else:
                canvas.text(word, (x0 + x1) / 2, y - lead / 2, "center")
        canvas.spread("特定財源", sources[0][0] + size, sources[2][1] - size, y)
        canvas.text(spaced("一般財源", style), sum(sources[3]) / 2, y - lead / 2, "center")
        y -= lead
        for (x0, x1), word in zip(sources[:3], SOURCES[:3], strict=True):
            canvas.text(spaced(word, style) if len(word) <= 3 else word, (x0 + x1) / 2, y, "center")
    else:
        words = [(level, "name"), ("本年度予算額", "b"), ("前年度予算額", "p"), ("比較", "c")]
        words += [(s, s) for s in SOURCES]
        for word, key in words:
            x0, x1 = x[key]
            text = spaced(word, style) if len(word) <= 3 else word
            canvas.text(text, (x0 + x1) / 2, y, "center")
    y -= lead
    for key in ("b", "p", "c", *SOURCES):
        canvas.text("千円", x[key][1] - 2, y, "right")
    return y - lead * 0.6


def _rule_box(canvas: _Canvas, cols, top: float, bottom: float) -> None:
    right = cols[-1][2]
    for (_, x0, x1), (_, after, _) in zip(cols, [*cols[1:], ("", right, right)], strict=True):
        canvas.line(x0, top, x0, bottom)
        if x1 != after:
            # the table's edge at the fold of facing pages
            canvas.line(x1, top, x1, bottom)
    canvas.line(right, top, right, bottom)
    _across(canvas, cols, top)
    _across(canvas, cols, bottom)


def _across(canvas: _Canvas, cols, y: float) -> None:
    """A rule across the table at y: on facing pages one on each page, across its columns."""
    start = cols[0][1]
    for (_, _, x1), (_, after, _) in zip(cols, [*cols[1:], ("", None, None)], strict=True):
        if after != x1:
            canvas.line(start, y, x1, y)
            start = after


def _figures(canvas: _Canvas, cols, y: float, values: list[int | None]) -> None:
    """budget, previous, change, four sources; None: a blank cell."""
    for (_, _, x1), value in zip(cols[1:], values, strict=True):
        if value is not None:
            canvas.text(figure(value), x1 - 2, y, "right")


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def _page_size(style: BookStyle) -> tuple[float, float]:
    """A landscape sheet, a sheet of two facing portrait pages, or a portrait page."""
    if style.sheet == "two_pages":
        return (A4[1], A4[0])
    return (2 * A4[0], A4[1]) if style.sheet == "facing" else A4


def _page_numbers(canvas: _Canvas, style: BookStyle, sheet: int) -> None:
    if style.sheet in ("two_pages", "facing"):
        canvas.text(f"- {2 * sheet - 1} -", canvas.width / 4, 20, "center")
        canvas.text(f"- {2 * sheet} -", 3 * canvas.width / 4, 20, "center")
    else:
        canvas.text(f"- {sheet} -", canvas.width / 2, 20, "center")


def render_summary(book: Book, style: BookStyle) -> bytes:
    """The book's first part: a cover, a page of 条文 (text and figures, no table), then the
    歳出 総括 (one line per 款, 歳出合計)."""
    canvas = _Canvas(style, _page_size(style))
    _draw_summary(canvas, book, style)
    return canvas.done()


def render_part(book: Book, kan: Kan, style: BookStyle, seed: int = 0) -> bytes:
    """One 款's 事項別明細書, as a part split from the book (no cover): each 項 from a new page,
    the 款 and 項 headings (with their budgets) on top of every page, 目 lines (names wrapped
    at the style's width), a 計 line closing each 項; on a landscape sheet the 節 and 説明
    columns beside the table on the right page."""
    canvas = _Canvas(style, _page_size(style))
    _draw_part(canvas, book, kan, style, seed, 0)
    return canvas.done()


def render_book(book: Book, style: BookStyle, seed: int = 0) -> bytes:
    """The whole book in one file, as cities publish it: the first part (cover, 条文,
    総括), a page of 歳入 (a table of no layout: furniture), then every 款's 事項別明細書."""
    canvas = _Canvas(style, _page_size(style))
    sheet = _draw_summary(canvas, book, style)
    sheet = _draw_revenue(canvas, book, style, sheet)
    for kan in book.kans:
        sheet = _draw_part(canvas, book, kan, style, seed + kan.number, sheet)
    return canvas.done()


def _draw_revenue(canvas: _Canvas, book: Book, style: BookStyle, sheet: int) -> int:
    """A 歳入 summary page: 款, 本年度予算額, 前年度予算額, 比較 (no funding split)."""
    canvas.page_break()
    sheet += 1
    cols = _columns(style, 30, 8)[:4]
    top = canvas.height - 40
    canvas.text("（歳 入）", 30, top)
    y = top - 3 * style.size
    for (_, x0, x1), word in zip(cols, ("款", "本年度予算額", "前年度予算額", "比較"), strict=True):
        canvas.text(word, (x0 + x1) / 2, y, "center")
    total = book.total("budget")
    rng = random.Random(total)
    for number, name in enumerate(("市税", "地方交付税", "国庫支出金", "市債"), start=1):
        y -= style.size * 2.4
        budget, previous = rng.randint(1, total), rng.randint(1, total)
        canvas.text(f"{number} {name}", cols[0][1] + 4, y)
        _figures(canvas, cols, y, [budget, previous, budget - previous])
    _page_numbers(canvas, style, sheet)
    return sheet


def _draw_summary(canvas: _Canvas, book: Book, style: BookStyle) -> int:
    """Cover, 条文 and 総括; the number of the last sheet."""
    w, h = canvas.page_width, canvas.height
    era = str(book.era_year).translate(FULL)
    canvas.text(f"令和{era}年度", w / 2, h * 0.75, "center", 20)
    canvas.text("一般会計予算書", w / 2, h * 0.6, "center", 24)
    canvas.text(" ".join(book.issuer), w / 2, h * 0.2, "center", 18)
    canvas.page_break()
    canvas.text(
        f"令和{era}年度{book.issuer}の一般会計の予算は、次に定めるところによる。", 60, h - 80
    )
    canvas.text(
        f"歳入歳出予算の総額は、歳入歳出それぞれ {book.total('budget'):,} 千円と定める。",
        60,
        h - 110,
    )
    _page_numbers(canvas, style, 1)
    canvas.page_break()
    cols = _columns(style, 30, 8, fold=canvas.fold)
    top = h - 40
    canvas.text("（歳 出）", 30, top)
    y = _header(canvas, style, cols, top - 6, "款")
    header_bottom = y + style.size * 0.9
    lead = style.size * 2.4
    for kan in book.kans:
        y -= lead
        canvas.text(str(kan.number), cols[0][1] + 4 * style.size / 7, y)
        canvas.text(kan.name, cols[0][1] + 2.8 * style.size, y)
        values = [
            kan.total("budget"),
            kan.total("previous"),
            kan.total("budget") - kan.total("previous"),
        ]
        _figures(canvas, cols, y, [*values, *(f or None for f in kan.funding())])
        if style.row_rules:
            _across(canvas, cols, y - lead / 2)
    y -= 2 * lead
    canvas.text(spaced("歳出合計", style), cols[0][1] + 3 * style.size, y)
    totals = [
        book.total("budget"),
        book.total("previous"),
        book.total("budget") - book.total("previous"),
    ]
    _figures(canvas, cols, y, [*totals, *book.funding()])
    if style.ruled:
        _rule_box(canvas, cols, top - 2, y - lead / 2)
        _across(canvas, cols, header_bottom)
    _page_numbers(canvas, style, 2)
    return 2


def _draw_part(
    canvas: _Canvas, book: Book, kan: Kan, style: BookStyle, seed: int, sheet: int
) -> int:
    """One 款's 事項別明細書 after `sheet` sheets; the number of its last sheet."""
    rng = random.Random(seed)
    h = canvas.height
    size = style.size
    lead = size * 1.6
    # on a sheet of two pages the table fills the left page
    cols = _columns(style, 24, style.wrap, 6.5 if style.sheet == "two_pages" else 8.5, canvas.fold)
    if style.sheet == "two_pages" and cols[-1][2] > canvas.width / 2:
        raise ValueError(f"style {style.name}: the table is wider than the left page")
    # 節 and 説明 beside the table: on the right page of a sheet, or right of the table
    right_page = canvas.width / 2 + 20 if style.sheet == "two_pages" else cols[-1][2] + 8
    explanation = right_page + {"two_pages": 220, "facing": 120}.get(style.sheet, 60 * size / 7)
    for kou in kan.kous:
        lines: list[tuple[str, Moku | None]] = [("moku", m) for m in kou.mokus] + [("total", None)]
        for start in range(0, len(lines), style.rows_per_page):
            if sheet:
                canvas.page_break()
            sheet += 1
            top = h - 30
            kan_line = f"{str(kan.number).translate(FULL)}款 {kan.name}"
            kou_line = f"{str(kou.number).translate(FULL)}項 {kou.name}"
            canvas.text(kan_line, cols[0][1], top)
            canvas.text(f"{kan.total('budget'):,}千円", cols[3][2], top, "right")
            canvas.text(kou_line, cols[0][1] + size, top - lead)
            canvas.text(f"{kou.total('budget'):,}千円", cols[3][2], top - lead, "right")
            header_top = top - 2 * lead
            canvas.text("節", right_page, header_top - lead)
            canvas.text(spaced("説明", style), explanation + 10, header_top - lead)
            y = _header(canvas, style, cols, header_top, "目")
            body_top = y + size * 0.9
            for kind, moku in lines[start : start + style.rows_per_page]:
                y -= lead
                if kind == "total":
                    canvas.text(spaced("計", style), cols[0][1] + 3 * size, y)
                    values = [kou.total("budget"), kou.total("previous")]
                    values.append(values[0] - values[1])
                    _figures(canvas, cols, y, [*values, *kou.funding()])
                    continue
                assert moku is not None
                name = _wrap(moku.name, style.wrap)
                if moku.number is not None:
                    canvas.text(str(moku.number), cols[0][1] + 2, y)
                for i, part in enumerate(name):
                    canvas.text(part, cols[0][1] + 2 + 2 * size, y - i * lead)
                values = [moku.budget, moku.previous, moku.change]
                _figures(canvas, cols, y, [*values, *(f or None for f in moku.funding)])
                # 節 and 説明 beside the table: figures and text that are no line's
                canvas.text(str(rng.randint(1, 27)), right_page, y)
                canvas.text(rng.choice(NOTES), right_page + 2 * size, y)
                canvas.text(f"{rng.randint(1, 99_999):,}", explanation - 4, y + lead, "right")
                canvas.text(f"{rng.randint(1, 9):03d}", explanation, y)
                canvas.text(rng.choice(NOTES), explanation + 3 * size, y)
                y -= (len(name) - 1) * lead
                if style.row_rules:
                    _across(canvas, cols, y - lead / 2)
            if style.ruled:
                _rule_box(canvas, cols, header_top, y - lead / 2)
                _across(canvas, cols, body_top)
            _page_numbers(canvas, style, sheet)
    return sheet
