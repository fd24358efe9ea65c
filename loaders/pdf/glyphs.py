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
every character are prototyped on plain addresses (`_Pdfium`); see docs/pdf.md for what is read
and benchmarks/RESULTS.md for what it costs.

    pages = read_pages(data, "file.pdf")   # list[Page]
"""

from __future__ import annotations

import ctypes
import gc
import sys
import threading
from collections.abc import Iterator
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


class _Pdfium:
    """The PDFium calls the source makes, prototyped on a handle of pypdfium2's library
    with plain addresses for handles (pypdfium2's typed pointers cost a conversion a call:
    the loop over characters makes a few calls each)."""

    ERR_FILE, ERR_FORMAT, ERR_PASSWORD, ERR_SECURITY = 2, 3, 4, 5
    OBJECT_TEXT, OBJECT_PATH, OBJECT_FORM = 1, 2, 5
    SEGMENT_MOVETO = 2
    FILLMODE_NONE = 0

    def __init__(self) -> None:
        from pypdfium2_raw import bindings

        lib = ctypes.CDLL(bindings._libs["pdfium"]._name)
        v, i, u, f = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_float
        fp, ip, dp = ctypes.POINTER(f), ctypes.POINTER(i), ctypes.POINTER(ctypes.c_double)
        mp = ctypes.POINTER(_Matrix)
        signatures = {
            "FPDF_LoadMemDocument64": (v, [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]),
            "FPDF_GetLastError": (ctypes.c_ulong, []),
            "FPDF_GetPageCount": (i, [v]),
            "FPDF_LoadPage": (v, [v, i]),
            "FPDF_GetPageWidthF": (f, [v]),
            "FPDF_GetPageHeightF": (f, [v]),
            "FPDF_ClosePage": (None, [v]),
            "FPDF_CloseDocument": (None, [v]),
            "FPDFText_LoadPage": (v, [v]),
            "FPDFText_ClosePage": (None, [v]),
            "FPDFText_CountChars": (i, [v]),
            "FPDFText_GetUnicode": (u, [v, i]),
            "FPDFText_GetText": (i, [v, i, i, ctypes.POINTER(ctypes.c_uint16)]),
            "FPDFText_HasUnicodeMapError": (i, [v, i]),
            "FPDFText_GetTextObject": (v, [v, i]),
            "FPDFText_GetCharOrigin": (i, [v, i, dp, dp]),
            "FPDFText_GetMatrix": (i, [v, i, mp]),
            "FPDFTextObj_GetFont": (v, [v]),
            "FPDFTextObj_GetFontSize": (i, [v, fp]),
            "FPDFFont_GetGlyphWidth": (i, [v, u, f, fp]),
            "FPDFFont_GetDescent": (i, [v, f, fp]),
            "FPDFFont_GetIsEmbedded": (i, [v]),
            "FPDFFont_GetBaseFontName": (ctypes.c_size_t, [v, ctypes.c_char_p, ctypes.c_size_t]),
            "FPDFPage_CountObjects": (i, [v]),
            "FPDFPage_GetObject": (v, [v, i]),
            "FPDFFormObj_CountObjects": (i, [v]),
            "FPDFFormObj_GetObject": (v, [v, ctypes.c_ulong]),
            "FPDFPageObj_GetType": (i, [v]),
            "FPDFPageObj_GetMatrix": (i, [v, mp]),
            "FPDFPageObj_GetClipPath": (v, [v]),
            "FPDFClipPath_CountPaths": (i, [v]),
            "FPDFClipPath_CountPathSegments": (i, [v, i]),
            "FPDFClipPath_GetPathSegment": (v, [v, i, i]),
            "FPDFPath_CountSegments": (i, [v]),
            "FPDFPath_GetPathSegment": (v, [v, i]),
            "FPDFPath_GetDrawMode": (i, [v, ip, ip]),
            "FPDFPathSegment_GetPoint": (i, [v, fp, fp]),
            "FPDFPathSegment_GetType": (i, [v]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
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


def _read_page(pdfium: _Pdfium, document: int, index: int, where: str) -> Page:
    page = pdfium.FPDF_LoadPage(document, index)
    if not page:
        raise DocumentError(where, None, "not a readable PDF (the page cannot be loaded)")
    text_page = pdfium.FPDFText_LoadPage(page)
    try:
        height = pdfium.FPDF_GetPageHeightF(page)
        width = pdfium.FPDF_GetPageWidthF(page)
        rules: list[Rule] = []
        unembedded: list[int] = []
        fonts: dict[int, int] = {}
        order = _walk(pdfium, page, height, rules, unembedded, fonts)
        glyphs, placed = _glyphs(pdfium, text_page, height, order, fonts, where)
        for text_object in unembedded:
            if text_object not in placed:
                raise _not_placed(pdfium, text_object, where)
        return Page(index + 1, width, height, glyphs, rules)
    finally:
        pdfium.FPDFText_ClosePage(text_page)
        pdfium.FPDF_ClosePage(page)


class _TextObject(NamedTuple):
    """What every glyph of one text object shares: its font, its size in page space
    (horizontally: the size times the matrix's x scale), its descent and height in page
    space, and its clipping box."""

    font: int
    size_x: float
    descent: float
    height: float
    clip: Box | None


def _glyphs(
    pdfium: _Pdfium,
    text_page: int,
    height: float,
    order: dict[int, int],
    fonts: dict[int, int],
    where: str,
) -> tuple[list[Glyph], set[int]]:
    """The text page's characters in drawing order (the order of their text objects on the
    page: the text page itself regroups them by line), each boxed from the PDF's metrics and
    kept only when its clip shows it; and the text objects the text page placed."""
    unicode_of, object_of = pdfium.FPDFText_GetUnicode, pdfium.FPDFText_GetTextObject
    origin_of, map_error = pdfium.FPDFText_GetCharOrigin, pdfium.FPDFText_HasUnicodeMapError
    width_of = pdfium.FPDFFont_GetGlyphWidth
    x, y, width = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    x_ref, y_ref, width_ref = ctypes.byref(x), ctypes.byref(y), ctypes.byref(width)
    objects: dict[int, _TextObject | None] = {}
    widths: dict[tuple[int, int], float] = {}  # (font, code) -> advance at size 1
    descents: dict[int, float] = {}  # font -> descent at size 1
    scratch = _Scratch()
    drawn: list[tuple[int, int, Glyph]] = []
    low = SETTINGS.clip_tolerance
    count = pdfium.FPDFText_CountChars(text_page)
    codes = _all_codes(pdfium, text_page, count)
    surrogates = False
    for i in range(count):
        code = codes[i] if codes is not None else unicode_of(text_page, i)
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
            font = fonts.get(address) or pdfium.FPDFTextObj_GetFont(address) or 0
            known = objects[address] = _text_object(
                pdfium, text_page, i, address, font, descents, scratch
            )
        advance = widths.get((known.font, code))
        if advance is None:
            width_of(known.font, code, 1.0, width_ref)
            advance = widths[known.font, code] = width.value
        origin_of(text_page, i, x_ref, y_ref)
        x0 = x.value
        x1 = x0 + advance * known.size_x
        y0 = y.value + known.descent
        y1 = y0 + known.height
        clip = known.clip
        if clip is not None:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if not (clip[0] - low <= cx <= clip[2] + low and clip[1] - low <= cy <= clip[3] + low):
                continue  # drawn outside its clipping path: not printed
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        glyph = Glyph(text, x0, x1, height - y1, height - y0)
        drawn.append((order.get(address, -1), i, glyph))
    drawn.sort()  # by drawing order, then text page order (unique: glyphs never compared)
    glyphs = [glyph for _, _, glyph in drawn]
    return (_joined_surrogates(glyphs) if surrogates else glyphs), set(objects)


def _all_codes(pdfium: _Pdfium, text_page: int, count: int) -> list[int] | None:
    """Every character's Unicode (a UTF-16 unit each, as PDFium keeps them) in one call,
    when the page's text has one unit a character; else None (each is asked for alone)."""
    if count <= 0:
        return None
    buffer = (ctypes.c_uint16 * (count + 1))()
    written = pdfium.FPDFText_GetText(text_page, 0, count, buffer)
    return list(buffer[:count]) if written == count + 1 else None


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
    """Buffers PDFium writes into, and the clips measured, made once a page."""

    def __init__(self) -> None:
        self.clips: dict[tuple[int, ...], Box | None] = {}
        self.size, self.value = ctypes.c_float(), ctypes.c_float()
        self.matrix = _Matrix()
        self.size_ref, self.value_ref = ctypes.byref(self.size), ctypes.byref(self.value)
        self.matrix_ref = ctypes.byref(self.matrix)


