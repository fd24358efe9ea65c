{{ config(store_failures=true) }}

-- Every row of seeds/errata.csv names a line item and cell of a loaded document and
-- the value printed there (int_errata_checked says what is wrong with any other; such a
-- row is not applied).
with

errata_checked as (
    select * from {{ ref('int_errata_checked') }}
)

select
    issuer,
    fiscal_year,
    project_key,
    source_line,
    cell,
    printed_value,
    corrected_value,
    source_note,
    failure
from errata_checked
where failure is not null
