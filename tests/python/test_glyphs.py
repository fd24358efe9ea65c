"""The glyph source (loaders/pdf/glyphs.py): PDFium with its font folder pinned to the shipped font.

What the reader reads must not change with the fonts a machine has. Each reading runs in a
process of its own (PDFium starts once a process), some inside a private mount namespace
whose /usr/share/fonts is empty or holds Latin fonts only; every one must give the same
glyphs and rules, byte for byte. Pinned to an empty folder instead, PDFium drops the
one-character texts of the sample's unembedded font (each ○): the guard refuses the page,
which is how a broken pin would show.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DOCUMENT, REPO
from pdf_generator import STYLES, install_debian, render, table_from_text

from core.errors import DocumentError
from loaders.pdf.glyphs import FONT_FOLDER, Rule, read_pages

SAMPLE = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid.pdf"
TRUTH = REPO / "tests" / "data" / "r04_chusho_kigyo_shinko_shisaku_relaid_truth.json"

# Reads each file given and prints, per file, a digest of every glyph and rule and the ○ count
# (or the one-line error). argv[1]: the font folder to pin, or "-" for the shipped one.
READER = """
import hashlib, json, sys
from pathlib import Path
import loaders.pdf.glyphs as glyphs
if sys.argv[1] != "-":
    glyphs.start_pdfium(Path(sys.argv[1]))
out = {}
for name in sys.argv[2:]:
    try:
        pages = glyphs.read_pages(Path(name).read_bytes(), Path(name).name)
    except Exception as exc:
        out[Path(name).name] = str(exc)
        continue
    digest = hashlib.sha256(repr([(p.glyphs, p.rules) for p in pages]).encode()).hexdigest()
    circles = sum(g.text == "○" for p in pages for g in p.glyphs)
    out[Path(name).name] = [digest, circles]
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The sample (unembedded CID font) and two generated styles: an unembedded CID font
    and an embedded TrueType font."""
    folder = tmp_path_factory.mktemp("glyphs")
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["items"]
    table = table_from_text(DOCUMENT.read_text(encoding="utf-8"), truth, "aomori_chusho_shisaku")
    paths = [SAMPLE]
    for style in (STYLES[0], STYLES[2]):
        path = folder / f"{style.name}.pdf"
        path.write_bytes(render(table, style))
        paths.append(path)
    return paths


def read_in_process(files: list[Path], pin: str = "-", fonts: Path | None = None) -> dict:
    """The reader's digest of each file, run in a new process; with `fonts`, inside a mount
    namespace whose /usr/share/fonts and /usr/local/share/fonts show only that folder."""
    command = [sys.executable, "-c", READER, pin, *map(str, files)]
    if fonts is not None:
        assert shutil.which("unshare"), "util-linux's unshare is needed to hide the fonts"
        hide = " ; ".join(
            f'if [ -d {folder} ]; then mount --bind "$0" {folder} || exit 97; fi'
            for folder in ("/usr/share/fonts", "/usr/local/share/fonts")
        )
        command = ["unshare", "--mount", "sh", "-c", f'{hide} ; exec "$@"', str(fonts), *command]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_glyphs_are_the_same_whatever_fonts_the_machine_has(
    files: list[Path], tmp_path: Path
) -> None:
    as_is = read_in_process(files)
    none = tmp_path / "none"
    none.mkdir()
    latin = tmp_path / "latin"
    latin.mkdir()
    for font in Path("/usr/share/fonts").rglob("DejaVuSans*.ttf"):
        shutil.copy(font, latin)
    without_fonts = read_in_process(files, fonts=none)
    latin_only = read_in_process(files, fonts=latin)
    assert without_fonts == as_is
    assert latin_only == as_is
    # every ○ the sample prints is read (truth: 183), in every set-up
    assert as_is[SAMPLE.name][1] == 183


def test_a_broken_pin_would_show_a_page_refused_not_a_missing_circle(
    files: list[Path], tmp_path: Path
) -> None:
    """Pinned to an empty folder, PDFium has no font to measure the sample's unembedded
    one-character texts with and leaves them out of its text page: the guard names the
    page and the font in one line instead of reading the page without its ○."""
    empty = tmp_path / "empty"
    empty.mkdir()
    unpinned = read_in_process(files[:1], pin=str(empty))
    message = unpinned[SAMPLE.name]
    assert isinstance(message, str), message
    assert message.startswith(f"{SAMPLE.name} (page 1): a text in the font "), message
    assert "(not embedded) was not placed on the page" in message
    # the shipped font is what the pin points at
    assert sorted(p.name for p in FONT_FOLDER.glob("*.ttf")) == ["ipaexg.ttf"]


def test_pdfium_started_by_someone_else_is_refused() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pypdfium2, loaders.pdf.glyphs as g; g.read_pages(b'%PDF-1.4', 'x.pdf')",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "pypdfium2 was imported before loaders.pdf.glyphs started PDFium" in done.stderr


def test_glyphs_come_in_drawing_order_with_their_boxes() -> None:
    """PDFium's text page regroups characters by line, left to right; the source gives
    them in the order their text objects are drawn (which keeps apart two texts that
    overlap where one overflows its cell), each box from the PDF's metrics."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 200))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdf.setFont("HeiseiMin-W3", 10)
    pdf.drawString(300, 100, "右○")
    pdf.drawString(50, 100, "左")
    pdf.showPage()
    pdf.save()
    glyphs = read_pages(buffer.getvalue(), "order.pdf")[0].glyphs
    assert [g.text for g in glyphs] == ["右", "○", "左"]
    assert [(round(g.x0, 3), round(g.x1, 3)) for g in glyphs] == [(300, 310), (310, 320), (50, 60)]
    # a box the font size high, from the font's descent below the baseline (HeiseiMin's
    # descriptor: -241/1000; the baseline at y 100 of a 200 pt page)
    assert {(round(g.top, 3), round(g.bottom, 3)) for g in glyphs} == {(92.41, 102.41)}


