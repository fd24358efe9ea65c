{#-
    A budget book's groups (款, 項), one row per group heading printed, with its document's
    issuer, year and record status: its parent (the
    group of the level above it that was open where it is printed) and its path as printed
    from the outermost level (5款 労働費 > 1項 労働費), which names the group in the marts
    and in failing tests, and tells a 項 1 of one 款 from the 項 1 of another.
-#}
with recursive

group_headings as (
    select * from {{ ref('stg_budget_text__group_headings') }}
),

documents as (
    select * from {{ ref('int_documents_ranked') }}
),

headings_labelled as (
    select
        *,
        coalesce(cast(group_number as varchar), group_number_text)
        || group_level
        || ' '
        || group_name as group_label
    from group_headings
),

parents as (
    select
        child.document_id,
        child.heading_seq,
        max(parent.heading_seq) as parent_heading_seq
    from headings_labelled as child
    left join headings_labelled as parent
        on
            child.document_id = parent.document_id
            and child.group_depth = parent.group_depth + 1
            and child.heading_seq > parent.heading_seq
    group by child.document_id, child.heading_seq
),

headings_parented as (
    select
        headings_labelled.*,
        parents.parent_heading_seq
    from headings_labelled
    inner join parents
        on
            headings_labelled.document_id = parents.document_id
            and headings_labelled.heading_seq = parents.heading_seq
),

paths as (
    select
        document_id,
        heading_seq,
        group_label as budget_group
    from headings_parented
    where parent_heading_seq is null
    union all
    select
        headings_parented.document_id,
        headings_parented.heading_seq,
        paths.budget_group || ' > ' || headings_parented.group_label as budget_group
    from headings_parented
    inner join paths
        on
            headings_parented.document_id = paths.document_id
            and headings_parented.parent_heading_seq = paths.heading_seq
),

final as (
    select
        headings_parented.document_id,
        documents.issuer,
        documents.fiscal_year,
        documents.is_of_record,
        headings_parented.heading_seq,
        headings_parented.group_level,
        headings_parented.group_depth,
        headings_parented.group_number,
        headings_parented.group_number_text,
        headings_parented.group_name,
        headings_parented.parent_heading_seq,
        paths.budget_group,
        headings_parented.source_line_first
    from headings_parented
    inner join paths
        on
            headings_parented.document_id = paths.document_id
            and headings_parented.heading_seq = paths.heading_seq
    inner join documents
        on headings_parented.document_id = documents.document_id
)

select * from final
