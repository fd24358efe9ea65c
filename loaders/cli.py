"""`python -m loaders load|show|check-layout|draft-layout|summary`: land documents, draw what
a PDF page was read as, check or draft a layout file, or say what a warehouse holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from core import config
from core.errors import DocumentError
from loaders.land import load_folder


def _load(args: argparse.Namespace) -> int:
    with duckdb.connect(str(args.warehouse)) as con:
        report = load_folder(con, Path(args.docs))
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{args.docs} -> {args.warehouse}: {report.summary()}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from loaders.pdf.show import show

    pdf = Path(args.pdf)
    out = Path(args.out) if args.out else Path(f"{pdf.stem}_page{args.page}.png")
    for line in show(pdf, args.page, out):
        print(line)
    print(f"wrote {out}")
    return 0


def _check_layout(args: argparse.Namespace) -> int:
    """A layout by name (layouts/NAME.yml) or a YAML file anywhere: one line saying what it
    declares, or one line saying what is wrong."""
    from collections import Counter

    from loaders.layout import LayoutError, load_layout, parse_layout

    path = Path(args.layout)
    if path.suffix in (".yml", ".yaml"):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise LayoutError(f"{path}: {exc.strerror}") from None
        layout = parse_layout(text, str(path))
    else:
        layout = load_layout(args.layout)
    roles = Counter(str(c.role) for c in layout.columns)
    columns = ", ".join(f"{n} {role}" if n > 1 else role for role, n in roles.items())
    issuer = layout.issuer or "issuer read from the print"
    periods = f", {layout.period_kind} periods" if layout.role_columns("period") else ""
    print(
        f"{args.layout}: layout {layout.name} ({issuer}): {len(layout.columns)} columns "
        f"({columns}), {len(layout.totals)} total lines{periods}"
    )
    return 0


def _draft_layout(args: argparse.Namespace) -> int:
    from loaders.pdf.draft import draft_layout

    print(draft_layout(Path(args.pdf), args.page), end="")
    return 0


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _summary(args: argparse.Namespace) -> int:
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        documents = _count(con, "select count(*) from marts.dim_document")
        lines = _count(con, "select count(*) from marts.fct_budget_line")
        reposts = _count(con, "select count(*) from marts.fct_budget_line where is_repost")
        pillars = _count(con, "select count(*) from marts.dim_pillar")
    print(
        f"built {args.warehouse}: {documents} document(s), {lines} line items "
        f"({lines - reposts} + {reposts} reposts), {pillars} pillars"
    )
    results_path = Path(args.run_results)
    if results_path.exists():
        results = json.loads(results_path.read_text(encoding="utf-8"))["results"]
        tests = [r for r in results if r["unique_id"].split(".")[0] in ("test", "unit_test")]
        passed = sum(1 for r in tests if r["status"] == "pass")
        print(f"dbt build: {len(results)} nodes, tests passed {passed}/{len(tests)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="land every document of a folder into the warehouse")
    load.add_argument("--docs", default=str(config.docs_dir()), help="documents folder")
    load.add_argument(
        "--warehouse",
        default=str(config.build_path(config.warehouse_path())),
        help="DuckDB file to load (default: the build file dbt uses, not the published one)",
    )
    load.set_defaults(func=_load)
    show = sub.add_parser("show", help="draw what the PDF reader read on one page (a PNG)")
    show.add_argument("pdf", help="a PDF document")
    show.add_argument("--page", type=int, default=1)
    show.add_argument("--out", help="the PNG to write (default: FILE_pageN.png here)")
    show.set_defaults(func=_show)
    check = sub.add_parser("check-layout", help="check a layout file: one line, what it declares")
    check.add_argument("layout", help="a layout's name (layouts/NAME.yml) or a YAML file")
    check.set_defaults(func=_check_layout)
    draft = sub.add_parser(
        "draft-layout", help="print a first layout YAML drawn from a PDF page's table"
    )
    draft.add_argument("pdf", help="a PDF document")
    draft.add_argument("--page", type=int, help="the page (default: the first with a figure)")
    draft.set_defaults(func=_draft_layout)
    summary = sub.add_parser("summary", help="what a built warehouse holds")
    summary.add_argument("--warehouse", default=str(config.warehouse_path()))
    summary.add_argument("--run-results", default="target/run_results.json")
    summary.set_defaults(func=_summary)
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "warehouse"):
            config.check_warehouse_name(Path(args.warehouse))
        return int(args.func(args))
    except (DocumentError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or args.warehouse}: {exc.strerror}", file=sys.stderr)
        return 1
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(
            f"error: {args.warehouse if hasattr(args, 'warehouse') else ''}: {first}",
            file=sys.stderr,
        )
        return 1
