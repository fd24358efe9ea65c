"""`python -m loaders show FILE.pdf --page N`: a page as the reader read it, drawn over the page.

The page is rendered by PDFium (with the pinned font) and drawn over: each column's x-range
as a tinted band with its edges, each row's extent as a horizontal band, and every cell
line read (the words of one column on one visual line) as a box in its column's colour;
furniture (titles, headers, page numbers) in grey. A legend on stdout names the colours.
For the analyst checking a new layout as much as for the programmer.

The image is a PNG written without any imaging library (numpy and zlib).
"""

from __future__ import annotations

import ctypes
import struct
import zlib
from pathlib import Path

import numpy as np

from core.errors import DocumentError
from loaders.pdf.glyphs import start_pdfium
from loaders.pdf.reader import PdfDocument, read_pdf_tables

SCALE = 2.0  # pixels a point
PALETTE = [
    (230, 25, 75),
    (60, 180, 75),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 200, 200),
    (240, 50, 230),
    (128, 128, 0),
    (0, 128, 128),
    (170, 110, 40),
    (128, 0, 0),
    (0, 0, 128),
]
GREY = (128, 128, 128)


def render(data: bytes, page_number: int, file_name: str) -> np.ndarray:
    """The page as an RGB array, SCALE pixels a point."""
    start_pdfium()
    import pypdfium2_raw as pdfium

    document = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not document:
        raise DocumentError(file_name, None, "not a readable PDF")
    try:
        if not 1 <= page_number <= pdfium.FPDF_GetPageCount(document):
            raise DocumentError(file_name, None, f"has no page {page_number}")
        page = pdfium.FPDF_LoadPage(document, page_number - 1)
        width = round(pdfium.FPDF_GetPageWidthF(page) * SCALE)
        height = round(pdfium.FPDF_GetPageHeightF(page) * SCALE)
        bitmap = pdfium.FPDFBitmap_Create(width, height, 0)
        pdfium.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
        pdfium.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, 0)
        stride = pdfium.FPDFBitmap_GetStride(bitmap)
        buffer = ctypes.cast(
            pdfium.FPDFBitmap_GetBuffer(bitmap), ctypes.POINTER(ctypes.c_ubyte * (stride * height))
        )
        bgra = np.frombuffer(buffer.contents, dtype=np.uint8).reshape(height, stride // 4, 4)
        image = bgra[:, :width, 2::-1].copy()  # BGRA -> RGB
        pdfium.FPDFBitmap_Destroy(bitmap)
        pdfium.FPDF_ClosePage(page)
    finally:
        pdfium.FPDF_CloseDocument(document)
    return image


def _box(image: np.ndarray, x0: float, x1: float, top: float, bottom: float, rgb: tuple) -> None:
    h, w, _ = image.shape
    a, b = max(0, int(x0 * SCALE)), min(w - 1, int(x1 * SCALE))
    t, u = max(0, int(top * SCALE)), min(h - 1, int(bottom * SCALE))
    if a > b or t > u:
        return
    image[t, a : b + 1] = rgb
    image[u, a : b + 1] = rgb
    image[t : u + 1, a] = rgb
    image[t : u + 1, b] = rgb


def _tint(image: np.ndarray, x0: float, x1: float, top: float, bottom: float, rgb: tuple) -> None:
    h, w, _ = image.shape
    a, b = max(0, int(x0 * SCALE)), min(w, int(x1 * SCALE))
    t, u = max(0, int(top * SCALE)), min(h, int(bottom * SCALE))
    region = image[t:u, a:b].astype(np.float32)
    image[t:u, a:b] = (0.85 * region + 0.15 * np.array(rgb, np.float32)).astype(np.uint8)


def overlay(image: np.ndarray, read: PdfDocument, page_number: int) -> list[str]:
    """Draw what the reader read on one page; the legend's lines."""
    height = image.shape[0] / SCALE
    spans = read.spans.get(page_number, [])
    colour = {span.column.name: PALETTE[i % len(PALETTE)] for i, span in enumerate(spans)}
    for span in spans:
        _tint(image, span.x0, span.x1, 0, height, colour[span.column.name])
        _box(image, span.x0, span.x1, 0, height - 1 / SCALE, colour[span.column.name])
    numbered = {n: line for n, line in enumerate(read.lines, start=1) if line.page == page_number}
    for row in read.parsed.rows:
        boxes = [numbered[n] for n in row.line_numbers if n in numbered]
        if boxes:
            top, bottom = min(b.top for b in boxes), max(b.bottom for b in boxes)
            _box(image, 0, image.shape[1] / SCALE, top - 1, bottom + 1, (0, 0, 0))
    for line in numbered.values():
        rgb = colour.get(line.column or "", GREY)
        _box(image, line.x0 - 0.5, line.x1 + 0.5, line.top - 0.5, line.bottom + 0.5, rgb)
    legend = [
        f"{span.column.name} ({span.column.role}): x {span.x0:.1f}-{span.x1:.1f}, "
        f"rgb{colour[span.column.name]}"
        for span in spans
    ]
    rows = sum(1 for r in read.parsed.rows if any(n in numbered for n in r.line_numbers))
    legend.append(f"{rows} rows (black bands), {len(numbered)} cell lines (boxes; grey: furniture)")
    return legend


def write_png(image: np.ndarray, path: Path) -> None:
    height, width, _ = image.shape
    raw = b"".join(b"\x00" + image[y].tobytes() for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 6))
        + chunk(b"IEND", b"")
    )


def show(pdf: Path, page_number: int, out: Path) -> list[str]:
    """Read the PDF, draw what was read on one page into `out` (in a file of several tables,
    by the table printed there); the legend."""
    data = pdf.read_bytes()
    tables = read_pdf_tables(data, pdf.name)
    read = next((table for table in tables if page_number in table.spans), tables[0])
    image = render(data, page_number, pdf.name)
    legend = overlay(image, read, page_number)
    write_png(image, out)
    return legend
