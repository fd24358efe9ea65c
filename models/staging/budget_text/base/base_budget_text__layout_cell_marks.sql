with

layout_cell_marks as (
    select * from {{ source('budget_text', 'layout_cell_marks') }}
),

final as (
    select
        document_id,
        cell_role,
        mark,
        mark_meaning
    from layout_cell_marks
)

select * from final
