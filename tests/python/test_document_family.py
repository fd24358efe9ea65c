"""The whole document family: other years, wrappings, encodings, furniture, broken files.

Every input is built from the shipped document (tests/python/variants.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
import variants
from conftest import DOCUMENT, build_documents, document_text, run_dbt, run_loader_cli

from core.config import build_path
from loaders.document import parse_document
from loaders.segment import SegmentedDocument


def logical(doc: SegmentedDocument) -> tuple:
    """What the marts are made of, without line numbers."""
    return (
        doc.fiscal_year,
        [
            (
                r.row_kind,
                r.pillar_no,
                r.group_label,
                r.name_text,
                r.cell_text,
                " ".join(r.division_lines).split(),
            )
            for r in doc.rows
        ],
        [(h.pillar_mark, h.pillar_title) for h in doc.headings],
        [(d.pillar_mark, d.direction_seq, d.direction_text) for d in doc.directions],
    )


BASELINE = logical(parse_document(DOCUMENT.read_bytes(), "r04.txt").parsed)

TEXT_VARIANTS: dict[str, Callable[[str], str]] = {
    "names unwrapped onto their cells": variants.unwrapped,
    "names wrapped at 20 characters, one-line rows split": lambda t: variants.rewrapped(t, 20),
    "names wrapped at 25 characters": lambda t: variants.rewrapped(t, 25),
    "no blank lines at all": variants.without_blank_lines,
    "unwrapped and no blank lines": lambda t: variants.without_blank_lines(variants.unwrapped(t)),
    "page numbers, footnote, stray blank lines": variants.with_page_furniture,
}

BYTE_VARIANTS: dict[str, Callable[[str], bytes]] = {
    "CRLF line ends": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "UTF-8 with a BOM": lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    "Shift_JIS / CP932": lambda t: t.encode("cp932"),
    "CP932 with CRLF": lambda t: t.replace("\n", "\r\n").encode("cp932"),
}


@pytest.mark.parametrize("variant", TEXT_VARIANTS, ids=list(TEXT_VARIANTS))
def test_other_layouts_read_the_same(variant: str) -> None:
    text = TEXT_VARIANTS[variant](document_text())
    assert text != document_text()
    assert logical(parse_document(text.encode("utf-8"), "v.txt").parsed) == BASELINE


@pytest.mark.parametrize("variant", BYTE_VARIANTS, ids=list(BYTE_VARIANTS))
def test_other_encodings_read_the_same(variant: str) -> None:
    data = BYTE_VARIANTS[variant](document_text())
    assert logical(parse_document(data, "v.txt").parsed) == BASELINE


def test_page_furniture_is_classified_not_glued() -> None:
    text = variants.with_page_furniture(document_text())
    doc = parse_document(text.encode("utf-8"), "v.txt")
    kinds = [f.furniture_kind for f in doc.parsed.furniture]
    assert kinds.count("page_number") == 4
    assert kinds.count("footnote") == 1
    claimed = sorted(
        [n for r in doc.parsed.rows for n in r.line_numbers]
        + [h.line_no for h in doc.parsed.headings]
        + [n for d in doc.parsed.directions for n in d.line_numbers]
        + [n for f in doc.parsed.furniture for n in f.line_numbers]
    )
    assert claimed == [n for n, line in enumerate(doc.lines, start=1) if line.strip()]


# -- dbt builds ----------------------------------------------------------------------

MART_QUERIES = {
    "fct_budget_line": "select * exclude (document_id, source_line_first, source_line_last) "
    "from marts.fct_budget_line order by line_seq",
    "dim_pillar": "select * exclude (document_id, subtotal_source_line) "
    "from marts.dim_pillar order by pillar_no",
    "fct_stated_total_check": "select * exclude (document_id, source_line_first) "
    "from marts.fct_stated_total_check order by row_kind, pillar_no, column_name",
}


def build(tmp: Path, documents: dict[str, bytes]) -> tuple[int, str, Path]:
    result, _, warehouse = build_documents(tmp, documents)
    return result.returncode, result.stdout, warehouse


def marts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in MART_QUERIES.items()}


@pytest.fixture(scope="module")
def baseline_marts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    code, out, warehouse = build(
        tmp_path_factory.mktemp("base"), {DOCUMENT.name: DOCUMENT.read_bytes()}
    )
    assert code == 0, out[-3000:]
    return marts(warehouse)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: (
            variants.with_page_furniture(variants.rewrapped(t, 20))
            .replace("\n", "\r\n")
            .encode("cp932")
        ),
        lambda t: (
            b"\xef\xbb\xbf" + variants.without_blank_lines(variants.unwrapped(t)).encode("utf-8")
        ),
    ],
    ids=["cp932-crlf-rewrapped-furniture", "bom-unwrapped-no-blanks"],
)
def test_messy_variants_build_the_same_marts(
    tmp_path: Path, baseline_marts: dict[str, list[tuple]], make: Callable[[str], bytes]
) -> None:
    code, out, warehouse = build(tmp_path, {"messy.txt": make(document_text())})
    assert code == 0, out[-3000:]
    assert marts(warehouse) == baseline_marts


def test_several_years_side_by_side(tmp_path: Path) -> None:
    text = document_text()
    # FY2023: one project grows by 100 (budget, its one source, 小計 and 合計 alike).
    fy2023 = (
        variants.with_fiscal_year(text, 5)
        .replace("就職ガイダンス開催事業 928 928", "就職ガイダンス開催事業 1,028 1,028")
        .replace("小計 1,060,650 627,175 18,279 415,196", "小計 1,060,750 627,175 18,279 415,296")
        .replace(
            "合計 65,471,129 5,051,913 57,271,108 3,148,108",
            "合計 65,471,229 5,051,913 57,271,108 3,148,208",
        )
    )
    code, out, warehouse = build(
        tmp_path, {"r04.txt": text.encode("utf-8"), "r05.txt": fy2023.encode("utf-8")}
    )
    assert code == 0, out[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute(
            "select fiscal_year, line_item_count from marts.dim_document order by 1"
        ).fetchall() == [(2022, 136), (2023, 136)]
        assert con.execute(
            "select count(distinct document_id), count(*) from marts.fct_budget_line"
        ).fetchall() == [(2, 272)]
        # 新規 is relative to each document's year: one ○ on a project starting in R4 is
        # read as 新規 in the R4 document; in R5 it cannot be new (is_new proven false).
        assert con.execute(
            "select fiscal_year, is_new, flags_status from marts.fct_budget_line "
            "where project_key = 'あおもり食品産業強化サポート事業' and not is_repost order by 1"
        ).fetchall() == [(2022, True, "inferred"), (2023, False, "inferred")]
        assert con.execute(
            "select fiscal_year, budget_thousand_yen, previous_budget_thousand_yen, "
            "change_thousand_yen, first_fiscal_year_seen, last_fiscal_year_seen "
            "from marts.fct_project_year_over_year "
            "where project_key = '就職ガイダンス開催事業' order by 1"
        ).fetchall() == [(2022, 928, None, None, 2022, 2023), (2023, 1028, 928, 100, 2022, 2023)]


def test_a_typo_fails_the_build_naming_pillar_column_and_figures(tmp_path: Path) -> None:
    text = document_text().replace("24,349 11,020 13,329", "24,359 11,020 13,329")
    code, out, warehouse = build(tmp_path, {"typo.txt": text.encode("utf-8")})
    assert code != 0
    assert (
        "file_name=typo.txt, row_kind=小計, pillar_no=1, column_name=budget, "
        "stated_thousand_yen=1060650, computed_thousand_yen=1060660"
    ) in out
    assert not warehouse.exists()  # a failed build publishes nothing
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as con:  # loaded, kept
        assert con.execute("select count(*) from raw.document_lines").fetchall() == [(768,)]


def test_a_truncated_document_loads_and_the_build_says_the_total_is_missing(
    tmp_path: Path,
) -> None:
    lines = document_text().split("\n")
    cut = next(i for i, line in enumerate(lines) if line.startswith("合計"))
    code, out, warehouse = build(tmp_path, {"cut.txt": "\n".join(lines[:cut]).encode("utf-8")})
    assert code != 0
    assert (
        "the grand total (the line summing the document) is missing: the document may be truncated"
        in out
    )
    assert "Traceback" not in out
    with duckdb.connect(str(build_path(warehouse)), read_only=True) as con:
        assert con.execute("select count(*) from raw.document_lines").fetchall() == [(cut,)]


def test_a_file_that_is_not_a_table_keeps_the_warehouse(tmp_path: Path) -> None:
    code, _, warehouse = build(tmp_path, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert code == 0
    (tmp_path / "docs" / "minutes.txt").write_text("議事録\n\n本日の会議は以上です。\n")
    result = run_loader_cli(
        ["load", "--docs", str(tmp_path / "docs"), "--warehouse", str(build_path(warehouse))]
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: minutes.txt: none of its 3 lines is a title")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_budget_line").fetchall() == [(136,)]


def test_a_removed_document_leaves_and_a_same_year_pair_is_refused(tmp_path: Path) -> None:
    text = document_text()
    fy2023 = variants.with_fiscal_year(text, 5).encode("utf-8")
    code, out, warehouse = build(tmp_path, {"r04.txt": text.encode("utf-8"), "r05.txt": fy2023})
    assert code == 0, out[-3000:]
    docs = tmp_path / "docs"
    (docs / "r05.txt").unlink()
    result = run_dbt(["build"], docs, warehouse, tmp_path)
    assert result.returncode == 0 and "1 removed" in result.stdout
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select fiscal_year from marts.dim_document").fetchall() == [(2022,)]
    shutil.copy(docs / "r04.txt", docs / "r04_copy.txt")
    result = run_dbt(["build"], docs, warehouse, tmp_path)
    assert result.returncode != 0
    assert (
        "r04_copy.txt:146: fiscal year 2022 of 青森県 is also the year of r04.txt" in result.stdout
    )
