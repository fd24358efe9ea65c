with

table_cells as (
    select * from {{ source('budget_text', 'table_cells') }}
),

final as (
    select
        document_id,
        row_seq as line_seq,
        cell_role,
        column_name,
        role_position,
        cell_text,
        cell_text_nfkc,
        line_no as source_line,
        page_no,
        x0,
        x1,
        top,
        bottom
    from table_cells
)

select * from final
