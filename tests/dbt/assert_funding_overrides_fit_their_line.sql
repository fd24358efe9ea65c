{{ config(store_failures=true) }}

-- Every row of seeds/funding_overrides.csv is a split its line's printed figures allow
-- (int_funding_overrides_checked says what is wrong with any other; attribution leaves
-- such a row out, so it cannot re-attribute the rest of the pillar).
with

overrides_checked as (
    select * from {{ ref('int_funding_overrides_checked') }}
)

select
    fiscal_year,
    project_key,
    national_thousand_yen,
    other_thousand_yen,
    general_thousand_yen,
    source_note,
    failure
from overrides_checked
where failure is not null
