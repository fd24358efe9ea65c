{#-
    The flag columns each document's layout declares: one row per document and flag
    column, with the number of flag columns of the layout and whether one of them is the
    new-project flag (the column named new, 新規: a project whose period starts before
    the document's fiscal year cannot be new).
-#}
with

layout_columns as (
    select * from {{ ref('stg_budget_text__layout_columns') }}
),

final as (
    select
        document_id,
        column_name as flag_column,
        count(*) over (partition by document_id) as flag_column_count,
        bool_or(column_name = 'new') over (partition by document_id) as layout_has_new
    from layout_columns
    where column_role = 'flag'
)

select * from final
