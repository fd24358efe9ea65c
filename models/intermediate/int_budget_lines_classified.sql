{#-
    Line items with their document's fiscal year, what the period proves about 新規,
    and each repost linked to its original (same project_key, not a repost).
-#}
with

line_items as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

with_year as (
    select
        line_items.*,
        documents.fiscal_year,
        documents.issuer,
        line_items.start_fiscal_year < documents.fiscal_year as cannot_be_new
    from line_items
    inner join documents
        on line_items.document_id = documents.document_id
),

originals as (
    select
        document_id,
        project_key,
        min(line_seq) as original_line_seq
    from line_items
    where not is_repost
    group by document_id, project_key
),

final as (
    select
        with_year.*,
        case when with_year.is_repost then originals.original_line_seq end
            as original_line_seq
    from with_year
    left join originals
        on
            with_year.document_id = originals.document_id
            and with_year.project_key = originals.project_key
)

select * from final
