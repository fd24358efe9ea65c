{#- One row per document of record (one per issuer, fiscal year and table part). -#}
with

documents as (
    select * from {{ ref('int_documents_ranked') }}
),

-- every line, a table with pillars or without (a budget book)
budget_lines as (
    select * from {{ ref('int_budget_line_groups') }}
),

pillars as (
    select * from {{ ref('dim_pillar') }}
),

budget_groups as (
    select * from {{ ref('dim_budget_group') }}
),

line_counts as (
    select
        document_id,
        count(*) as line_item_count,
        count(*) filter (where is_repost) as repost_count
    from budget_lines
    group by document_id
),

pillar_counts as (
    select
        document_id,
        count(*) as pillar_count
    from pillars
    group by document_id
),

group_counts as (
    select
        document_id,
        count(*) as budget_group_count
    from budget_groups
    group by document_id
),

final as (
    select
        documents.document_id,
        documents.issuer,
        documents.fiscal_year,
        documents.title,
        documents.file_name,
        documents.sha256,
        documents.source_format,
        documents.source_encoding,
        documents.table_part,
        documents.line_level,
        documents.declared_source,
        documents.line_count,
        cast(coalesce(line_counts.line_item_count, 0) as bigint) as line_item_count,
        cast(coalesce(line_counts.repost_count, 0) as bigint) as repost_count,
        coalesce(pillar_counts.pillar_count, 0) as pillar_count,
        coalesce(group_counts.budget_group_count, 0) as budget_group_count,
        documents.loaded_at
    from documents
    left join line_counts
        on documents.document_id = line_counts.document_id
    left join pillar_counts
        on documents.document_id = pillar_counts.document_id
    left join group_counts
        on documents.document_id = group_counts.document_id
    where documents.is_of_record
)

select * from final
