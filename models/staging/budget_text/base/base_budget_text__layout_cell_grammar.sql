with

layout_cell_grammar as (
    select * from {{ source('budget_text', 'layout_cell_grammar') }}
),

final as (
    select
        document_id,
        layout_name,
        amount_pattern,
        negative_marks,
        period_kind,
        period_pattern,
        period_dashes
    from layout_cell_grammar
)

select * from final
