"""The glyph source: a PDF's pages as glyphs (text, box, drawing order, clip) and ruling lines.

The one module that touches the file format. PDFium (pypdfium2's bindings) parses the file
and lists the characters of each page in drawing order; each glyph's box is computed from
the PDF's own metrics (the character's origin, its advance from the font's /W widths, the
font's descent, the text object's size and matrix), never from the outline of whatever font
renders it. So the boxes cannot change with the fonts a machine has.

What could still change with the machine: PDFium's text page leaves out a text object whose
width, measured with the font that renders it, is under 0.01 pt. For a font the PDF does not
embed, that font is a substitute PDFium looks for in its font folders; with no Japanese font
found, a one-character object (each ○) has no width and is dropped. Those folders are pinned
here, before PDFium starts, to `loaders/pdf/fonts/` (IPAex Gothic, shipped with the project
under its licence): the same substitute on every machine, whatever is installed. And a text
object of a font the PDF does not embed that the text page left out anyway is an error naming
the page (`_not_placed`), never a silently missing ○.

Glyphs come in drawing order (the text page regroups characters by line): the order of their
text objects among the page's objects, form XObjects included. The few PDFium calls made for
every character are prototyped without argument types (`_Pdfium`); see docs/pdf.md for what is read
and benchmarks/RESULTS.md for what it costs.

    pages = read_pages(data, "file.pdf")   # list[Page]
"""

from __future__ import annotations

import ctypes
import gc
import math
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from core.errors import DocumentError, one_line
from core.progress import current
from loaders.pdf.settings import SETTINGS

# The folder PDFium finds substitute fonts in, and nothing else: one shipped font.
FONT_FOLDER = Path(__file__).resolve().parent / "fonts"
# Rules' coordinates are rounded to this many decimals (PDFium computes in single precision).
DECIMALS = 3

# a clipping path's bounding box: x0, y0, x1, y1 in PDF space (y up)
Box = tuple[float, float, float, float]


