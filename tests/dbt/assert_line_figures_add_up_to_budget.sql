{{ config(store_failures=true, severity='warn') }}

-- Each line item's printed funding figures (after errata) add up to its budget: a line
-- that does not is a typo in the document (record an erratum). A warning, so attribution
-- and the totals checks after it still run and name the pillar and column too; a warning
-- is enough to keep the build from publishing.
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

figure_sums as (
    select
        *,
        coalesce(list_sum(funding_figures), 0) as printed_figures_sum
    from budget_lines
)

select
    documents.file_name,
    figure_sums.pillar_no,
    figure_sums.line_seq,
    figure_sums.project_name,
    figure_sums.cell_text,
    figure_sums.budget_thousand_yen,
    figure_sums.printed_figures_sum,
    figure_sums.source_line_first,
    figure_sums.document_id
from figure_sums
inner join documents
    on figure_sums.document_id = documents.document_id
where figure_sums.printed_figures_sum != figure_sums.budget_thousand_yen
