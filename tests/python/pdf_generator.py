"""Render a 施策一覧 as a PDF table (reportlab), in styles that vary what real files vary.

A `Table` is what a document prints (pillars with headings, directions, line items with
every value in its column, totals); `table_from_text` builds one from a text document of
any layout and the truth of its flags and funding. `render` draws it with a `Style`:
page size and orientation, built-in CID fonts (unembedded) or an embedded TrueType
font, ruled or unruled cells, column widths, name wrap width, page numbers or none,
figures drawn one glyph at a time. Each column's header is printed as its layout
declares (flag headers one character per line), so the reader has to find the columns
on every page from the header words, as with any real file.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from loaders.layout import Layout, load_layout
from loaders.patterns import pillar_number
from loaders.segment import ROW_KIND_LINE_ITEM, nfkc, row_cells, segment, split_lines

IPAEX = Path(__file__).resolve().parents[2] / "loaders" / "pdf" / "fonts" / "ipaexg.ttf"  # shipped
SYSTEM_IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


@dataclass
class Item:
    name: str
    is_repost: bool
    budget: int
    split: dict[str, int]
    flags: set[str]
    period: str
    foundation: str
    divisions: list[str]
    group_label: str | None = None


@dataclass
class Pillar:
    heading: str
    directions: list[str]
    items: list[Item] = field(default_factory=list)


@dataclass
class Table:
    layout: Layout
    title: str
    pillars: list[Pillar]


def printed_amount(text: str) -> int:
    """A printed amount as a number, for comparing what was read with what was drawn (the
    warehouse reads amounts in dbt staging)."""
    return int(nfkc(text).replace(",", ""))


def name_key(text: str) -> str:
    """A printed name as the truth files key it: NFKC, without white space."""
    return "".join(nfkc(text).split())


def table_from_text(text: str, truth: list[dict], layout_name: str) -> Table:
    """The table a text document prints, with each line's flags and funding from `truth`
    (one dict per line item in order: the flag and funding-source column names)."""
    layout = load_layout(layout_name)
    parsed = segment(split_lines(text), "model.txt", layout)
    pillars: list[Pillar] = []
    directions: dict[str, list[str]] = {}
    for direction in parsed.directions:
        directions.setdefault(direction.pillar_mark, []).append(direction.direction_text)
    # pillars in the order of their numbers (a text extraction may print headings late)
    for heading in sorted(parsed.headings, key=lambda h: pillar_number(h.pillar_mark)):
        pillars.append(
            Pillar(
                f"{heading.pillar_mark}{heading.pillar_title}",
                ["・" + d for d in directions.get(heading.pillar_mark, [])],
            )
        )
    items = [r for r in parsed.rows if r.row_kind == ROW_KIND_LINE_ITEM]
    assert len(items) == len(truth), (len(items), len(truth))
    for row, drawn in zip(items, truth, strict=True):
        cells = row_cells(row, layout)
        name = next(c.text for c in cells if c.role == "name")
        if any(c.role == "repost" for c in cells):
            name += "（再掲）"
        foundation = next((c.text for c in cells if c.role == "foundation"), "")
        divisions = [
            c.text for c in cells if c.role in ("division", "regional_office", "division_note")
        ]
        pillars[row.pillar_no - 1].items.append(
            Item(
                name=name,
                is_repost=any(c.role == "repost" for c in cells),
                budget=printed_amount(next(c.text for c in cells if c.role == "amount")),
                split={s: int(drawn[s]) for s in layout.funding_sources},
                flags={f for f in layout.flags if drawn.get(f"is_{f}")},
                period=next(c.text for c in cells if c.role == "period"),
                foundation=foundation,
                divisions=divisions,
                group_label=row.group_label,
            )
        )
    return Table(layout, parsed.title, pillars)


@dataclass(frozen=True)
class Style:
    name: str
    page: tuple[float, float]  # width, height in points
    font: str  # a reportlab CID font name, or "ipaex" (embedded TrueType)
    ruled: bool
    wrap: int  # name column width in characters
    page_numbers: bool
    glyph_runs: bool  # figures drawn one glyph at a time
    size: float = 7.0
    scale: float = 1.0  # column widths


A4 = (595.28, 841.89)
STYLES = (
    Style("a4_landscape_mincho_ruled", (A4[1], A4[0]), "HeiseiMin-W3", True, 16, True, False),
    Style("a4_portrait_gothic_unruled", A4, "HeiseiKakuGo-W5", False, 11, False, True, 6.5),
    Style("b4_landscape_ipaex_ruled", (1031.8, 728.5), "ipaex", True, 22, True, True, 8.0, 1.3),
    Style("letter_landscape_ipaex_unruled", (792.0, 612.0), "ipaex", False, 13, True, False),
)


def _font(style: Style) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    if style.font == "ipaex":
        pdfmetrics.registerFont(TTFont("IPAexGothic", str(IPAEX)))
        return "IPAexGothic"
    pdfmetrics.registerFont(UnicodeCIDFont(style.font))
    return style.font


def install_debian(package: str) -> None:
    """Install a Debian package the tests need (the machine reaches Debian's packages)."""
    if shutil.which("apt-get") is None:
        raise RuntimeError(f"{package} is needed and apt-get is not available")
    for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", package]):
        subprocess.run(step, check=True, capture_output=True, timeout=1800)


def soffice_path() -> str:
    """LibreOffice's command, installed from Debian's packages when it is missing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        install_debian("libreoffice-calc-nogui")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    return soffice


# how wide each role's column is, in characters of the font size
ROLE_WIDTH = {
    "pillar": 9,
    "flag": 2.2,
    "amount": 8,
    "funding_source": 8,
    "period": 6,
    "foundation": 6,
    "division": 11,
}


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _header_lines(words: tuple[str, ...], role: str) -> list[str]:
    text = "".join(words)
    if role == "flag":
        return list(text)  # one character per line, as such lists print them
    return _wrap(text, 6)


def render(table: Table, style: Style, stray: str | None = None) -> bytes:
    """The table as a PDF; `stray`: a word printed outside the table (right of it)."""
    from reportlab.pdfgen import canvas

    font = _font(style)
    size = style.size
    leading = size * 1.35
    width, height = style.page
    layout = table.layout
    columns = []
    x = 28.0
    for column in layout.columns:
        chars = style.wrap + 1 if column.role == "name" else ROLE_WIDTH[column.role]
        w = chars * size * style.scale
        columns.append((column, x, x + w))
        x += w
    if x > width - 20:
        raise ValueError(f"style {style.name}: the table ({x:.0f} pt) is wider than the page")
    right = x
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=style.page)
    state = {"page": 0, "y": 0.0}

    def text(s: str, x0: float, y: float, align: str = "left", runs: bool = False) -> None:
        pdf.setFont(font, size)
        w = pdf.stringWidth(s, font, size)
        start = {"left": x0, "right": x0 - w, "center": x0 - w / 2}[align]
        if runs:
            for ch in s:
                pdf.drawString(start, y, ch)
                start += pdf.stringWidth(ch, font, size)
        else:
            pdf.drawString(start, y, s)

    def new_page() -> None:
        if state["page"]:
            if style.page_numbers:
                text(f"－ {state['page']} －", width / 2, 18, "center", runs=style.glyph_runs)
            pdf.showPage()
        state["page"] += 1
        y = height - 30
        if state["page"] == 1:
            text(table.title, 28, y)
            y -= 2 * leading
        header_lines = {c.name: _header_lines(c.header, c.role) for c, _, _ in columns}
        rows = max(len(v) for v in header_lines.values())
        top = y
        for column, x0, x1 in columns:
            lines = header_lines[column.name]
            for i, line in enumerate(lines):
                text(line, (x0 + x1) / 2, top - (rows - len(lines) + i) * leading, "center")
        bottom = top - rows * leading
        if style.ruled:
            pdf.setLineWidth(0.4)
            pdf.line(28, top + leading, right, top + leading)
            pdf.line(28, bottom, right, bottom)
        state["y"] = bottom - 2
        state["header_top"] = top + leading

    def close_rules(y_top: float, y_bottom: float) -> None:
        if style.ruled:
            for _, x0, _ in columns:
                pdf.line(x0, y_top, x0, y_bottom)
            pdf.line(right, y_top, right, y_bottom)
            pdf.line(28, y_bottom, right, y_bottom)

    def row(cells: dict[str, list[str]], figures: dict[str, str]) -> None:
        lines = max([len(v) for v in cells.values()] + [1])
        h = lines * leading + 4
        if state["y"] - h < 40:
            new_page()
        y_top = state["y"]
        middle = y_top - h / 2 - size / 3
        for column, x0, _ in columns:
            if column.name in cells:
                # a cell's lines centred on the row's middle, as the figures are
                block = cells[column.name]
                first = middle + (len(block) - 1) * leading / 2
                for i, line in enumerate(block):
                    text(line, x0 + 2, first - i * leading)
        for column, x0, x1 in columns:
            if column.name in figures:
                value = figures[column.name]
                if column.role in ("amount", "funding_source"):
                    text(value, x1 - 3, middle, "right", runs=style.glyph_runs)
                else:
                    text(value, (x0 + x1) / 2, middle, "center")
        close_rules(y_top, y_top - h)
        state["y"] = y_top - h

    new_page()
    if stray:
        text(stray, right + 4, state["y"] - 3 * leading)
    name_column = layout.role_columns("name")[0]
    pillar_column = next((c for c in columns if c[0].role == "pillar"), None)
    totals = {t.sums: t.kind for t in layout.totals}
    labels = {"pillar": "小計", "pillar_reposts": "〃（再掲含む。）", "document": "合計"}
    document_items: list[Item] = []
    for pillar in table.pillars:
        if state["y"] - 3 * leading < 40:
            new_page()
        text(pillar.heading, 30, state["y"] - leading + 2)
        state["y"] -= leading + 4
        directions = [
            line for d in pillar.directions for line in _wrap(d, 8 if pillar_column else 40)
        ]
        for item in pillar.items:
            name = (item.group_label or "") + item.name
            cells = {name_column: _wrap(name, style.wrap)}
            division = layout.role_columns("division")[0]
            cells[division] = [d for d in item.divisions]
            if pillar_column and directions:
                room = max(len(cells[name_column]), len(cells[division]), 1)
                cells[pillar_column[0].name] = directions[:room]
                directions = directions[room:]
            figures = {layout.role_columns("amount")[0]: f"{item.budget:,}"}
            figures |= {s: f"{v:,}" for s, v in item.split.items() if v}
            figures |= {f: "○" for f in item.flags}
            figures[layout.role_columns("period")[0]] = item.period
            if item.foundation:
                figures[layout.role_columns("foundation")[0]] = item.foundation
            row(cells, figures)
        while pillar_column and directions:
            row({pillar_column[0].name: directions[:3]}, {})
            directions = directions[3:]
        own = [i for i in pillar.items if not i.is_repost]
        document_items += own
        for sums, members in (("pillar", own), ("pillar_reposts", pillar.items)):
            if sums == "pillar_reposts" and len(members) == len(own):
                continue
            figures = {layout.role_columns("amount")[0]: f"{sum(i.budget for i in members):,}"}
            figures |= {s: f"{sum(i.split[s] for i in members):,}" for s in layout.funding_sources}
            assert totals.get(sums)
            row({name_column: [labels[sums]]}, figures)
    figures = {layout.role_columns("amount")[0]: f"{sum(i.budget for i in document_items):,}"}
    figures |= {s: f"{sum(i.split[s] for i in document_items):,}" for s in layout.funding_sources}
    row({name_column: [labels["document"]]}, figures)
    if style.page_numbers:
        text(f"－ {state['page']} －", width / 2, 18, "center", runs=style.glyph_runs)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def spreadsheet_pdf(
    table: Table, folder: Path, ruled: bool = True, vertical: str = "center"
) -> bytes:
    """The table made the way such lists usually are: a spreadsheet (openpyxl) with a
    merged 基本方針 cell per pillar holding its heading and directions, wrapped names,
    line breaks inside header cells, `#,##0` figures, borders on every cell (or none:
    `ruled`) and the header rows repeated on each page, printed to PDF by LibreOffice.
    `vertical`: how the rows' cells are aligned (center; top: a name wraps onto lines
    below its figures; bottom)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    if not SYSTEM_IPAEX.exists():  # LibreOffice renders with the machine's fonts
        install_debian("fonts-ipaexfont")
    soffice = soffice_path()
    layout = table.layout
    book = Workbook()
    sheet = book.active
    sheet.title = "施策一覧"
    font = Font(name="IPAexGothic", size=8)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin) if ruled else Border()
    centred = Alignment(wrap_text=True, vertical="center", horizontal="center")
    columns = {c.name: i + 1 for i, c in enumerate(layout.columns)}
    widths = {"pillar": 14, "name": 24, "flag": 3, "amount": 11, "funding_source": 11}
    widths |= {"period": 8, "foundation": 9, "division": 16}
    for column in layout.columns:
        letter = sheet.cell(row=1, column=columns[column.name]).column_letter
        sheet.column_dimensions[letter].width = widths[column.role]
    sheet.cell(row=1, column=1, value=table.title).font = Font(name="IPAexGothic", size=10)
    for column in layout.columns:
        text = "".join(column.header)
        if column.role == "flag":
            text = "\n".join(text)  # a line break after every character
        cell = sheet.cell(row=2, column=columns[column.name], value=text)
        cell.font, cell.border, cell.alignment = font, border, centred
    sheet.row_dimensions[2].height = 48
    sheet.print_title_rows = "2:2"
    amounts = [*layout.role_columns("amount"), *layout.funding_sources]

    def put(row: int, name: str, value: object, number: bool = False) -> None:
        cell = sheet.cell(row=row, column=columns[name], value=value)
        cell.font, cell.border = font, border
        cell.alignment = Alignment(
            wrap_text=True, vertical=vertical, horizontal="right" if number else None
        )
        if number:
            cell.number_format = "#,##0"

    def borders(row: int) -> None:
        for column in layout.columns:
            sheet.cell(row=row, column=columns[column.name]).border = border

    row = 3
    pillar_column = layout.role_columns("pillar")[0]
    name_column = layout.role_columns("name")[0]
    division_column = layout.role_columns("division")[0]
    labels = {"pillar": "小計", "pillar_reposts": "〃（再掲含む。）", "document": "合計"}
    everything: list[Item] = []
    for pillar in table.pillars:
        first = row
        for item in pillar.items:
            put(row, name_column, (item.group_label or "") + item.name)
            for flag in layout.flags:
                put(row, flag, "○" if flag in item.flags else None)
                sheet.cell(row=row, column=columns[flag]).alignment = Alignment(
                    wrap_text=True, vertical=vertical, horizontal="center"
                )
            put(row, amounts[0], item.budget, number=True)
            for source in layout.funding_sources:
                put(row, source, item.split[source] or None, number=True)
            put(row, layout.role_columns("period")[0], item.period)
            if layout.role_columns("foundation"):
                put(row, layout.role_columns("foundation")[0], item.foundation or None)
            put(row, division_column, "\n".join(item.divisions))
            lines = max(len(item.name) // 12 + 1, len(item.divisions), 1)
            sheet.row_dimensions[row].height = 12 * lines + 2
            row += 1
        text = "\n".join([pillar.heading, *pillar.directions])
        sheet.merge_cells(
            start_row=first,
            end_row=row - 1,
            start_column=columns[pillar_column],
            end_column=columns[pillar_column],
        )
        cell = sheet.cell(row=first, column=columns[pillar_column], value=text)
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in range(first, row):
            borders(r)
        own = [i for i in pillar.items if not i.is_repost]
        everything += own
        for sums, members in (("pillar", own), ("pillar_reposts", pillar.items)):
            if sums == "pillar_reposts" and len(members) == len(own):
                continue
            put(row, name_column, labels[sums])
            put(row, amounts[0], sum(i.budget for i in members), number=True)
            for source in layout.funding_sources:
                put(row, source, sum(i.split[source] for i in members), number=True)
            borders(row)
            row += 1
    put(row, name_column, labels["document"])
    put(row, amounts[0], sum(i.budget for i in everything), number=True)
    for source in layout.funding_sources:
        put(row, source, sum(i.split[source] for i in everything), number=True)
    borders(row)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.oddHeader.center.text = ""
    sheet.oddFooter.center.text = "- &P -"
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / "shisaku.xlsx"
    book.save(xlsx)
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    return (folder / "shisaku.pdf").read_bytes()
