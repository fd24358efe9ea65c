{{ config(store_failures=true) }}

-- Each document prints one 合計 and one 小計 per pillar heading. A document that
-- stops early (no 合計) or lost a pillar fails here with a message saying which.
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
                and stated_totals.total_kind = '合計'
        ) as grand_total_count,
        (
            select count(*) from stated_totals
            where
                stated_totals.document_id = documents.document_id
                and stated_totals.total_kind = '小計'
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
            then 'the grand total (合計) is missing: the document may be truncated'
        when grand_total_count > 1 then 'more than one grand total (合計)'
        else 'the number of 小計 lines differs from the number of pillar headings'
    end as failure
from counts
where grand_total_count != 1 or subtotal_count != heading_count
