{#-
    Every line item (a repost or not), its level (目, where its layout says) and, in a
    budget book, the innermost group it is printed in: its heading and its path
    (5款 労働費 > 1項 労働費).
-#}
with

table_rows as (
    select * from {{ ref('int_table_rows_pivoted') }}
),

documents as (
    select * from {{ ref('int_documents_ranked') }}
),

row_scopes as (
    select * from {{ ref('int_table_row_scopes') }}
),

-- the deepest group a line is printed in has the longest path
innermost_groups as (
    select
        document_id,
        line_seq,
        arg_max(scope_key, length(budget_group)) as heading_seq,
        arg_max(budget_group, length(budget_group)) as budget_group
    from row_scopes
    where budget_group is not null
    group by document_id, line_seq
),

final as (
    select
        table_rows.document_id,
        table_rows.line_seq,
        table_rows.is_repost,
        documents.line_level,
        innermost_groups.heading_seq,
        innermost_groups.budget_group
    from table_rows
    inner join documents
        on table_rows.document_id = documents.document_id
    left join innermost_groups
        on
            table_rows.document_id = innermost_groups.document_id
            and table_rows.line_seq = innermost_groups.line_seq
    where table_rows.row_kind = 'line_item'
)

select * from final
