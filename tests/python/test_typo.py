"""A printed typo costs only its own pillar, fails the build naming it, and an erratum
with its provenance (seeds/errata.csv) lets the build pass with the printed value kept."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
import variants
from conftest import DOCUMENT, build_documents, copy_project, document_text, run_dbt

from core.config import build_path

ATTRIBUTION = (
    "select c.project_key, c.pillar_no, c.is_repost, "
    "list(a.amount_thousand_yen order by a.funding_source_seq), any_value(a.funding_status) "
    "from intermediate.int_budget_lines_attributed as a "
    "join intermediate.int_budget_lines_corrected as c using (document_id, line_seq) "
    "group by c.line_seq, c.project_key, c.pillar_no, c.is_repost order by c.line_seq"
)


def attribution(warehouse_file: Path) -> list[tuple]:
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        return con.execute(ATTRIBUTION).fetchall()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> list[tuple]:
    work = tmp_path_factory.mktemp("baseline")
    result, _, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-3000:]
    return attribution(build_path(warehouse))


def linked_pillars(rows: list[tuple], pillar: int) -> set[int]:
    """The pillars reachable from `pillar` through reposts and their originals."""
    original_pillar = {row[0]: row[1] for row in rows if not row[2]}
    links = [(row[1], original_pillar[row[0]]) for row in rows if row[2]]
    reached, grew = {pillar}, True
    while grew:
        grew = False
        for a, b in links:
            if (a in reached) != (b in reached):
                reached |= {a, b}
                grew = True
    return reached


def write_errata(project: Path, source_line: int, errata: list[dict[str, object]]) -> None:
    with (project / "seeds" / "errata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "issuer",
                "fiscal_year",
                "project_key",
                "budget_group",
                "source_line",
                "cell",
                "printed_value",
                "corrected_value",
                "printed_text",
                "corrected_text",
                "source_note",
            ]
        )
        for erratum in errata:
            name = erratum["cell"] == "name"
            writer.writerow(
                [
                    "",
                    2022,
                    "",
                    "",
                    source_line,
                    erratum["cell"],
                    "" if name else erratum["printed"],
                    "" if name else erratum.get("corrected", ""),
                    erratum["printed"] if name else "",
                    erratum.get("corrected", "") if name else "",
                    "test: the issuer's corrigendum",
                ]
            )


@pytest.mark.parametrize(
    ("pillar", "kind"),
    [(2, "extra_figure"), (4, "figure_off_by_one"), (2, "budget_and_figure_off_by_one")],
)
def test_a_typo_costs_only_its_pillar_and_an_erratum_fixes_it(
    tmp_path: Path, baseline: list[tuple], pillar: int, kind: str
) -> None:
    text, typo = variants.with_typo(document_text(), pillar, kind)
    result, docs, warehouse = build_documents(tmp_path, {"typo.txt": text.encode()})
    assert result.returncode != 0
    assert not warehouse.exists(), "a failed build publishes nothing"
    failures = [line for line in result.stdout.splitlines() if f"pillar_no={pillar}," in line]
    assert failures, result.stdout[-3000:]
    if kind == "budget_and_figure_off_by_one":
        # the line adds up: the pillar's 小計 of the budget column names it
        assert any(
            "column_name=budget" in line and "stated" in line and "the lines sum to" in line
            for line in failures
        ), failures
    else:
        # the line no longer adds up: the row check names it, with its printed cells
        assert any("cell_text=" in line and "printed_figures_sum=" in line for line in failures)

    typo_pillar_keys = {row[0] for row in baseline if row[1] == pillar and not row[2]}
    # pillars tied to the typo's pillar through 〃 (再掲含む) totals (a repost printed in
    # one and its original in the other) are solved with it: they lose the totals that
    # were set aside, so what was proven there may now only be inferred
    touched = linked_pillars(baseline, pillar)
    broken = attribution(build_path(warehouse))
    assert len(broken) == len(baseline)
    for before, after in zip(baseline, broken, strict=True):
        if before[0] in typo_pillar_keys:
            assert after[4] in ("infeasible", "printed", "override"), after
        elif before[1] in touched:
            # still attributed, from fewer totals: what was proven may now be inferred
            assert after[4] in ("printed", "derived", "inferred"), after
            assert None not in after[3]
        else:
            assert after == before, "a pillar without the typo keeps its attribution"
    assert any(row[4] == "infeasible" for row in broken if row[1] == pillar)
    assert {row[1] for row in baseline} - touched, "some pillars are not tied to the typo's"

    project = copy_project(tmp_path / "project")
    write_errata(project, int(typo["source_line"]), typo["errata"])  # type: ignore[arg-type]
    fixed = run_dbt(["build"], docs, warehouse, tmp_path, project)
    assert fixed.returncode == 0, fixed.stdout[-3000:]
    assert f"published {warehouse}" in fixed.stdout
    assert attribution(build_path(warehouse)) == baseline
    with duckdb.connect(str(warehouse), read_only=True) as con:
        corrected = con.execute(
            "select printed_cell_text, correction_note from marts.fct_budget_line "
            "where is_corrected"
        ).fetchall()
    assert len(corrected) == 1
    printed_cells, note = corrected[0]
    first = typo["errata"][0]  # type: ignore[index]
    assert f"{first['printed']:,}" in printed_cells
    assert f"printed {first['printed']}" in note and "corrigendum" in note


def test_an_erratum_that_does_not_match_the_document_fails_by_name(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    # line 27 prints 就職ガイダンス開催事業 928 928: its first funding figure is 928, not 982
    write_errata(project, 27, [{"cell": "funding_figure_1", "printed": 982, "corrected": 928}])
    result, _, warehouse = build_documents(
        tmp_path, {DOCUMENT.name: DOCUMENT.read_bytes()}, project
    )
    assert result.returncode != 0
    assert not warehouse.exists()
    named = [line for line in result.stdout.splitlines() if "source_line=27," in line]
    assert any("the document prints 928 there, not 982" in line for line in named), named


def test_an_erratum_corrects_a_misread_name_and_its_key(tmp_path: Path) -> None:
    """A PDF's wrong but valid ToUnicode mapping reads 推進 as 推逭: the name cell is
    corrected on the erratum's word, its project_key with it, and the correction says so;
    an erratum naming a name the line does not print fails by name."""
    text = document_text().replace(
        "ＵＩＪターン就職推進加速化事業", "ＵＩＪターン就職推逭加速化事業", 1
    )
    line = next(i for i, t in enumerate(text.split("\n"), start=1) if "推逭" in t)
    project = copy_project(tmp_path / "project")
    write_errata(
        project,
        line,
        [
            {
                "cell": "name",
                "printed": "ＵＩＪターン就職推逭加速化事業",
                "corrected": "UIJターン就職推進加速化事業",
            }
        ],
    )
    result, docs, warehouse = build_documents(tmp_path, {"misread.txt": text.encode()}, project)
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        corrected = con.execute(
            "select project_name, project_key, correction_note, budget_thousand_yen "
            "from marts.fct_budget_line where is_corrected"
        ).fetchall()
    ((name, key, note, budget),) = corrected
    assert (name, key, budget) == (
        "UIJターン就職推進加速化事業",
        "UIJターン就職推進加速化事業",
        18774,
    )
    assert note.startswith("name printed ＵＩＪターン就職推逭加速化事業, corrected to UIJ")

    write_errata(project, line, [{"cell": "name", "printed": "別の事業", "corrected": "x"}])
    failed = run_dbt(["build"], docs, warehouse, tmp_path, project)
    assert failed.returncode != 0
    assert (
        "the document prints the name ＵＩＪターン就職推逭加速化事業, not 別の事業" in failed.stdout
    )
