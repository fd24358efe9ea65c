with

layout_columns as (
    select * from {{ source('budget_text', 'layout_columns') }}
),

final as (
    select
        document_id,
        column_seq,
        column_name,
        column_role,
        header_text as column_label
    from layout_columns
)

select * from final
