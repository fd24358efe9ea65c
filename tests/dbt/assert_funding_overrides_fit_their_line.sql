{{ config(store_failures=true) }}

-- Every row of seeds/funding_overrides.csv is a split its line's printed figures allow
-- (int_funding_overrides_checked says what is wrong with any other). Attribution leaves
-- such a row out, so it cannot re-attribute the rest of the pillar; this test runs after
-- attribution and shows the split the line got without it.
with

overrides_checked as (
    select * from {{ ref('int_funding_overrides_checked') }}
),

attributed as (
    select * from {{ ref('int_budget_lines_attributed') }}
)

select
    overrides_checked.issuer,
    overrides_checked.fiscal_year,
    overrides_checked.project_key,
    overrides_checked.national_thousand_yen,
    overrides_checked.other_thousand_yen,
    overrides_checked.general_thousand_yen,
    overrides_checked.source_note,
    overrides_checked.failure,
    attributed.national_thousand_yen as attributed_national_thousand_yen,
    attributed.other_thousand_yen as attributed_other_thousand_yen,
    attributed.general_thousand_yen as attributed_general_thousand_yen,
    attributed.funding_status as attributed_funding_status
from overrides_checked
left join attributed
    on
        overrides_checked.document_id = attributed.document_id
        and overrides_checked.line_seq = attributed.line_seq
where overrides_checked.failure is not null
