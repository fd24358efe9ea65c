{{ config(store_failures=true) }}

-- Every flag override names a line that exists: the fiscal year of a loaded document and
-- the project_key of one of its line items. (Funding overrides are checked, this among
-- the rest, by assert_funding_overrides_fit_their_line.)
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

overrides as (
    select
        'flag_overrides' as seed_name,
        fiscal_year,
        project_key
    from {{ ref('flag_overrides') }}
)

select overrides.*
from overrides
left join budget_lines
    on
        overrides.fiscal_year = budget_lines.fiscal_year
        and overrides.project_key = budget_lines.project_key
where budget_lines.line_seq is null
