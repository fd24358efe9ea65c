{{ config(store_failures=true) }}

-- Each line item's amounts over its layout's funding sources add up to its budget.
-- Fails naming the document, pillar, line and both figures.
with

budget_lines as (
    select * from {{ ref('fct_budget_line') }}
),

line_funding as (
    select * from {{ ref('fct_budget_line_funding') }}
),

funding_sums as (
    select
        document_id,
        line_seq,
        sum(amount_thousand_yen) as funding_thousand_yen
    from line_funding
    group by document_id, line_seq
)

select
    budget_lines.document_id,
    budget_lines.pillar_no,
    budget_lines.line_seq,
    budget_lines.project_name,
    budget_lines.budget_thousand_yen,
    funding_sums.funding_thousand_yen,
    budget_lines.source_line_first
from budget_lines
left join funding_sums
    on
        budget_lines.document_id = funding_sums.document_id
        and budget_lines.line_seq = funding_sums.line_seq
where funding_sums.funding_thousand_yen is distinct from budget_lines.budget_thousand_yen
