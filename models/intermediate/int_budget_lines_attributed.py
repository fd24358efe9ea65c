"""Funding attribution: every line item's amount per funding source of its document's layout.

Runs in-process (dbt-duckdb Python model). The solver (`attribution/`) assigns each line's
printed funding figures to columns so that every printed total reconciles, chooses by
the plausibility ranks in `seeds/funding_plausibility.csv`, honours the rows of
`seeds/funding_overrides.csv` that fit their line (int_funding_overrides_checked), and
says per line whether the split is proven unique.

One row per line item and funding source. Incremental: each document's rows carry an
attribution_key (a hash of its lines, totals and funding sources as the solver reads
them, its overrides, the ranks and the solver code). A
build recomputes only documents whose key is new; rows of documents no longer loaded are
deleted here.
"""

import polars as pl


def model(dbt, session):
    from attribution.frames import attribute_frame, attribution_keys

    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="document_id",
    )
    lines = dbt.ref("int_budget_lines_corrected").pl()
    totals = dbt.ref("int_table_rows_pivoted").filter("row_kind != 'line_item'").pl()
    amount_columns = dbt.ref("int_amount_columns").pl()
    # only the overrides the printed figures allow; the others fail a dbt test by name
    overrides = dbt.ref("int_funding_overrides_checked").pl().filter(pl.col("failure").is_null())
    plausibility = dbt.ref("funding_plausibility").pl()
    keys = attribution_keys(lines, totals, amount_columns, overrides, plausibility)
    if dbt.is_incremental:
        done = session.sql(f"select distinct document_id, attribution_key from {dbt.this}").pl()
        for (gone,) in done.join(keys, on="document_id", how="anti").select("document_id").rows():
            session.execute(f"delete from {dbt.this} where document_id = ?", [gone])
        keys = keys.join(done, on=["document_id", "attribution_key"], how="anti")
        lines = lines.join(keys.select("document_id"), on="document_id", how="semi")
        totals = totals.join(keys.select("document_id"), on="document_id", how="semi")
    attributed = attribute_frame(lines, totals, amount_columns, overrides, plausibility)
    return attributed.join(keys, on="document_id", how="left").with_columns(
        pl.col("attribution_key").cast(pl.String)
    )