def _text_object(
    pdfium: _Pdfium,
    text_page: int,
    index: int,
    address: int,
    font: int,
    descents: dict[int, float],
    scratch: _Scratch,
) -> _TextObject:
    pdfium.FPDFTextObj_GetFontSize(address, scratch.size_ref)
    pdfium.FPDFText_GetMatrix(text_page, index, scratch.matrix_ref)
    size, matrix = scratch.size.value, scratch.matrix
    descent = descents.get(font)
    if descent is None:
        pdfium.FPDFFont_GetDescent(font, 1.0, scratch.value_ref)
        descent = descents[font] = scratch.value.value
    return _TextObject(
        font,
        size * matrix.a,
        descent * size * matrix.d,
        size * matrix.d,
        _clip_box(pdfium, address, scratch.clips),
    )


def _clip_box(
    pdfium: _Pdfium, page_object: int, known: dict[tuple[int, ...], Box | None]
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
    key = tuple(segment_of(clip, path, 0) or 0 for path in range(paths))
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
    page: int,
    height: float,
    rules: list[Rule],
    unembedded: list[int],
    fonts: dict[int, int],
) -> dict[int, int]:
    """Every page object in drawing order, in form XObjects too: paths become ruling lines
    (added to `rules`); each text object's font goes in `fonts`, and those of a font the PDF
    does not embed are listed (to check the text page placed them). Returns each text
    object's place in the drawing order."""
    order: dict[int, int] = {}
    embedded: dict[int, bool] = {}
    font_of, is_embedded = pdfium.FPDFTextObj_GetFont, pdfium.FPDFFont_GetIsEmbedded
    text, path, form = pdfium.OBJECT_TEXT, pdfium.OBJECT_PATH, pdfium.OBJECT_FORM
    matrix = _Matrix()
    matrix_ref = ctypes.byref(matrix)
    kind_of = pdfium.FPDFPageObj_GetType
    stack: list[tuple[int, int, bool, Matrix]] = [(page, 0, False, IDENTITY)]
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
                order[item] = len(order)
                font = fonts[item] = font_of(item) or 0
                known = embedded.get(font)
                if known is None:
                    known = embedded[font] = bool(font and is_embedded(font))
                if font and not known:
                    unembedded.append(item)
            elif kind == path:
                pdfium.FPDFPageObj_GetMatrix(item, matrix_ref)
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                placed = own if outer is IDENTITY else _compose(own, outer)
                rules += _path_rules(pdfium, item, placed, height)
            elif kind == form:
                pdfium.FPDFPageObj_GetMatrix(item, matrix_ref)
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


def _not_placed(pdfium: _Pdfium, item: int, where: str) -> DocumentError:
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


def _path_rules(pdfium: _Pdfium, path: int, matrix: Matrix, height: float) -> list[Rule]:
    """A stroked or filled path's subpaths as ruling lines: each subpath's box, one line
    when thin, else its four sides."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)):
        return []
    if fill.value == pdfium.FILLMODE_NONE and not stroke.value:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = matrix
    segment_of, point_of = pdfium.FPDFPath_GetPathSegment, pdfium.FPDFPathSegment_GetPoint
    type_of, moveto = pdfium.FPDFPathSegment_GetType, pdfium.SEGMENT_MOVETO
    count = pdfium.FPDFPath_CountSegments(path)
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(count):
        segment = segment_of(path, index)
        if not point_of(segment, x_ref, y_ref):
            continue
        point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        if not subpaths or type_of(segment) == moveto:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
    rules = []
    for points in subpaths:
        if len(points) < 2:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1 = round(min(xs), DECIMALS), round(max(xs), DECIMALS)
        top, bottom = round(height - max(ys), DECIMALS), round(height - min(ys), DECIMALS)
        thin = SETTINGS.rule_thickness
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
