{{ config(store_failures=true) }}

-- Where a budget book prints the previous year's budget and the change beside a line's
-- budget (前年度予算額, 比較), the change is the budget less the previous figure: a line
-- that does not is misread or misprinted. Each failing row names the document, the line
-- and the three figures.
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
)

select
    documents.file_name,
    budget_lines.line_seq,
    budget_lines.item_number,
    budget_lines.project_name,
    budget_lines.budget_thousand_yen,
    budget_lines.previous_thousand_yen,
    budget_lines.change_thousand_yen,
    budget_lines.source_line_first
from budget_lines
inner join documents
    on budget_lines.document_id = documents.document_id
where
    budget_lines.change_thousand_yen is not null
    and budget_lines.budget_thousand_yen - coalesce(budget_lines.previous_thousand_yen, 0)
    != budget_lines.change_thousand_yen
