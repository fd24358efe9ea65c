"""Layouts are data: no code names what a layout prints.

The words a table prints in its header and total lines (funding sources, flags, total
labels) live in `layouts/*.yml` only. This greps the code that reads documents and serves
the warehouse — its statements and strings, not its comments or docstrings, which may
quote a document — for them.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest
from conftest import REPO

PRINTED_WORDS = ("国庫", "その他", "一般財源", "新規", "重点", "主要成果", "小計", "合計")
# what a budget book prints in its header, headings, total lines and beside its table
# (layouts/saishutsu_*.yml); 計 and 千円 are left out: the report prints them as its own
# labels (a column total, the unit), not to read a document
BOOK_WORDS = (
    "本年度予算額",
    "前年度予算額",
    "比較",
    "国県支出金",
    "地方債",
    "特定財源",
    "財源内訳",
    "歳出合計",
    "款",
    "項",
    "目",
    "節",
    "説明",
    "予算",
)
PYTHON_DIRS = ("loaders", "attribution", "serving", "core", "plugin")
SQL_GLOBS = ("models/**/*.sql", "macros/**/*.sql", "tests/dbt/**/*.sql")


def python_code(source: str) -> str:
    """The source without comments and docstrings."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                docstrings.add((value.lineno, value.col_offset))
    kept = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            continue
        if token.type == tokenize.STRING and token.start in docstrings:
            continue
        kept.append(token.string)
    return " ".join(kept)


def sql_code(source: str) -> str:
    """The SQL without Jinja comments and -- comments."""
    source = re.sub(r"\{#.*?#\}", " ", source, flags=re.DOTALL)
    return re.sub(r"--[^\n]*", " ", source)


def code_files() -> list[tuple[Path, str]]:
    files = [
        (path, python_code(path.read_text(encoding="utf-8")))
        for folder in PYTHON_DIRS
        for path in sorted((REPO / folder).rglob("*.py"))
    ]
    files += [
        (path, sql_code(path.read_text(encoding="utf-8")))
        for pattern in SQL_GLOBS
        for path in sorted(REPO.glob(pattern))
    ]
    return files


def test_the_greps_reach_the_code() -> None:
    names = {path.relative_to(REPO).parts[0] for path, _ in code_files()}
    assert {"loaders", "attribution", "serving", "models", "macros"} <= names


@pytest.mark.parametrize("word", PRINTED_WORDS + BOOK_WORDS)
def test_no_code_names_a_printed_word(word: str) -> None:
    found = [str(path.relative_to(REPO)) for path, code in code_files() if word in code]
    assert found == [], f"{word!r} is named in code (declare it in layouts/*.yml): {found}"


def test_the_shipped_layout_prints_these_words() -> None:
    text = (REPO / "layouts" / "aomori_chusho_shisaku.yml").read_text(encoding="utf-8")
    assert all(word in text for word in PRINTED_WORDS)


def test_the_budget_book_layouts_print_these_words() -> None:
    text = "".join(
        (REPO / "layouts" / f"{name}.yml").read_text(encoding="utf-8")
        for name in ("saishutsu_soukatsu", "saishutsu_meisai")
    )
    assert all(word in text for word in BOOK_WORDS)