def test_only_inked_straight_lines_outside_the_text_are_rules() -> None:
    """What a file that went through Ghostscript draws besides its table's rules: each glyph
    again as outlines (curves, and straight polygons for strokes like 1 or 4) and white-out
    boxes under the text. None of them is a ruling line; the table's own lines are."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 200))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdf.setFont("HeiseiMin-W3", 10)
    # a white-out box, then the text over it
    pdf.setFillColorRGB(1, 1, 1)
    pdf.rect(40, 95, 80, 12, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawString(50, 100, "114,424")
    # the digits again as outlines: a straight stroke inside a glyph's box, and a curved
    # mark (here beside the table, so that only its curve tells it from a rule)
    pdf.rect(62, 100.5, 1.2, 6, stroke=0, fill=1)
    outline = pdf.beginPath()
    outline.moveTo(300, 100)
    outline.curveTo(301, 140, 330, 140, 331, 100)
    outline.close()
    pdf.drawPath(outline, stroke=0, fill=1)
    # the table's rules: a vertical line between two cells, and a box around them
    pdf.line(130, 90, 130, 110)
    pdf.rect(20, 80, 200, 40, stroke=1, fill=0)
    pdf.showPage()
    pdf.save()
    page = read_pages(buffer.getvalue(), "outlines.pdf")[0]
    assert sorted(page.rules) == sorted(
        [
            Rule(130.0, 130.0, 90.0, 110.0),
            Rule(20.0, 20.0, 80.0, 120.0),
            Rule(220.0, 220.0, 80.0, 120.0),
            Rule(20.0, 220.0, 80.0, 80.0),
            Rule(20.0, 220.0, 120.0, 120.0),
        ]
    )
    assert "".join(g.text for g in page.glyphs) == "114,424"


def test_a_pdf_with_no_pages_is_refused_in_one_line() -> None:
    with pytest.raises(DocumentError, match=r"^empty\.pdf: not a readable PDF"):
        read_pages(b"%PDF-1.4\n%%EOF\n", "empty.pdf")


def test_a_character_beyond_the_basic_plane_is_read_whole() -> None:
    """PDFium's text page holds a character beyond the Basic Multilingual Plane as two
    UTF-16 units, two characters: the source joins them into one glyph. (reportlab writes
    the ToUnicode entry of such a character wrongly, `<1F600>`: it is set right here.)"""
    import re

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.exists():
        install_debian("fonts-dejavu-core")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(dejavu)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 200), pageCompression=0)
    pdf.setFont("DejaVuSans", 10)
    pdf.drawString(50, 100, "A\U0001f600B")
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    entry = data.index(b"<1F600>")
    length = data.rindex(b"/Length", 0, entry)
    old = re.match(rb"/Length (\d+)", data[length:])
    assert old is not None
    data = (
        data[:length] + b"/Length %d" % (int(old.group(1)) + 3) + data[length + len(old.group(0)) :]
    ).replace(b"<1F600>", b"<D83DDE00>")
    glyphs = read_pages(data, "plane.pdf")[0].glyphs
    assert [g.text for g in glyphs] == ["A", "\U0001f600", "B"]
    assert glyphs[0].x1 <= glyphs[1].x0 < glyphs[1].x1 <= glyphs[2].x0


def test_the_garbage_collector_is_paused_only_while_a_pdf_is_read() -> None:
    import gc

    from loaders.pdf.glyphs import collector_paused

    seen = []
    with collector_paused():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    with pytest.raises(DocumentError):
        read_pages(b"%PDF-1.4\nnothing", "broken.pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        read_pages(SAMPLE.read_bytes(), SAMPLE.name)
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_a_glyph_outside_its_clip_is_not_read_nested_clips_apart() -> None:
    """A text clipped away by an inner clip is not read, though its clip begins with the
    same path as the outer clip a visible text shares (clips are measured once a page,
    known by all their paths)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(400, 200))
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    pdf.setFont("HeiseiMin-W3", 10)

    def clip_to(*points: tuple[float, float]) -> None:
        path = pdf.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        pdf.clipPath(path, stroke=0, fill=0)

    pdf.saveState()
    # not a rectangle: PDFium drops a clip rectangle over the whole page
    clip_to((5, 5), (395, 5), (395, 195), (200, 198), (5, 195))
    pdf.drawString(50, 100, "外")
    pdf.saveState()
    # a triangle: PDFium would merge two rectangles into one path
    clip_to((0, 0), (45, 0), (0, 200))
    pdf.drawString(50, 120, "内")
    pdf.drawString(20, 140, "中")
    pdf.restoreState()
    pdf.drawString(60, 160, "後")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    glyphs = read_pages(buffer.getvalue(), "clips.pdf")[0].glyphs
    assert [g.text for g in glyphs] == ["外", "中", "後"]
