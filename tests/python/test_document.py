"""Decoding, identity and the raw tables of one document."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from multiprocessing import get_context

import pytest
from conftest import DOCUMENT, document_text

from core.errors import DocumentError
from loaders.decode import decode_document
from loaders.document import check_one_document_per_year, parse_document
from loaders.layout import load_layout
from loaders.segment import row_cells
from loaders.tables import documents_frames


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8-sig"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("cp932"), "cp932"),
    ],
)
def test_utf8_bom_and_cp932_decode_to_the_same_text(encode, encoding: str) -> None:
    text = document_text()
    decoded, used = decode_document(encode(text), "doc.txt")
    assert (decoded, used) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"\xe4\xb8\xad\n\x81\x7f\n", 2),
        (b"abc\n\x00def", 2),
    ],
)
def test_undecodable_bytes_name_the_line(data: bytes, line: int) -> None:
    with pytest.raises(DocumentError) as caught:
        decode_document(data, "broken.txt")
    assert str(caught.value).startswith(f"broken.txt:{line}: ")


def test_document_id_is_the_content_hash() -> None:
    data = DOCUMENT.read_bytes()
    first = parse_document(data, "a.txt")
    again = parse_document(data, "b.txt")
    changed = parse_document(data.replace(b"24,349", b"24,350"), "a.txt")
    assert first.document_id == again.document_id == first.sha256[:16]
    assert changed.document_id != first.document_id
    # the file ends with a line holding one space and no newline: 768 lines
    assert len(first.lines) == 768


def test_two_documents_for_one_year_name_both_files() -> None:
    data = DOCUMENT.read_bytes()
    docs = [parse_document(data, "first.txt"), parse_document(data, "second.txt")]
    with pytest.raises(DocumentError, match=r"^second\.txt:146: .*first\.txt"):
        check_one_document_per_year(docs)


FIRST_LINE_CELLS = [
    ("amount", "budget", 1, "24,349", 7),
    ("funding_source", None, 1, "11,020", 7),
    ("funding_source", None, 2, "13,329", 7),
    ("name", "project", 1, "「青森の価値・魅力」発信による若者の県内定着・還流促進事業", 4),
    ("flag", "new", 1, "○", 7),
    ("flag", "priority", 2, "○", 7),
    ("flag", "key_result", 3, "○", 7),
    ("period", "period", 1, "R4-R5", 7),
    ("division", "division", 1, "地域活力振興課", 8),
    ("division", "division", 2, "広報広聴課", 9),
]
# the grand total prints every column: its figures' columns are known
GRAND_TOTAL_CELLS = [
    ("budget", "65,471,129"),
    ("national", "5,051,913"),
    ("other", "57,271,108"),
    ("general", "3,148,108"),
]


def test_a_line_is_split_into_cells_by_role_with_their_lines() -> None:
    parsed = parse_document(DOCUMENT.read_bytes(), DOCUMENT.name).parsed
    layout = load_layout(parsed.layout_name)
    first = next(row for row in parsed.rows if row.row_seq == 1)
    assert [tuple(vars(cell).values()) for cell in row_cells(first, layout)] == FIRST_LINE_CELLS
    grand = next(row for row in parsed.rows if row.row_kind == "合計")
    assert [(cell.column, cell.text) for cell in row_cells(grand, layout)] == GRAND_TOTAL_CELLS


Landed = tuple[list[tuple], list[tuple], list[tuple], list[tuple], list[tuple]]


def landed_rows(doc: object) -> Landed:
    """The first line's cells, the grand total's columns and texts, the full-width cells'
    NFKC forms, and the layout's grammar (one row, its marks, its eras) as landed in the
    raw tables. Polars runs only here, in a spawned process (`landed`)."""
    frames = documents_frames([doc], datetime(2022, 4, 1))
    cells = frames["table_cells"]
    first = cells.filter(row_seq=1).select(
        "cell_role", "column_name", "role_position", "cell_text", "line_no"
    )
    grand = cells.join(frames["table_rows"].filter(row_kind="合計"), on=["document_id", "row_seq"])
    wide = cells.filter(cell_text="ＵＩＪターン人材誘致促進事業").select("cell_text_nfkc")
    grammar = frames["layout_cell_grammar"].drop("document_id")
    marks = frames["layout_cell_marks"].select("cell_role", "mark", "mark_meaning")
    eras = frames["layout_era_years"].select("era_letter", "era_name", "era_offset")
    return (
        first.rows(),
        grand.select("column_name", "cell_text").rows(),
        wide.rows() + grammar.rows(),
        marks.rows(),
        eras.rows(),
    )


def landed(doc: object) -> Landed:
    """`landed_rows` in a spawned process: polars' thread pool is then never started in
    this one, which `make mutate` forks a run per mutant from (a forked child finds the
    pool without its threads and waits on it forever)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(landed_rows, doc).result()


