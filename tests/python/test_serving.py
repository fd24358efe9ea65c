"""Serving analysts: the published file, BI connections across a rebuild, documented
columns, dbt docs, exports, the HTML report in Chromium, and the README's queries."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest
import sqlalchemy
import variants
from conftest import BIN, DOCUMENT, REPO, build_documents, document_text, run_dbt
from pdf_generator import soffice_path

from serving.export import MARTS, export_marts
from serving.report import write_report

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    work = tmp_path_factory.mktemp("serve")
    result, docs, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"published {warehouse}" in result.stdout
    return docs, warehouse, work


def count_lines(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from marts.fct_budget_line").fetchone()[0]


def test_the_duckdb_cli_and_the_pinned_python_package_read_it(
    published: tuple[Path, Path, Path],
) -> None:
    _, warehouse, _ = published
    cli = subprocess.run(
        [
            str(BIN / "duckdb"),
            "-readonly",
            "-csv",
            "-noheader",
            str(warehouse),
            "-c",
            "select count(*) from marts.fct_budget_line",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.strip() == "136"
    assert count_lines(warehouse) == 136


def test_a_bi_connection_survives_a_rebuild(published: tuple[Path, Path, Path]) -> None:
    docs, warehouse, work = published
    engine = sqlalchemy.create_engine(f"duckdb:///{warehouse}", connect_args={"read_only": True})
    query = sqlalchemy.text("select count(*), sum(budget_thousand_yen) from marts.fct_budget_line")
    with engine.connect() as held:
        before = held.execute(query).fetchone()
        (docs / "r05.txt").write_text(variants.with_fiscal_year(document_text(), 5))
        try:
            result = run_dbt(["build"], docs, warehouse, work)
            assert result.returncode == 0, result.stdout[-3000:]
            # the held connection keeps reading the old, consistent file
            assert held.execute(query).fetchone() == before
        finally:
            (docs / "r05.txt").unlink()
    engine.dispose()
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "import duckdb,sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(c.execute('select count(*) from marts.fct_budget_line').fetchone()[0])",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert before[0] == 136 and fresh.stdout.strip() == "272"
    assert run_dbt(["build"], docs, warehouse, work).returncode == 0
    assert count_lines(warehouse) == 136


def test_every_mart_column_carries_its_description_as_a_comment(
    published: tuple[Path, Path, Path],
) -> None:
    _, warehouse, _ = published
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name, comment from duckdb_columns() "
            "where schema_name = 'marts'"
        ).fetchall()
        tables = con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = 'marts'"
        ).fetchall()
    assert {t for t, _ in tables} == set(MARTS)
    assert all(comment for _, comment in tables)
    missing = [(t, c) for t, c, comment in columns if not comment or not CJK.search(comment)]
    assert missing == []


def test_static_docs_are_one_file(published: tuple[Path, Path, Path], tmp_path: Path) -> None:
    docs, warehouse, _ = published
    result = run_dbt(["docs", "generate", "--static"], docs, warehouse, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    page = (tmp_path / "target" / "static_index.html").read_text(encoding="utf-8")
    assert all(mart in page for mart in MARTS)
    # the column descriptions are inlined (JSON, non-ASCII escaped)
    assert "事業名".encode("unicode_escape").decode() in page


def test_exports_read_back_with_the_marts_figures(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    out = tmp_path / "exports"
    outside = tmp_path / "outside.csv"
    outside.write_text("keep me")
    out.mkdir()
    (out / "fct_budget_line.csv").symlink_to(outside)  # must not be followed
    written = export_marts(warehouse, out)
    assert outside.read_text() == "keep me"
    assert all(path.parent == out.resolve() for path in written)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        counts = {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for m in MARTS}
    workbook = openpyxl.load_workbook(out / "marts.xlsx", read_only=True)
    assert workbook.sheetnames == list(MARTS)
    for mart in MARTS:
        parquet = pl.read_parquet(out / f"{mart}.parquet")
        assert parquet.height == counts[mart]
        raw = (out / f"{mart}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        english = pl.read_csv(out / f"{mart}.csv", encoding="utf8-lossy")
        japanese = pl.read_csv(out / f"{mart}_ja.csv", encoding="utf8-lossy")
        assert english.height == japanese.height == counts[mart]
        # a list column is exported as its 「、」-joined `<name>_text` companion
        assert english.columns == [c for c in parquet.columns if f"{c}_text" not in parquet.columns]
        sheet = workbook[mart]
        assert sheet.max_row == counts[mart] + 1
    lines = pl.read_parquet(out / "fct_budget_line.parquet").filter(~pl.col("is_repost"))
    assert lines["budget_thousand_yen"].sum() == 65_471_129
    japanese = pl.read_csv(out / "fct_budget_line_ja.csv", encoding="utf8-lossy")
    assert "事業名" in japanese.columns and "事業費（千円）" in japanese.columns
    every_line = pl.read_parquet(out / "fct_budget_line.parquet")
    assert japanese["事業費（千円）"].sum() == every_line["budget_thousand_yen"].sum()


class Bars(HTMLParser):
    """The bars the page's script drew, by chart."""

    def __init__(self) -> None:
        super().__init__()
        self.chart: str | None = None
        self.values: dict[str, list[float]] = {}
        self.drawn: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "body":
            self.drawn = a.get("data-charts-drawn")
        if tag == "svg":
            self.chart = a.get("id")
        if tag == "rect" and self.chart and a.get("data-value") is not None:
            self.values.setdefault(self.chart, []).append(float(a["data-value"] or 0))


def chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    steps = [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"Debian's chromium could not be installed: {done.stderr[-300:]}")
    return shutil.which("chromium") or pytest.skip("chromium installed but not on PATH")


def draw_in_chromium(page: Path, profile: Path) -> Bars:
    dom = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    bars = Bars()
    bars.feed(dom.stdout)
    return bars


def test_the_report_draws_in_headless_chromium(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    page = write_report(warehouse, tmp_path / "report.html")
    assert "http://" not in page.read_text().replace("http://www.w3.org/2000/svg", "")
    bars = draw_in_chromium(page, tmp_path / "profile")
    assert bars.drawn and int(bars.drawn) > 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        total = con.execute(
            "select sum(amount_thousand_yen) from marts.fct_pillar_funding"
        ).fetchone()[0]
        top20 = [
            r[0]
            for r in con.execute(
                "select budget_thousand_yen from marts.fct_budget_line where not is_repost "
                "order by budget_thousand_yen desc, line_seq limit 20"
            ).fetchall()
        ]
        by_new = con.execute(
            "select sum(budget_thousand_yen) from marts.fct_budget_line where not is_repost"
        ).fetchone()[0]
    assert len(bars.values["chart-pillars"]) == 24
    assert sum(bars.values["chart-pillars"]) == total == 65_471_129
    assert bars.values["chart-largest"] == top20
    assert sum(bars.values["chart-new"]) == by_new
    assert all(
        round(sum(bars.values["chart-pillar-shares"][i : i + 3])) == 100 for i in range(0, 24, 3)
    )


def test_the_documented_queries_run_as_written(published: tuple[Path, Path, Path]) -> None:
    """Every SQL block of the README, of docs/ and of the marts' descriptions runs."""
    import yaml

    _, warehouse, _ = published
    texts = [(REPO / "README.md").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((REPO / "docs").glob("*.md"))]
    marts = yaml.safe_load((REPO / "models" / "marts" / "_marts__models.yml").read_text("utf-8"))
    texts += [model["description"] for model in marts["models"]]
    queries = [q for text in texts for q in re.findall(r"```sql\n(.*?)```", text, flags=re.DOTALL)]
    assert len(queries) >= 3 + len(marts["models"])
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for block in queries:
            for statement in filter(str.strip, block.split(";")):
                con.execute(statement).fetchall()  # raises if it does not run
                assert con.description, statement


def test_exports_replace_hard_links_and_refuse_a_symlinked_folder(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    out = tmp_path / "exports"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    os.link(victim, out / "dim_pillar.csv")  # written through, it would overwrite the victim
    export_marts(warehouse, out)
    assert victim.read_text() == "keep me"
    assert (out / "dim_pillar.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not list(out.glob(".*.tmp")), "no temporary file is left behind"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = tmp_path / "linked_exports"
    linked.symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="is a symbolic link"):
        export_marts(warehouse, linked)
    assert not list(elsewhere.iterdir())


def test_excel_sheets_read_as_people_expect(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    export_marts(warehouse, tmp_path / "exports")
    workbook = openpyxl.load_workbook(tmp_path / "exports" / "marts.xlsx")
    for sheet in workbook.worksheets:
        headers = [cell.value for cell in sheet[1]]
        formats = {h: sheet.cell(2, i + 1).number_format for i, h in enumerate(headers)}
        assert sheet.freeze_panes == "A2", sheet.title  # the header row stays in view
        assert headers[-1].endswith("document_id") or headers[-1] == "sha256", sheet.title
        if all(cell.value is None for cell in sheet[2]):
            continue  # an empty mart (no PDF and text pair loaded here): no cell formats
        assert formats["fiscal_year"] == "0", sheet.title  # 2022, not 2,022
        assert all(formats[h] == "#,##0" for h in headers if h.endswith("_thousand_yen"))
        assert "document_id" not in headers[:3]
    lines = workbook["fct_budget_line"]
    assert [cell.value for cell in lines[1]][:3] == [
        "pillar_label",
        "project_name",
        "budget_thousand_yen",
    ]
    assert lines.cell(2, 1).value.startswith("① ")
    headers = [cell.value for cell in lines[1]]
    assert "divisions_text" in headers and "divisions" not in headers


def test_a_hostile_project_name_cannot_break_the_report(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    copy = tmp_path / "hostile.duckdb"
    shutil.copy(warehouse, copy)
    hostile = "<!--<script>融資制度貸付金</script>&\u2028\u2029"
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update marts.fct_budget_line set project_name = ? "
            "where project_key = (select project_key from marts.fct_budget_line "
            "order by budget_thousand_yen desc limit 1)",
            [hostile],
        )
    plain = draw_in_chromium(write_report(warehouse, tmp_path / "plain.html"), tmp_path / "p1")
    attacked = draw_in_chromium(write_report(copy, tmp_path / "hostile.html"), tmp_path / "p2")
    assert plain.drawn and int(plain.drawn) > 0
    assert attacked.drawn == plain.drawn
    assert attacked.values == plain.values
    assert "<!--<script>" not in (tmp_path / "hostile.html").read_text().split("<script id")[1]


def test_japanese_headers_come_from_the_warehouse_comments(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    copy = tmp_path / "labelled.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        comment = con.execute(
            "select comment from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'fct_budget_line' and column_name = 'project_name'"
        ).fetchone()[0]
        assert comment.endswith("[ja: 事業名]")
        con.execute(
            "comment on column marts.fct_budget_line.project_name is 'renamed [ja: 事業の名称]'"
        )
    export_marts(copy, tmp_path / "exports")
    headers = pl.read_csv(tmp_path / "exports" / "fct_budget_line_ja.csv").columns
    assert "事業の名称" in headers and "事業名" not in headers


# Names a spreadsheet would evaluate, printed as project names of the FY2022 text.
FORMULA_NAMES = {
    "就職ガイダンス開催事業": '=HYPERLINK("http://x.example/","y")',
    "若年者の県内定着促進事業": "+cmd|' /C calc'!A0",
    "あおもり移住支援事業": "@SUM(1+1)",
    "ＵＩＪターン人材誘致促進事業": "-2+3",
}


def csv_as_libreoffice_reads_it(csv: Path, folder: Path) -> openpyxl.Workbook:
    """Open a CSV in LibreOffice (comma-separated, UTF-8) and save it as .xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            soffice_path(),
            "--headless",
            "--norestore",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(csv),
        ],
        check=True,
        capture_output=True,
        timeout=600,
        env={"HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    return openpyxl.load_workbook(folder / f"{csv.stem}.xlsx")


def test_names_that_look_like_formulas_stay_text_in_every_export(tmp_path: Path) -> None:
    text = document_text()
    for name, hostile in FORMULA_NAMES.items():
        assert f"\n{name} " in text, name
        text = text.replace(f"\n{name} ", f"\n{hostile} ")
    result, _, warehouse = build_documents(tmp_path, {"r04_hostile.txt": text.encode()})
    assert result.returncode == 0, result.stdout[-3000:]
    out = tmp_path / "exports"
    export_marts(warehouse, out)
    hostile_names = set(FORMULA_NAMES.values())
    # the workbook: every cell of every sheet is a value, the names are strings as printed
    workbook = openpyxl.load_workbook(out / "marts.xlsx")
    seen = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert cell.hyperlink is None, (sheet.title, cell.coordinate)
                if cell.value in hostile_names:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen == hostile_names
    # the CSVs, as LibreOffice opens them: text marked as text, numbers still numbers
    for csv in (out / "fct_budget_line.csv", out / "fct_budget_line_ja.csv"):
        sheet = csv_as_libreoffice_reads_it(csv, tmp_path / csv.stem).active
        headers = [cell.value for cell in sheet[1]]
        names = [row[1].value for row in sheet.iter_rows(min_row=2)]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert {f"'{name}" for name in hostile_names} <= set(names), csv.name
        budgets = [row[2].value for row in sheet.iter_rows(min_row=2)]
        assert all(isinstance(value, int) for value in budgets), (headers[2], budgets[:3])
    # the Parquet files keep the printed name unchanged: they are data, not a sheet
    parquet = pl.read_parquet(out / "fct_budget_line.parquet")
    assert hostile_names <= set(parquet["project_name"].to_list())


def test_the_report_replaces_links_and_refuses_a_symlinked_folder(
    published: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, warehouse, _ = published
    reports = tmp_path / "reports"
    reports.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    other = tmp_path / "other.txt"
    other.write_text("keep me too")
    os.link(victim, reports / "report.html")
    write_report(warehouse, reports / "report.html")
    assert victim.read_text() == "keep me"
    assert (reports / "report.html").read_text().startswith("<!doctype html>")
    (reports / "report.html").unlink()
    (reports / "report.html").symlink_to(other)
    write_report(warehouse, reports / "report.html")
    assert other.read_text() == "keep me too"
    assert not (reports / "report.html").is_symlink()
    assert not list(reports.glob(".*.tmp")), "no temporary file is left behind"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "serving",
            "--warehouse",
            str(warehouse),
            "report",
            "--out",
            str(tmp_path / "linked" / "report.html"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith("is a symbolic link; refusing to write through it")
    assert done.stderr.count("\n") == 1
    assert not list(elsewhere.iterdir())
