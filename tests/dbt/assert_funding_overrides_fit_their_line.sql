{{ config(store_failures=true) }}

-- Every override in seeds/funding_overrides.csv is a split its line's printed figures
-- allow (int_funding_overrides_checked says what is wrong with any other). Attribution
-- leaves such an override out, so it cannot re-attribute the rest of the pillar; this
-- test runs after attribution and shows the split the line got without it.
with

overrides_checked as (
    select * from {{ ref('int_funding_overrides_checked') }}
),

line_funding as (
    select * from {{ ref('int_budget_line_funding') }}
),

attributed_splits as (
    select
        document_id,
        line_seq,
        string_agg(
            format('{} {}', funding_column, coalesce(cast(amount_thousand_yen as varchar), '?')),
            ', '
            order by funding_source_seq
        ) as attributed_split,
        any_value(funding_status) as attributed_funding_status
    from line_funding
    group by document_id, line_seq
)

select
    overrides_checked.issuer,
    overrides_checked.fiscal_year,
    overrides_checked.project_key,
    overrides_checked.funding_source,
    overrides_checked.amount_thousand_yen,
    overrides_checked.source_note,
    overrides_checked.failure,
    attributed_splits.attributed_split,
    attributed_splits.attributed_funding_status
from overrides_checked
left join attributed_splits
    on
        overrides_checked.document_id = attributed_splits.document_id
        and overrides_checked.line_seq = attributed_splits.line_seq
where overrides_checked.failure is not null
