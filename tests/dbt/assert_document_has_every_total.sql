{{ config(store_failures=true) }}

-- Each document prints one document total and one pillar total per pillar heading. A
-- document that stops early (no document total) or lost a pillar fails here with a
-- message saying which.
with

documents as (
    select * from {{ ref('dim_document') }}
),

stated_totals as (
    select * from {{ ref('stg_budget_text__stated_totals') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

counts as (
    select
        documents.document_id,
        documents.file_name,
        (
            select count(*) from stated_totals
            where
                stated_totals.document_id = documents.document_id
                and stated_totals.total_sums = 'document'
        ) as grand_total_count,
        (
            select count(*) from stated_totals
            where
                stated_totals.document_id = documents.document_id
                and stated_totals.total_sums = 'pillar'
        ) as subtotal_count,
        (
            select count(*) from pillar_headings
            where pillar_headings.document_id = documents.document_id
        ) as heading_count
    from documents
)

select
    document_id,
    file_name,
    grand_total_count,
    subtotal_count,
    heading_count,
    case
        when grand_total_count = 0
            then
                'the grand total (the line summing the document) is missing: '
                || 'the document may be truncated'
        when grand_total_count > 1 then 'more than one grand total'
        else 'the number of pillar totals differs from the number of pillar headings'
    end as failure
from counts
where grand_total_count != 1 or subtotal_count != heading_count
