"""PDF documents, read in stages, each a module, data flowing one way:

1. glyphs.py   the file's glyphs and ruling lines (PDFium, fonts pinned: docs/pdf.md)
2. words.py    glyphs to words and visual lines
3. columns.py  the column header, each column's x-range, the layout the PDF prints
4. rows.py     words to columns and rows
5. reader.py   rows, headings and directions to the text path's elements (one builder)

settings.py holds every tolerance the stages use; show.py draws what a page was read as.
"""

from loaders.pdf.reader import PdfDocument, read_pdf, read_pdf_tables

__all__ = ["PdfDocument", "read_pdf", "read_pdf_tables"]
