"""Every guarantee of docs/guarantees.md is broken once here, and the build must refuse
it with a message naming the row.

One warehouse is built from the FY2022 text; each case copies its build file, breaks
one thing (a raw row, a built table, a seed), runs the dbt command that checks it and
reads what dbt printed. Raw rows stay broken across that run: the loader leaves an
unchanged document's rows alone. Guarantees whose breaking input is a whole document
(a typo, a truncated file, an erratum or override that does not fit) are broken by the
tests named in docs/guarantees.md.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from conftest import DOCUMENT, build_documents, copy_project, run_dbt

from core.config import build_path


@dataclass(frozen=True)
class Case:
    name: str
    breaks: list[str]  # SQL run on the copied build file
    dbt: list[list[str]]  # dbt commands; the last one must fail
    expect: list[str]  # what its output must contain
    seed_rows: dict[str, str] = field(default_factory=dict)  # seed file -> line appended
    model_edit: tuple[str, str, str] | None = None  # model file, text, replacement


REPOST = "(select min(line_seq) from intermediate.int_budget_lines_corrected where is_repost)"

CASES = [
    Case(
        "a model returns its contract's columns and types",
        [],
        [["run", "--select", "fct_budget_line"]],
        ["contract", "budget_thousand_yen", "BIGINT"],
        model_edit=(
            "models/marts/fct_budget_line.sql",
            "        budget_thousand_yen,\n",
            "        cast(budget_thousand_yen as varchar) as budget_thousand_yen,\n",
        ),
    ),
    Case(
        "primary key (contract)",
        ["insert into raw.table_rows select * from raw.table_rows where row_seq = 5"],
        [["run", "--select", "int_table_rows_pivoted"]],
        [
            "REFUSED int_table_rows_pivoted",
            "broken_constraint=primary key (document_id, line_seq)",
            "line_seq=5,",
        ],
    ),
    Case(
        "not null (contract)",
        [
            "update raw.table_cells set cell_text_nfkc = null "
            "where cell_role = 'name' and row_seq = 5"
        ],
        [
            [
                "run",
                "--select",
                "stg_budget_text__table_cells",
                "int_table_rows_pivoted",
                "int_budget_lines_corrected",
            ]
        ],
        [
            "REFUSED int_budget_lines_corrected",
            "broken_constraint=project_key is null",
            "line_seq=5,",
        ],
    ),
    Case(
        "check: a period ends before it starts (contract)",
        [
            "update raw.table_cells set cell_text_nfkc = 'R5-R2' "
            "where cell_role = 'period' and row_seq = 1"
        ],
        [["run", "--select", "stg_budget_text__table_cells", "int_table_rows_pivoted"]],
        [
            "REFUSED int_table_rows_pivoted",
            "broken_constraint=check end_fiscal_year >= start_fiscal_year",
            "line_seq=1,",
        ],
    ),
    Case(
        "check: a mart shows only settled funding statuses (contract)",
        [
            "update intermediate.int_budget_lines_resolved set funding_status = 'infeasible' "
            "where line_seq = 5"
        ],
        [["run", "--select", "fct_budget_line"]],
        ["REFUSED fct_budget_line", "broken_constraint=check funding_status in", "line_seq=5,"],
    ),
    Case(
        "a misprinted cell fails the build, named, before any mart",
        [
            "update raw.table_cells set cell_text = 'R4-Z5', cell_text_nfkc = 'R4-Z5' "
            "where cell_role = 'period' and row_seq = 1",
            "update raw.table_cells set cell_text = '24,3a9', cell_text_nfkc = '24,3a9' "
            "where cell_role = 'amount' and row_seq = 1",
        ],
        [["build", "--select", "stg_budget_text__table_cells+"]],
        [
            "FAIL assert_printed_cells_parse (2 rows)",
            "column_name=period, cell_role=period, cell_text=R4-Z5, parse_failure=not a period",
            "column_name=budget, cell_role=amount, cell_text=24,3a9, parse_failure=not an amount",
            "SKIP relation marts.fct_budget_line",
        ],
    ),
    Case(
        "a staging model's grain",
        ["insert into raw.pillar_directions select * from raw.pillar_directions limit 1"],
        [["test", "--select", "stg_budget_text__pillar_directions"]],
        ["FAIL unique_combination_of_columns_stg_budget_text__pillar_directions", "occurrences=2"],
    ),
    Case(
        "every line refers to a document of record",
        ["delete from marts.dim_document"],
        [["test", "--select", "fct_budget_line"]],
        ["FAIL relationships_fct_budget_line_document_id", "from_field="],
    ),
    Case(
        "a line's funding adds up to its budget",
        [
            "update marts.fct_budget_line_funding "
            "set amount_thousand_yen = amount_thousand_yen + 1 "
            "where line_seq = 5 and funding_source_seq = 1"
        ],
        [["test", "--select", "assert_line_funding_adds_up_to_budget"]],
        ["FAIL assert_line_funding_adds_up_to_budget", "line_seq=5,", "funding_thousand_yen="],
    ),
    Case(
        "the document total is the sum of the pillar totals",
        [
            "update marts.fct_stated_total_check set stated_thousand_yen = stated_thousand_yen + 1 "
            "where total_sums = 'document' and column_name = 'budget'"
        ],
        [["test", "--select", "assert_subtotals_sum_to_grand_total"]],
        ["FAIL assert_subtotals_sum_to_grand_total", "column_name=budget"],
    ),
    Case(
        "a repost prints its original's figures",
        [
            "update intermediate.int_budget_lines_corrected "
            f"set budget_thousand_yen = budget_thousand_yen + 1 where line_seq = {REPOST}"
        ],
        [["test", "--select", "assert_reposts_have_originals"]],
        ["FAIL assert_reposts_have_originals", "failure=the original prints other figures"],
    ),
    Case(
        "every line of the document is accounted for",
        [
            "insert into raw.document_lines (document_id, line_no, line_text) "
            "select document_id, max(line_no) + 1, 'a stray line' "
            "from raw.document_lines group by 1"
        ],
        [["build", "--select", "int_document_lines_accounted"]],
        [
            "FAIL assert_every_line_accounted_for",
            "line_text=a stray line",
            "line not claimed by any parsed element",
        ],
    ),
    Case(
        "every pillar of the lines has its heading",
        ["update raw.pillar_headings set pillar_no = 9 where pillar_no = 3"],
        [["test", "--select", "assert_document_has_every_total"]],
        ["FAIL assert_document_has_every_total", "lines of pillar(s) 3 have no heading"],
    ),
    Case(
        "what the text path calls proven is what the PDF prints",
        [
            "insert into marts.fct_text_pdf_line_comparison values ('i', 2022, 1, 'k', 1, false, "
            "'k', 1, 1, 'derived', 'unique', [5, 0, 0], [0, 5, 0], false, 'exact', "
            "[false, false, false], [false, false, false], true, 't', 'p')"
        ],
        [["test", "--select", "assert_text_path_agrees_with_the_pdf"]],
        ["FAIL assert_text_path_agrees_with_the_pdf", "a derived split differs from the PDF"],
    ),
    Case(
        "a flag override names a line",
        [],
        [
            ["seed", "--select", "flag_overrides"],
            ["run", "--select", "int_flag_overrides_checked"],
            ["test", "--select", "assert_flag_overrides_fit_their_line"],
        ],
        [
            "FAIL assert_flag_overrides_fit_their_line",
            "project_key=no_such_project",
            "no line item of that fiscal year has this project_key",
        ],
        {"flag_overrides.csv": ",2022,no_such_project,,priority,test"},
    ),
    Case(
        "a seed has one row per key",
        [],
        [
            ["seed", "--select", "funding_plausibility"],
            ["test", "--select", "assert_seed_rows_are_unique"],
        ],
        ["FAIL assert_seed_rows_are_unique", "seed_name=funding_plausibility", "occurrences=2"],
        {"funding_plausibility.csv": "COPY_LAST_ROW"},
    ),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("guarantees")
    result, docs, warehouse = build_documents(work, {DOCUMENT.name: DOCUMENT.read_bytes()})
    assert result.returncode == 0, result.stdout[-3000:]
    return docs, build_path(warehouse)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_broken_guarantee_fails_naming_the_row(
    tmp_path: Path, built: tuple[Path, Path], case: Case
) -> None:
    docs, build_file = built
    warehouse = tmp_path / "warehouse.duckdb"
    build_path(warehouse).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(build_file, build_path(warehouse))
    with duckdb.connect(str(build_path(warehouse))) as con:
        for statement in case.breaks:
            con.execute(statement)
    project = copy_project(tmp_path / "project")
    for seed, line in case.seed_rows.items():
        path = project / "seeds" / seed
        text = path.read_text(encoding="utf-8")
        if line == "COPY_LAST_ROW":
            line = text.rstrip("\n").splitlines()[-1]
        path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
    if case.model_edit:
        model, text, replacement = case.model_edit
        sql = (project / model).read_text(encoding="utf-8")
        assert text in sql
        (project / model).write_text(sql.replace(text, replacement), encoding="utf-8")
    for args in case.dbt:
        result = run_dbt(args, docs, warehouse, tmp_path, project)
    assert result.returncode != 0, result.stdout[-3000:]
    for expected in case.expect:
        assert expected in result.stdout, (expected, result.stdout[-3000:])
    assert not warehouse.exists(), "nothing is published"