def test_cells_are_landed_as_printed_with_the_layouts_grammar() -> None:
    first, grand, texts, marks, eras = landed(parse_document(DOCUMENT.read_bytes(), DOCUMENT.name))
    assert first == FIRST_LINE_CELLS
    assert grand == GRAND_TOTAL_CELLS
    layout = load_layout()
    assert texts == [
        ("UIJターン人材誘致促進事業",),
        (
            "aomori_chusho_shisaku",
            layout.amount_grammar,
            "",
            "era",
            layout.period.pattern,
            "-－‐−~～",
        ),
    ]
    assert marks == [
        ("flag", "○", "set"),
        ("flag", "〇", "set"),
        ("foundation", "○", "full"),
        ("foundation", "〇", "full"),
        ("foundation", "△", "partial"),
    ]
    assert eras[-1] == ("R", "令和", 2018) and len(eras) == 5


def _with_line_before(text: str, anchor: str, line: str) -> tuple[str, int]:
    """The text with `line` inserted before the line starting with `anchor`; its number."""
    lines = text.split("\n")
    index = next(i for i, existing in enumerate(lines) if existing.startswith(anchor))
    return "\n".join([*lines[:index], line, *lines[index:]]), index + 1


@pytest.mark.parametrize(
    ("stray", "message"),
    [
        ("あ" * 350_000, "a name line of 350,000 characters, longer than a name cell prints"),
        ("x" * 201, "a name line of 201 characters"),
    ],
)
def test_a_stray_long_line_is_an_error_naming_it(stray: str, message: str) -> None:
    text, line_no = _with_line_before(document_text(), "就職ガイダンス開催事業", stray)
    with pytest.raises(DocumentError) as caught:
        parse_document(text.encode(), "doc.txt")
    assert str(caught.value).startswith(f"doc.txt:{line_no}: {message}")
    assert "name_line_max_chars: 200" in str(caught.value)
    # the line's first 40 characters, quoted
    assert str(caught.value).endswith(f"a stray line? It starts {stray[:40]!r}")


def test_a_name_line_at_the_limit_is_a_name() -> None:
    name = "長" * 196 + "事業"
    text = document_text().replace("\n就職ガイダンス開催事業 ", f"\n{name}就職 ", 1)
    parsed = parse_document(text.encode(), "doc.txt").parsed
    assert any(row.name_text == f"{name}就職" for row in parsed.rows)


@pytest.mark.parametrize(
    ("control", "code"),
    [("\x1b[31m", "U+001B"), ("\u202e", "U+202E"), ("\x07", "U+0007"), ("\x85", "U+0085")],
)
def test_control_characters_in_a_name_are_refused_naming_the_line(control: str, code: str) -> None:
    text = document_text().replace("\n就職ガイダンス開催事業 ", f"\n就職{control}ガイダンス ", 1)
    lines = text.split("\n")
    line_no = next(i for i, line in enumerate(lines, start=1) if "ガイダンス " in line)
    with pytest.raises(DocumentError) as caught:
        parse_document(text.encode(), "doc.txt")
    message = str(caught.value)
    assert message == f"doc.txt:{line_no}: a control character ({code}) in the text: remove it"
    assert message.isprintable()
