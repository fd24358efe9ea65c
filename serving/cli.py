"""`python -m serving publish|export|report|lake-sql`: what people open, export and look
at."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from core import config
from serving.publish import publish, publish_failure


def _publish(args: argparse.Namespace) -> int:
    """Publish the last build, only if its recorded outcome was a complete, passing build."""
    published = Path(args.warehouse)
    try:
        print(f"published {publish(config.build_path(published), published)}")
    except OSError as exc:
        raise ValueError(publish_failure(exc, published.parent)) from None
    return 0


def _export(args: argparse.Namespace) -> int:
    from serving.export import export_marts

    for path in export_marts(Path(args.warehouse), Path(args.out)):
        print(path)
    return 0


def _report(args: argparse.Namespace) -> int:
    from serving.report import write_report

    print(write_report(Path(args.warehouse), Path(args.out)))
    return 0


def _lake_sql(args: argparse.Namespace) -> int:
    """The statements that attach the team's lake (SHISAKU_LAKE) read-only as `lake`."""
    from serving.lake import attach_statements

    attach = config.lake_attach()
    if attach is None:
        raise ValueError(f"{config.LAKE_ENV} is not set: no lake to attach")
    print(attach_statements(attach, read_only=True), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m serving", description=__doc__)
    parser.add_argument(
        "--warehouse", default=str(config.warehouse_path()), help="the published DuckDB file"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("publish", help="publish the build file atomically").set_defaults(func=_publish)
    export = sub.add_parser("export", help="every mart as Parquet, CSV and one .xlsx")
    export.add_argument("--out", default="exports")
    export.set_defaults(func=_export)
    report = sub.add_parser("report", help="a self-contained HTML report")
    report.add_argument("--out", default="reports/report.html")
    report.set_defaults(func=_report)
    sub.add_parser(
        "lake-sql", help="the SQL that attaches the team's lake (SHISAKU_LAKE) read-only"
    ).set_defaults(func=_lake_sql)
    args = parser.parse_args(argv)
    try:
        config.check_warehouse_name(Path(args.warehouse))
        return int(args.func(args))
    except (OSError, ValueError, duckdb.Error) as exc:
        print(f"error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
