#!/usr/bin/env bash
# Check the dbt project against dbt-project-evaluator, dbt-score and dbt-coverage, from a
# scratch copy (nothing is vendored into the project; the dbt hub is unreachable here).
#
#   tools/evaluate_project.sh EVALUATOR_DIR DBT_UTILS_DIR [SCRATCH_DIR]
#
# EVALUATOR_DIR and DBT_UTILS_DIR are checkouts of dbt-labs/dbt-project-evaluator (v1.3.2)
# and dbt-labs/dbt-utils (1.3.x). Prints every evaluator rule with rows, the dbt-score project
# score and dbt-coverage's column documentation coverage.
set -euo pipefail
evaluator=$(realpath "$1"); utils=$(realpath "$2"); work=${3:-/tmp/evaluate_project}
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work" && mkdir -p "$work/packages"
(cd "$repo" && git ls-files -co --exclude-standard | grep -v '^data/raw/' | tar cf - -T -) | (cd "$work" && tar xf -)
cp -r "$evaluator" "$work/packages/evaluator" && cp -r "$utils" "$work/packages/utils"
# the evaluator's own dependency on dbt_utils, pointed at the local checkout
printf 'packages:\n  - local: %s\n' "$work/packages/utils" > "$work/packages/evaluator/packages.yml"
cd "$work"
printf 'packages:\n  - local: packages/evaluator\n' > packages.yml
"$repo/.venv/bin/python" - <<'PY'
import yaml
project = yaml.safe_load(open("dbt_project.yml"))
# the project's own generic test is its primary-key test (dbt_utils' is not used here)
project.setdefault("vars", {})["primary_key_test_macros"] = [
    ["dbt.test_unique", "dbt.test_not_null"],
    ["shisaku.test_unique_combination_of_columns"],
]
project["on-run-end"] = []
project.setdefault("models", {})["dbt_project_evaluator"] = {"+schema": "evaluator"}
project.setdefault("seeds", {})["dbt_project_evaluator"] = {
    "dbt_project_evaluator_exceptions": {"+enabled": False}
}
yaml.safe_dump(project, open("dbt_project.yml", "w"), allow_unicode=True, sort_keys=False)
PY
export SHISAKU_WAREHOUSE="$work/evaluate.duckdb" SHISAKU_DOCS="$repo/data/raw"
dbt="$repo/.venv/bin/dbt"
printf 'fct_name,column_name,id_to_exclude,comment\n' > seeds/dbt_project_evaluator_exceptions.csv
"$dbt" deps -q && "$dbt" parse -q
# Exceptions: sources are documents (no freshness); a model whose primary key is an enforced
# contract constraint has its grain kept by the database (the evaluator counts tests only);
# the flag overrides' check is a model its data test reads as well; the base model of the
# cells has its grain tested on the staging model that reads it.
"$repo/.venv/bin/python" - <<'PY'
import csv, json
manifest = json.load(open("target/manifest.json"))
rows = [
    ("fct_sources_without_freshness", "resource_name", "budget_text.%", "sources are documents"),
    # a model of its own, not a CTE of int_budget_lines_flagged: its data test reads it too,
    # naming each override row that contradicts the print
    ("fct_rejoining_of_upstream_concepts", "parent_and_child", "int_flag_overrides_checked",
     "its data test reads it too"),
    # renames its source only; its grain is tested on stg_budget_text__table_cells, which
    # reads it (a second test of a million rows would add nothing)
    ("fct_missing_primary_key_tests", "resource_name", "base_budget_text__table_cells",
     "grain tested on the staging model that reads it"),
]
for node in manifest["nodes"].values():
    keys = [c for c in node.get("constraints", []) if c["type"] == "primary_key"]
    keys += [c for col in node.get("columns", {}).values() for c in col.get("constraints", [])
             if c["type"] == "primary_key"]
    if node["resource_type"] == "model" and node["package_name"] == "shisaku" and keys:
        rows.append(("fct_missing_primary_key_tests", "resource_name", node["name"],
                     "primary key enforced by the contract"))
with open("seeds/dbt_project_evaluator_exceptions.csv", "w", newline="") as handle:
    csv.writer(handle).writerows([("fct_name", "column_name", "id_to_exclude", "comment"), *rows])
PY
"$dbt" build -q --select package:dbt_project_evaluator dbt_project_evaluator_exceptions \
    > evaluator.log 2>&1 || true
"$repo/.venv/bin/python" - <<'PY'
import glob
import duckdb
con = duckdb.connect(glob.glob(".build/evaluate.duckdb")[0], read_only=True)
tables = con.execute(
    "select schema_name, table_name from duckdb_tables() "
    "where table_name like 'fct_%' and schema_name like '%evaluator%' order by 2"
).fetchall()
violations = 0
for schema, table in tables:
    rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
    if table in ("fct_documentation_coverage", "fct_test_coverage"):
        print(table, rows)
    elif rows:
        violations += len(rows)
        print(table, len(rows), *rows[:10], sep="\n    ")
print(f"dbt-project-evaluator: {len(tables)} rule tables, {violations} violation(s)")
PY
# dbt-score and dbt-coverage in a scratch virtual environment, with the project's dbt pins
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q -c "$repo/requirements.lock" dbt-score==0.19.0 dbt-coverage==0.5.0 \
    dbt-duckdb
"$work/venv/bin/dbt-score" lint -m target/manifest.json --select package:shisaku \
    --show failing-rules | tail -3 || true
"$dbt" build -q --select package:shisaku > build.log 2>&1
"$dbt" docs generate -q --select package:shisaku > /dev/null
"$work/venv/bin/dbt-coverage" compute doc --cov-report coverage-doc.json | tail -3
