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
here, before PDFium starts, to `loaders/fonts/` (IPAex Gothic, shipped with the project under
its licence): the same substitute on every machine, whatever is installed. And a text object
of a font the PDF does not embed that the text page left out anyway is an error naming the
page (`_check_placed`), never a silently missing ○.

    pages = read_pages(data, "file.pdf")   # list[Page]
"""

from __future__ import annotations

import ctypes
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from core.errors import DocumentError, one_line

# The folder PDFium finds substitute fonts in, and nothing else: one shipped font.
FONT_FOLDER = Path(__file__).resolve().parent / "fonts"
# A glyph is kept when its centre lies inside its clipping box, give or take this (pt).
CLIP_TOLERANCE = 0.5
# A drawn path thinner than this (pt) is one ruling line; a wider one gives its four sides.
RULE_THICKNESS = 1.5
# Coordinates are rounded to this many decimals: PDFium computes in single precision.
DECIMALS = 3


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Rule:
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
_STARTED: list[Path] = []


def start_pdfium(font_folder: Path | None = None) -> object:
    """PDFium's bindings, started once a process with its font folders pinned to
    `font_folder` (by default, and once started, the folder it was started with; tests
    pin another). Refuses to run on a PDFium someone else started (pypdfium2 imported
    first starts it with the machine's font folders, and a second start is a no-op)."""
    import pypdfium2_raw as pdfium

    if _STARTED:
        if font_folder is not None and _STARTED[0] != font_folder:
            raise RuntimeError(f"PDFium already started with the fonts of {_STARTED[0]}")
        return pdfium
    if "pypdfium2" in sys.modules:
        raise RuntimeError(
            "pypdfium2 was imported before loaders.glyphs started PDFium: its fonts are "
            "the machine's; import loaders.glyphs (or call start_pdfium) first"
        )
    font_folder = font_folder or FONT_FOLDER
    char_p = ctypes.POINTER(ctypes.c_char)
    folder = ctypes.create_string_buffer(str(font_folder).encode())
    paths = (char_p * 2)(ctypes.cast(folder, char_p), None)
    config = pdfium.FPDF_LIBRARY_CONFIG()
    config.version = 2
    config.m_pUserFontPaths = ctypes.cast(paths, ctypes.POINTER(char_p))
    config.m_pIsolate = None
    config.m_v8EmbedderSlot = 0
    pdfium.FPDF_InitLibraryWithConfig(ctypes.byref(config))
    _STARTED.append(font_folder)
    return pdfium


def read_pages(data: bytes, file_name: str) -> list[Page]:
    """Every page's glyphs (top measured from the page top) and ruling lines; any failure
    is one DocumentError naming the file and, when known, the page."""
    with _LOCK:
        pdfium = start_pdfium()
        buffer = ctypes.create_string_buffer(data, len(data))
        document = pdfium.FPDF_LoadMemDocument64(buffer, len(data), None)
        if not document:
            raise _load_error(pdfium, file_name)
        try:
            pages = []
            for index in range(pdfium.FPDF_GetPageCount(document)):
                where = f"{file_name} (page {index + 1})"
                try:
                    pages.append(_read_page(pdfium, document, index, where))
                except DocumentError:
                    raise
                except Exception as exc:  # noqa: BLE001 - this file is bad, whatever it is
                    raise DocumentError(
                        where, None, f"not a readable PDF ({one_line(exc)})"
                    ) from None
        finally:
            pdfium.FPDF_CloseDocument(document)
        del buffer
    if not pages:
        raise DocumentError(file_name, None, "not a readable PDF (it has no pages)")
    if not any(page.glyphs for page in pages):
        raise DocumentError(
            file_name,
            None,
            f"no text layer in its {len(pages)} page(s) (a scanned PDF?): OCR it first",
        )
    return pages


def _load_error(pdfium: object, file_name: str) -> DocumentError:
    code = pdfium.FPDF_GetLastError()
    if code == pdfium.FPDF_ERR_PASSWORD:
        return DocumentError(file_name, None, "the PDF is encrypted: save an unencrypted copy")
    if code == pdfium.FPDF_ERR_SECURITY:
        return DocumentError(
            file_name, None, "the PDF uses an unsupported security handler: save a plain copy"
        )
    reason = {pdfium.FPDF_ERR_FILE: "cannot be opened", pdfium.FPDF_ERR_FORMAT: "damaged"}
    return DocumentError(file_name, None, f"not a readable PDF ({reason.get(code, 'unknown')})")


def _read_page(pdfium: object, document: object, index: int, where: str) -> Page:
    page = pdfium.FPDF_LoadPage(document, index)
    if not page:
        raise DocumentError(where, None, "not a readable PDF (the page cannot be loaded)")
    text_page = pdfium.FPDFText_LoadPage(page)
    try:
        height = pdfium.FPDF_GetPageHeightF(page)
        width = pdfium.FPDF_GetPageWidthF(page)
        rules: list[Rule] = []
        unembedded: list[object] = []
        order = _walk(pdfium, page, height, rules, unembedded)
        glyphs, placed = _glyphs(pdfium, text_page, height, order, where)
        for text_object in unembedded:
            _check_placed(pdfium, text_object, placed, where)
        return Page(index + 1, width, height, glyphs, rules)
    finally:
        pdfium.FPDFText_ClosePage(text_page)
        pdfium.FPDF_ClosePage(page)


class _Fast:
    """The few PDFium calls made for every character, prototyped on a handle of the same
    library with plain addresses (`c_void_p`) for handles: pypdfium2's typed pointers cost
    a conversion a call."""

    def __init__(self, pdfium: object) -> None:
        from pypdfium2_raw import bindings

        lib = ctypes.CDLL(bindings._libs["pdfium"]._name)
        void, c_int, c_double = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
        double_p = ctypes.POINTER(c_double)
        for name, restype, argtypes in (
            ("FPDFText_CountChars", c_int, [void]),
            ("FPDFText_IsGenerated", c_int, [void, c_int]),
            ("FPDFText_GetUnicode", ctypes.c_uint, [void, c_int]),
            ("FPDFText_HasUnicodeMapError", c_int, [void, c_int]),
            ("FPDFText_GetTextObject", void, [void, c_int]),
            ("FPDFText_GetCharOrigin", c_int, [void, c_int, double_p, double_p]),
        ):
            function = getattr(lib, name)
            function.restype, function.argtypes = restype, argtypes
            setattr(self, name, function)


_FAST: list[_Fast] = []


def _glyphs(
    pdfium: object, text_page: object, height: float, order: dict[int, int], where: str
) -> tuple[list[Glyph], set[int]]:
    """The text page's characters in drawing order (the order of their text objects on the
    page: the text page itself regroups them by line), each boxed from the PDF's metrics and
    kept only when its clip shows it; and the text objects the text page placed."""
    if not _FAST:
        _FAST.append(_Fast(pdfium))
    fast = _FAST[0]
    page = ctypes.cast(text_page, ctypes.c_void_p).value
    is_generated, unicode_of = fast.FPDFText_IsGenerated, fast.FPDFText_GetUnicode
    object_of, origin_of = fast.FPDFText_GetTextObject, fast.FPDFText_GetCharOrigin
    map_error = fast.FPDFText_HasUnicodeMapError
    x, y = ctypes.c_double(), ctypes.c_double()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    objects: dict[int, _TextObject] = {}
    widths: dict[tuple[int, int], float] = {}
    drawn: list[tuple[int, int, Glyph]] = []
    for i in range(fast.FPDFText_CountChars(page)):
        if is_generated(page, i):
            continue  # a space or line break PDFium inserted, not printed
        address = object_of(page, i) or 0
        code = unicode_of(page, i)
        if map_error(page, i) == 1 or not code:
            raise DocumentError(
                where,
                None,
                f"a glyph has no Unicode mapping (code {code}): the PDF's font hides its "
                "text; export it again with embedded fonts or OCR it",
            )
        text_object = objects.get(address)
        if text_object is None:
            text_object = objects[address] = _text_object(pdfium, text_page, i)
        text = chr(code)
        if not text.strip():
            continue
        advance = widths.get((address, code))
        if advance is None:
            advance = widths[address, code] = text_object.advance(pdfium, code)
        origin_of(page, i, x_ref, y_ref)
        x0 = x.value
        x1 = x0 + advance
        y0 = y.value + text_object.descent
        y1 = y0 + text_object.height
        clip = text_object.clip
        if clip is not None:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if not (
                clip[0] - CLIP_TOLERANCE <= cx <= clip[2] + CLIP_TOLERANCE
                and clip[1] - CLIP_TOLERANCE <= cy <= clip[3] + CLIP_TOLERANCE
            ):
                continue  # drawn outside its clipping path: not printed
        glyph = Glyph(
            text,
            round(min(x0, x1), DECIMALS),
            round(max(x0, x1), DECIMALS),
            round(height - max(y0, y1), DECIMALS),
            round(height - min(y0, y1), DECIMALS),
        )
        drawn.append((order.get(address, -1), i, glyph))
    drawn.sort(key=lambda item: (item[0], item[1]))
    return [glyph for _, _, glyph in drawn], set(objects)


@dataclass(frozen=True)
class _TextObject:
    """What every glyph of one text object shares: its font and size, the horizontal and
    vertical scale of its matrix (in page space), its descent and its clipping box."""

    handle: object
    font: object
    size: float
    scale_x: float
    descent: float
    height: float
    clip: tuple[float, float, float, float] | None

    def advance(self, pdfium: object, code: int) -> float:
        """A character's advance in page space, from the font's widths (`/W`)."""
        width = ctypes.c_float()
        pdfium.FPDFFont_GetGlyphWidth(self.font, code, self.size, ctypes.byref(width))
        return width.value * self.scale_x


def _text_object(pdfium: object, text_page: object, index: int) -> _TextObject:
    handle = pdfium.FPDFText_GetTextObject(text_page, index)
    size, descent = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium.FS_MATRIX()
    font = pdfium.FPDFTextObj_GetFont(handle)
    pdfium.FPDFTextObj_GetFontSize(handle, ctypes.byref(size))
    pdfium.FPDFText_GetMatrix(text_page, index, ctypes.byref(matrix))
    pdfium.FPDFFont_GetDescent(font, size.value, ctypes.byref(descent))
    return _TextObject(
        handle,
        font,
        size.value,
        matrix.a,
        descent.value * matrix.d,
        size.value * matrix.d,
        _clip_box(pdfium, handle),
    )


def _clip_box(pdfium: object, page_object: object) -> tuple[float, float, float, float] | None:
    """The bounding box of an object's clipping path (the intersection of its paths'
    boxes), in page space; None when it has none."""
    clip = pdfium.FPDFPageObj_GetClipPath(page_object)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    box: tuple[float, float, float, float] | None = None
    for path in range(pdfium.FPDFClipPath_CountPaths(clip)):
        points = []
        for index in range(pdfium.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium.FPDFClipPath_GetPathSegment(clip, path, index)
            if pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
                points.append((x.value, y.value))
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        part = (min(xs), min(ys), max(xs), max(ys))
        box = part if box is None else _intersect(box, part)
    return box


def _intersect(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float, float]:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _walk(
    pdfium: object, page: object, height: float, rules: list[Rule], unembedded: list[object]
) -> dict[int, int]:
    """Every page object in drawing order, in form XObjects too: paths become ruling lines
    (added to `rules`); text objects of a font the PDF does not embed are listed (to check
    the text page placed them). Returns each text object's place in the drawing order."""
    order: dict[int, int] = {}
    matrix = pdfium.FS_MATRIX()
    stack: list[tuple[object, int, bool, Matrix]] = [(page, 0, False, IDENTITY)]
    while stack:
        container, start, is_form, outer = stack.pop()
        count = (
            pdfium.FPDFFormObj_CountObjects(container)
            if is_form
            else pdfium.FPDFPage_CountObjects(container)
        )
        for index in range(start, count):
            item = (
                pdfium.FPDFFormObj_GetObject(container, index)
                if is_form
                else pdfium.FPDFPage_GetObject(container, index)
            )
            kind = pdfium.FPDFPageObj_GetType(item)
            if kind == pdfium.FPDF_PAGEOBJ_PATH:
                pdfium.FPDFPageObj_GetMatrix(item, ctypes.byref(matrix))
                own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                rules += _path_rules(pdfium, item, _compose(own, outer), height)
            elif kind == pdfium.FPDF_PAGEOBJ_TEXT:
                order[ctypes.cast(item, ctypes.c_void_p).value or 0] = len(order)
                font = pdfium.FPDFTextObj_GetFont(item)
                if font and not pdfium.FPDFFont_GetIsEmbedded(font):
                    unembedded.append(item)
            elif kind == pdfium.FPDF_PAGEOBJ_FORM:
                pdfium.FPDFPageObj_GetMatrix(item, ctypes.byref(matrix))
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


def _check_placed(pdfium: object, item: object, placed: set[int], where: str) -> None:
    """A text object of an unembedded font the text page left out: its characters would be
    silently missing (PDFium measures such a font with its substitute)."""
    if (ctypes.cast(item, ctypes.c_void_p).value or 0) in placed:
        return
    font = pdfium.FPDFTextObj_GetFont(item)
    name = ctypes.create_string_buffer(256)
    pdfium.FPDFFont_GetBaseFontName(font, name, len(name))
    font_name = name.value.decode("latin-1", "replace") or "unnamed"
    raise DocumentError(
        where,
        None,
        f"a text in the font {font_name} (not embedded) was not placed on the page: its "
        "characters cannot be read; export the PDF again with embedded fonts",
    )


def _path_rules(pdfium: object, path: object, matrix: Matrix, height: float) -> list[Rule]:
    """A stroked or filled path's subpaths as ruling lines: each subpath's box, one line
    when thin, else its four sides."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(path, ctypes.byref(fill), ctypes.byref(stroke)):
        return []
    if fill.value == pdfium.FPDF_FILLMODE_NONE and not stroke.value:
        return []
    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[float, float]]] = []
    for index in range(pdfium.FPDFPath_CountSegments(path)):
        segment = pdfium.FPDFPath_GetPathSegment(path, index)
        if not pdfium.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (x.value * a + y.value * c + e, x.value * b + y.value * d + f)
        if pdfium.FPDFPathSegment_GetType(segment) == pdfium.FPDF_SEGMENT_MOVETO or not subpaths:
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
        if x1 - x0 < RULE_THICKNESS or bottom - top < RULE_THICKNESS:
            rules.append(Rule(x0, x1, top, bottom))
        else:
            rules += [
                Rule(x0, x0, top, bottom),
                Rule(x1, x1, top, bottom),
                Rule(x0, x1, top, top),
                Rule(x0, x1, bottom, bottom),
            ]
    return rules