class Glyph(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class Rule(NamedTuple):
    """A ruling line: vertical (x0 == x1) or horizontal (top == bottom)."""

    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: list[Rule]
    # two facing pages read as one sheet (loaders/pdf/columns.facing_sheet): where the
    # right page starts, and its number
    fold: float | None = None
    facing: int | None = None


_LOCK = threading.Lock()  # PDFium is not thread-safe
# the font folder PDFium was started with, and its calls: once a process
_STARTED: list[tuple[Path, _Pdfium]] = []


def start_pdfium(font_folder: Path | None = None) -> _Pdfium:
    """PDFium, started once a process with its font folders pinned to `font_folder` (by
    default, and once started, the folder it was started with; tests pin another).
    Refuses to run on a PDFium someone else started (pypdfium2 imported first starts it
    with the machine's font folders, and a second start is a no-op)."""
    if _STARTED:
        started, pdfium = _STARTED[0]
        if font_folder is not None and started != font_folder:
            raise RuntimeError(f"PDFium already started with the fonts of {started}")
        return pdfium
    if "pypdfium2" in sys.modules:
        raise RuntimeError(
            "pypdfium2 was imported before loaders.pdf.glyphs started PDFium: its fonts are "
            "the machine's; import loaders.pdf.glyphs (or call start_pdfium) first"
        )
    import pypdfium2_raw

    font_folder = font_folder or FONT_FOLDER
    char_p = ctypes.POINTER(ctypes.c_char)
    folder = ctypes.create_string_buffer(str(font_folder).encode())
    paths = (char_p * 2)(ctypes.cast(folder, char_p), None)
    config = pypdfium2_raw.FPDF_LIBRARY_CONFIG()
    config.version = 2
    config.m_pUserFontPaths = ctypes.cast(paths, ctypes.POINTER(char_p))
    config.m_pIsolate = None
    config.m_v8EmbedderSlot = 0
    pypdfium2_raw.FPDF_InitLibraryWithConfig(ctypes.byref(config))
    _STARTED.append((font_folder, _Pdfium()))
    return _STARTED[0][1]


class _Matrix(ctypes.Structure):
    _fields_ = [(name, ctypes.c_float) for name in "abcdef"]


class _Handle(ctypes.c_void_p):
    """A PDFium handle as PDFium returned it: passed back as it is, with no conversion;
    `.value` is its address (what handles are told apart by)."""


class _Pdfium:
    """The PDFium calls the source makes, prototyped on a handle of pypdfium2's library.

    Calls made once a document or page are typed (ctypes checks every argument). The calls
    made for every character, page object or path segment are not: a typed call costs about
    twice an untyped one, and the source makes a few for each character. Their arguments are
    always handles (`_Handle`, as these calls return them), Python ints (passed as C int),
    `c_float` values or `byref` buffers; the one place that makes them is this module."""

    ERR_FILE, ERR_FORMAT, ERR_PASSWORD, ERR_SECURITY = 2, 3, 4, 5
    OBJECT_TEXT, OBJECT_PATH, OBJECT_FORM = 1, 2, 5
    SEGMENT_BEZIERTO, SEGMENT_MOVETO = 1, 2
    FILLMODE_NONE = 0

    def __init__(self) -> None:
        from pypdfium2_raw import bindings

        lib = ctypes.CDLL(bindings._libs["pdfium"]._name)
        v, i, u, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float
        h = _Handle
        typed = {
            "FPDF_LoadMemDocument64": (h, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]),
            "FPDF_GetLastError": (ctypes.c_ulong, []),
            "FPDF_GetPageCount": (i, [v]),
            "FPDF_LoadPage": (h, [v, i]),
            "FPDF_GetPageWidthF": (f, [v]),
            "FPDF_GetPageHeightF": (f, [v]),
            "FPDF_ClosePage": (None, [v]),
            "FPDF_CloseDocument": (None, [v]),
            "FPDFText_LoadPage": (h, [v]),
            "FPDFText_ClosePage": (None, [v]),
            "FPDFText_CountChars": (i, [v]),
            "FPDFText_GetText": (i, [v, i, i, ctypes.POINTER(ctypes.c_uint16)]),
            "FPDFFont_GetBaseFontName": (ctypes.c_size_t, [v, ctypes.c_char_p, ctypes.c_size_t]),
            "FPDFPage_CountObjects": (i, [v]),
            "FPDFFormObj_CountObjects": (i, [v]),
            "FPDFFormObj_GetObject": (h, [v, ctypes.c_ulong]),
        }
        untyped = {
            "FPDFText_GetUnicode": u,
            "FPDFText_GetTextObject": v,  # an address (int), kept as a key
            "FPDFText_HasUnicodeMapError": i,
            "FPDFText_GetCharOrigin": i,
            "FPDFText_GetMatrix": i,
            "FPDFTextObj_GetFont": h,
            "FPDFTextObj_GetFontSize": i,
            "FPDFFont_GetGlyphWidth": i,
            "FPDFFont_GetDescent": i,
            "FPDFFont_GetIsEmbedded": i,
            "FPDFPage_GetObject": h,
            "FPDFPageObj_GetType": i,
            "FPDFPageObj_GetMatrix": i,
            "FPDFPageObj_GetClipPath": h,
            "FPDFClipPath_CountPaths": i,
            "FPDFClipPath_CountPathSegments": i,
            "FPDFClipPath_GetPathSegment": h,
            "FPDFPath_CountSegments": i,
            "FPDFPath_GetPathSegment": h,
            "FPDFPath_GetDrawMode": i,
            "FPDFPageObj_GetFillColor": i,
            "FPDFPageObj_GetBounds": i,
            "FPDFPageObj_GetStrokeColor": i,
            "FPDFPathSegment_GetPoint": i,
            "FPDFPathSegment_GetType": i,
        }
        for name, (restype, argtypes) in typed.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)
        for name, restype in untyped.items():
            function = getattr(lib, name)
            function.restype = restype
            setattr(self, name, function)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector waits while a PDF is read: reading makes many small
    objects and no cycles, and the collector's passes over them grow with the document
    (at 600 pages a quarter of the glyph source's time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_pages(data: bytes, file_name: str) -> list[Page]:
    """Every page's glyphs (top measured from the page top) and ruling lines; any failure
    is one DocumentError naming the file and, when known, the page."""
    with collector_paused():
        return _read_pages(data, file_name)


def _read_pages(data: bytes, file_name: str) -> list[Page]:
    progress = current()
    with _LOCK:
        pdfium = start_pdfium()
        document = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
        if not document:
            raise _load_error(pdfium, file_name)
        try:
            pages = []
            for index in range(pdfium.FPDF_GetPageCount(document)):
                where = f"{file_name} (page {index + 1})"
                try:
                    pages.append(_read_page(pdfium, document, index, where))
                    if progress is not None:
                        progress.page()
                except DocumentError:
                    raise
                except Exception as exc:  # noqa: BLE001 - this file is bad, whatever it is
                    raise DocumentError(
                        where, None, f"not a readable PDF ({one_line(exc)})"
                    ) from None
        finally:
            pdfium.FPDF_CloseDocument(document)
    if not pages:
        raise DocumentError(file_name, None, "not a readable PDF (it has no pages)")
    if not any(page.glyphs for page in pages):
        raise DocumentError(
            file_name,
            None,
            f"no text layer in its {len(pages)} page(s) (a scanned PDF?): OCR it first",
        )
    return pages


def _load_error(pdfium: _Pdfium, file_name: str) -> DocumentError:
    code = pdfium.FPDF_GetLastError()
    if code == pdfium.ERR_PASSWORD:
        return DocumentError(file_name, None, "the PDF is encrypted: save an unencrypted copy")
    if code == pdfium.ERR_SECURITY:
        return DocumentError(
            file_name, None, "the PDF uses an unsupported security handler: save a plain copy"
        )
    reason = {pdfium.ERR_FILE: "cannot be opened", pdfium.ERR_FORMAT: "damaged"}
    return DocumentError(file_name, None, f"not a readable PDF ({reason.get(code, 'unknown')})")


def _read_page(pdfium: _Pdfium, document: _Handle, index: int, where: str) -> Page:
    page = pdfium.FPDF_LoadPage(document, index)
    if not page:
        raise DocumentError(where, None, "not a readable PDF (the page cannot be loaded)")
    text_page = pdfium.FPDFText_LoadPage(page)
    try:
        height = pdfium.FPDF_GetPageHeightF(page)
        width = pdfium.FPDF_GetPageWidthF(page)
        paths: list[tuple[_Handle, Matrix, Matrix]] = []
        unembedded: list[_Handle] = []
        fonts: dict[int, _Handle] = {}
        order = _walk(pdfium, page, paths, unembedded, fonts)
        glyphs, placed = _glyphs(pdfium, text_page, height, order, fonts, where)
        grid = _GlyphGrid(glyphs, width, height)
        segments = _Segments(pdfium)
        rules: list[Rule] = []
        for path, matrix, outer in paths:
            count = pdfium.FPDFPath_CountSegments(path)
            if not segments.outline(path, count, outer, height, grid):
                rules += segments.rules(path, count, matrix, height)
        rules = _outside_glyphs(rules, grid)
        for text_object in unembedded:
            if text_object.value not in placed:
                raise _not_placed(pdfium, text_object, where)
        return Page(index + 1, width, height, glyphs, rules)
    finally:
        pdfium.FPDFText_ClosePage(text_page)
        pdfium.FPDF_ClosePage(page)


# the side (pt) of the squares glyphs are filed under to find those a rule may lie in
_CELL = 16.0


class _GlyphGrid:
    """A page's glyphs filed by the squares of the page they cover (filed when first asked):
    whether a box lies within a glyph's, give or take `outline_tolerance`. A glyph a damaged
    file makes larger than the page costs no more than the page."""

    def __init__(self, glyphs: list[Glyph], width: float, height: float) -> None:
        self.glyphs, self.width, self.height = glyphs, width, height
        self.cells: dict[tuple[int, int], list[Glyph]] | None = None

    def _filed(self) -> dict[tuple[int, int], list[Glyph]]:
        if self.cells is None:
            self.cells = {}
            for glyph in self.glyphs:
                x0, x1 = max(glyph.x0, 0.0), min(glyph.x1, self.width)
                top, bottom = max(glyph.top, 0.0), min(glyph.bottom, self.height)
                if not (x0 <= x1 and top <= bottom):
                    continue  # off the page (or not a number): no rule on the page lies in it
                for column in range(int(x0 // _CELL), int(x1 // _CELL) + 1):
                    for row in range(int(top // _CELL), int(bottom // _CELL) + 1):
                        self.cells.setdefault((column, row), []).append(glyph)
        return self.cells

    def holds(self, x0: float, x1: float, top: float, bottom: float) -> bool:
        if not (math.isfinite(x0) and math.isfinite(top)):
            return False
        tolerance = SETTINGS.outline_tolerance
        near = self._filed().get((int(x0 // _CELL), int(top // _CELL)), ())
        return any(
            g.x0 - tolerance <= x0
            and x1 <= g.x1 + tolerance
            and g.top - tolerance <= top
            and bottom <= g.bottom + tolerance
            for g in near
        )


def _outside_glyphs(rules: list[Rule], grid: _GlyphGrid) -> list[Rule]:
    """The rules that do not lie within a glyph's box: a PDF that draws its text a second
    time as outlines (a file that went through Ghostscript) draws the straight strokes of
    digits and kana as small filled polygons, which are not ruling lines."""
    glyphs = grid.glyphs
    if not rules or not glyphs:
        return rules
    # a rule can lie in a glyph only if the glyph is as long as the rule's longer side:
    # the glyphs are filed only when some rule is that short (a table's rules are longer)
    reach = min(max(r.x1 - r.x0, r.bottom - r.top) for r in rules) - 2 * SETTINGS.outline_tolerance
    if all(g.x1 - g.x0 < reach > g.bottom - g.top for g in glyphs):
        return rules
    return [r for r in rules if not grid.holds(r.x0, r.x1, r.top, r.bottom)]


class _TextObject(NamedTuple):
    """What every glyph of one text object shares: its place in the drawing order, its font
    and that font's advances (code -> advance at size 1, shared by the font's objects), its
    size in page space (horizontally: the size times the matrix's x scale), its descent and
    height in page space, and its clipping box widened by the clip tolerance."""

    order: int
    font: _Handle
    advances: dict[int, float]
    size_x: float
    descent: float
    height: float
    clip: Box | None


def _glyphs(
    pdfium: _Pdfium,
    text_page: _Handle,
    height: float,
    order: dict[int, int],
    fonts: dict[int, _Handle],
    where: str,
) -> tuple[list[Glyph], set[int]]:
    """The text page's characters in drawing order (the order of their text objects on the
    page: the text page itself regroups them by line), each boxed from the PDF's metrics and
    kept only when its clip shows it; and the text objects the text page placed."""
    object_of, origin_of = pdfium.FPDFText_GetTextObject, pdfium.FPDFText_GetCharOrigin
    map_error, width_of = pdfium.FPDFText_HasUnicodeMapError, pdfium.FPDFFont_GetGlyphWidth
    x, y, width, one = ctypes.c_double(), ctypes.c_double(), ctypes.c_float(), ctypes.c_float(1)
    x_ref, y_ref, width_ref = ctypes.byref(x), ctypes.byref(y), ctypes.byref(width)
    objects: dict[int, _TextObject | None] = {}
    scratch = _Scratch(order)
    drawn: list[tuple[int, int, Glyph]] = []
    surrogates = False
    for i, code in enumerate(_all_codes(pdfium, text_page)):
        address = object_of(text_page, i) or 0
        if not code or map_error(text_page, i) == 1:
            raise DocumentError(
                where,
                None,
                f"a glyph has no Unicode mapping (code {code}): the PDF's font hides its "
                "text; export it again with embedded fonts or OCR it",
            )
        text = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            surrogates = True
        elif text.isspace():
            # a printed space (its object is placed) or one PDFium inserted (the text
            # page generates white space only): no glyph either way
            objects.setdefault(address, None)
            continue
        known = objects.get(address)
        if known is None:
            handle = _Handle(address)
            font = fonts.get(address) or pdfium.FPDFTextObj_GetFont(handle)
            known = objects[address] = _text_object(pdfium, text_page, i, handle, font, scratch)
        advance = known.advances.get(code)
        if advance is None:
            width_of(known.font, code, one, width_ref)
            advance = known.advances[code] = width.value
        origin_of(text_page, i, x_ref, y_ref)
        x0 = x.value
        x1 = x0 + advance * known.size_x
        y0 = y.value + known.descent
        y1 = y0 + known.height
        clip = known.clip
        if clip is not None:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]):
                continue  # drawn outside its clipping path: not printed
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        drawn.append((known.order, i, Glyph(text, x0, x1, height - y1, height - y0)))
    drawn.sort()  # by drawing order, then text page order (unique: glyphs never compared)
    glyphs = [glyph for _, _, glyph in drawn]
    return (_joined_surrogates(glyphs) if surrogates else glyphs), set(objects)


def _all_codes(pdfium: _Pdfium, text_page: _Handle) -> list[int]:
    """Every character's Unicode (a UTF-16 unit each, as PDFium keeps them): in one call
    when the page's text has one unit a character, else one call a character."""
    count = pdfium.FPDFText_CountChars(text_page)
    if count <= 0:
        return []
    buffer = (ctypes.c_uint16 * (count + 1))()
    if pdfium.FPDFText_GetText(text_page, 0, count, buffer) == count + 1:
        return list(buffer[:count])
    return [pdfium.FPDFText_GetUnicode(text_page, i) for i in range(count)]


def _joined_surrogates(glyphs: list[Glyph]) -> list[Glyph]:
    """A character beyond the Basic Multilingual Plane comes as two UTF-16 units, each a
    character of the text page: joined into one glyph spanning both boxes."""
    joined: list[Glyph] = []
    for glyph in glyphs:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and "\udc00" <= glyph.text <= "\udfff"
            and "\ud800" <= previous.text <= "\udbff"
        ):
            text = (previous.text + glyph.text).encode("utf-16-le", "surrogatepass")
            joined[-1] = Glyph(
                text.decode("utf-16-le"),
                min(previous.x0, glyph.x0),
                max(previous.x1, glyph.x1),
                min(previous.top, glyph.top),
                max(previous.bottom, glyph.bottom),
            )
        else:
            joined.append(glyph)
    return joined


class _Scratch:
    """What a page's text objects share: the buffers PDFium writes into, the drawing order,
    the clips measured, each font's descent and advances."""

    def __init__(self, order: dict[int, int]) -> None:
        self.order = order
        self.clips: dict[tuple[int, ...], Box | None] = {}
        self.descents: dict[int, float] = {}  # font -> descent at size 1
        self.advances: dict[int, dict[int, float]] = {}  # font -> code -> advance at size 1
        self.size, self.value, self.one = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(1)
        self.matrix = _Matrix()
        self.size_ref, self.value_ref = ctypes.byref(self.size), ctypes.byref(self.value)
        self.matrix_ref = ctypes.byref(self.matrix)


def _text_object(
    pdfium: _Pdfium,
    text_page: _Handle,
    index: int,
    text_object: _Handle,
    font: _Handle,
    scratch: _Scratch,
) -> _TextObject:
    pdfium.FPDFTextObj_GetFontSize(text_object, scratch.size_ref)
    pdfium.FPDFText_GetMatrix(text_page, index, scratch.matrix_ref)
    size, matrix = scratch.size.value, scratch.matrix
    font_key = font.value or 0
    descent = scratch.descents.get(font_key)
    if descent is None:
        pdfium.FPDFFont_GetDescent(font, scratch.one, scratch.value_ref)
        descent = scratch.descents[font_key] = scratch.value.value
    clip = _clip_box(pdfium, text_object, scratch.clips)
    if clip is not None:
        low = SETTINGS.clip_tolerance
        clip = (clip[0] - low, clip[1] - low, clip[2] + low, clip[3] + low)
    return _TextObject(
        scratch.order.get(text_object.value or 0, -1),
        font,
        scratch.advances.setdefault(font_key, {}),
        size * matrix.a,
        descent * size * matrix.d,
        size * matrix.d,
        clip,
    )


def _clip_box(
    pdfium: _Pdfium, page_object: _Handle, known: dict[tuple[int, ...], Box | None]
) -> Box | None:
    """The bounding box of an object's clipping path (the intersection of its paths'
    boxes), in page space; None when it has none.

    Objects drawn under the same clip share its paths' points (PDFium shares a path until it
    changes): a path is known by the address of its first point, and a clip by its paths',
    so a clip shared by a page's objects is measured once (`known`, kept for one page)."""
    clip = pdfium.FPDFPageObj_GetClipPath(page_object)
    if not clip:
        return None
    segment_of, point_of = pdfium.FPDFClipPath_GetPathSegment, pdfium.FPDFPathSegment_GetPoint
    paths = pdfium.FPDFClipPath_CountPaths(clip)
    key = tuple(segment_of(clip, path, 0).value or 0 for path in range(paths))
    if key in known:
        return known[key]
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    box: Box | None = None
    for path in range(paths):
        xs, ys = [], []
        for index in range(pdfium.FPDFClipPath_CountPathSegments(clip, path)):
            if point_of(segment_of(clip, path, index), x_ref, y_ref):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        part = (min(xs), min(ys), max(xs), max(ys))
        box = part if box is None else _intersect(box, part)
    if 0 not in key:
        known[key] = box
    return box


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _walk(
    pdfium: _Pdfium,
    page: _Handle,
    paths: list[tuple[_Handle, Matrix, Matrix]],
    unembedded: list[_Handle],
    fonts: dict[int, _Handle],
) -> dict[int, int]:
    """Every page object in drawing order, in form XObjects too: each path goes in `paths`
    with the matrix placing it on the page and its form's (for the ruling lines, read once
    the glyphs are known); each text object's font goes in `fonts` (by the object's
    address), and those of a font the PDF does not embed are listed (to check the text page
    placed them). Returns each text object's place in the drawing order, by its address."""
    order: dict[int, int] = {}
    embedded: dict[int, bool] = {}
    font_of, is_embedded = pdfium.FPDFTextObj_GetFont, pdfium.FPDFFont_GetIsEmbedded
    text, path, form = pdfium.OBJECT_TEXT, pdfium.OBJECT_PATH, pdfium.OBJECT_FORM
    matrix = _Matrix()
    matrix_ref = ctypes.byref(matrix)
    kind_of, matrix_of = pdfium.FPDFPageObj_GetType, pdfium.FPDFPageObj_GetMatrix
    stack: list[tuple[_Handle, int, bool, Matrix]] = [(page, 0, False, IDENTITY)]
    while stack:
        container, start, is_form, outer = stack.pop()
        count_of, get = (
            (pdfium.FPDFFormObj_CountObjects, pdfium.FPDFFormObj_GetObject)
            if is_form
            else (pdfium.FPDFPage_CountObjects, pdfium.FPDFPage_GetObject)
        )
        for index in range(start, count_of(container)):
            item = get(container, index)
            kind = kind_of(item)
            if kind == text:
                address = item.value
                order[address] = len(order)
                font = fonts[address] = font_of(item)
                font_key = font.value
                known = embedded.get(font_key)
                if known is None:
                    known = embedded[font_key] = bool(font and is_embedded(font))
                if font and not known:
                    unembedded.append(item)
            elif kind == path:
                matrix_of(item, matrix_ref)
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                placed = own if outer is IDENTITY else _compose(own, outer)
                paths.append((item, placed, outer))
            elif kind == form:
                matrix_of(item, matrix_ref)
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                stack.append((container, index + 1, is_form, outer))
                stack.append((item, 0, True, _compose(own, outer)))
                break
    return order


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _not_placed(pdfium: _Pdfium, item: _Handle, where: str) -> DocumentError:
    """A text object of an unembedded font the text page left out: its characters would be
    silently missing (PDFium measures such a font with its substitute)."""
    font = pdfium.FPDFTextObj_GetFont(item)
    name = ctypes.create_string_buffer(256)
    pdfium.FPDFFont_GetBaseFontName(font, name, len(name))
    font_name = name.value.decode("latin-1", "replace") or "unnamed"
    return DocumentError(
        where,
        None,
        f"a text in the font {font_name} (not embedded) was not placed on the page: its "
        "characters cannot be read; export the PDF again with embedded fonts",
    )


# a ruling line's path: a line (2 segments) or a closed box (up to 5)
_RULE_SEGMENTS = 5


class _Segments:
    """Paths' subpaths as ruling lines, with the buffers PDFium writes into (made once a
    page)."""

    def __init__(self, pdfium: _Pdfium) -> None:
        self.pdfium = pdfium
        self.fill, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.fill_ref, self.stroke_ref = ctypes.byref(self.fill), ctypes.byref(self.stroke)
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.rgba_refs = [ctypes.byref(value) for value in self.rgba]
        self.bounds = [ctypes.c_float() for _ in range(4)]
        self.bounds_refs = [ctypes.byref(value) for value in self.bounds]

    def outline(
        self, path: _Handle, count: int, outer: Matrix, height: float, grid: _GlyphGrid
    ) -> bool:
        """A path of many segments lying within a glyph's box: the glyph drawn again as an
        outline, known from its bounds without reading its segments (a table's rules have two
        to five; a real book's page draws hundreds of glyphs again, a dozen segments each).
        Its segments' box lies within its bounds, so _outside_glyphs would drop its rules.
        `count`: its segments."""
        pdfium = self.pdfium
        if count <= _RULE_SEGMENTS:
            return False
        left, bottom, right, top = self.bounds
        if not pdfium.FPDFPageObj_GetBounds(path, *self.bounds_refs):
            return False
        corners = [(left.value, bottom.value), (right.value, top.value)]
        if outer is not IDENTITY:  # bounds in its form's space: its corners on the page
            a, b, c, d, e, f = outer
            corners = [
                (x * a + y * c + e, x * b + y * d + f)
                for x in (left.value, right.value)
                for y in (bottom.value, top.value)
            ]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return grid.holds(min(xs), max(xs), height - max(ys), height - min(ys))

    def rules(self, path: _Handle, count: int, matrix: Matrix, height: float) -> list[Rule]:
        """A path's straight subpaths as ruling lines, when it draws them in ink: each
        subpath's box (in page space, `matrix` applied), one line when thin, else its four
        sides. Not rules: a subpath with a curve (a glyph drawn again as outlines, a rounded
        mark), and a path that draws nothing visible on the paper (filled or stroked in
        white or fully transparent: a white-out box under text). `count`: its segments."""
        pdfium = self.pdfium
        if not pdfium.FPDFPath_GetDrawMode(path, self.fill_ref, self.stroke_ref):
            return []
        filled = self.fill.value != pdfium.FILLMODE_NONE and self._inked(
            pdfium.FPDFPageObj_GetFillColor, path
        )
        stroked = bool(self.stroke.value) and self._inked(pdfium.FPDFPageObj_GetStrokeColor, path)
        if not (filled or stroked):
            return []
        rules = []
        thin = SETTINGS.rule_thickness
        for least_x, least_y, most_x, most_y in self._boxes(path, count, matrix):
            x0, x1 = round(least_x, DECIMALS), round(most_x, DECIMALS)
            top, bottom = round(height - most_y, DECIMALS), round(height - least_y, DECIMALS)
            if x1 - x0 < thin or bottom - top < thin:
                rules.append(Rule(x0, x1, top, bottom))
            else:
                rules += [
                    Rule(x0, x0, top, bottom),
                    Rule(x1, x1, top, bottom),
                    Rule(x0, x1, top, top),
                    Rule(x0, x1, bottom, bottom),
                ]
        return rules

    def _inked(self, color_of: Callable[..., int], path: _Handle) -> bool:
        """The colour (fill or stroke) leaves ink: not white, not fully transparent."""
        red, green, blue, alpha = self.rgba
        if not color_of(path, *self.rgba_refs):
            return True  # no colour to read: count it drawn
        return alpha.value > 0 and (red.value, green.value, blue.value) != (255, 255, 255)

    def _boxes(self, path: _Handle, count: int, matrix: Matrix) -> list[Box]:
        """The boxes of a path's straight subpaths of two points or more, in page space."""
        pdfium = self.pdfium
        x, y, x_ref, y_ref = self.x, self.y, self.x_ref, self.y_ref
        a, b, c, d, e, f = matrix
        segment_of, point_of = pdfium.FPDFPath_GetPathSegment, pdfium.FPDFPathSegment_GetPoint
        type_of, moveto = pdfium.FPDFPathSegment_GetType, pdfium.SEGMENT_MOVETO
        curve = pdfium.SEGMENT_BEZIERTO
        if count == 2:  # a line, as most rules are
            first, second = segment_of(path, 0), segment_of(path, 1)
            if point_of(first, x_ref, y_ref):
                px, py = x.value, y.value
                if point_of(second, x_ref, y_ref) and type_of(second) not in (moveto, curve):
                    qx, qy = x.value, y.value
                    tx, ty = px * a + py * c + e, px * b + py * d + f
                    ux, uy = qx * a + qy * c + e, qx * b + qy * d + f
                    return [(min(tx, ux), min(ty, uy), max(tx, ux), max(ty, uy))]
        # each subpath's box: [least x, least y, most x, most y, points] (points 0: it
        # has a curve)
        boxes: list[list[float]] = []
        box: list[float] = []
        for index in range(count):
            segment = segment_of(path, index)
            if not point_of(segment, x_ref, y_ref):
                continue
            px, py = x.value, y.value
            tx, ty = px * a + py * c + e, px * b + py * d + f
            kind = type_of(segment)
            if not boxes or kind == moveto:
                box = [tx, ty, tx, ty, 1]
                boxes.append(box)
                continue
            if kind == curve or not box[4]:
                box[4] = 0
                continue
            box[4] += 1
            if tx < box[0]:
                box[0] = tx
            elif tx > box[2]:
                box[2] = tx
            if ty < box[1]:
                box[1] = ty
            elif ty > box[3]:
                box[3] = ty
        return [(x0, y0, x1, y1) for x0, y0, x1, y1, points in boxes if points >= 2]
