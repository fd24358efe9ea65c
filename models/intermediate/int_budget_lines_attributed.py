"""Funding attribution: national / other / general for every line item of every document.

Runs in-process (dbt-duckdb Python model). The solver (`attribution/`) assigns each line's
printed funding figures to columns so that every printed total reconciles, chooses by
the plausibility ranks in `seeds/funding_plausibility.csv`, honours
`seeds/funding_overrides.csv`, and says per line whether the split is proven unique.
"""


def model(dbt, session):
    from attribution.frames import attribute_frame

    dbt.config(materialized="table")
    lines = dbt.ref("int_budget_lines_classified").pl()
    totals = dbt.ref("stg_budget_text__stated_totals").pl()
    overrides = dbt.ref("funding_overrides").pl()
    plausibility = dbt.ref("funding_plausibility").pl()
    return attribute_frame(lines, totals, overrides, plausibility)
