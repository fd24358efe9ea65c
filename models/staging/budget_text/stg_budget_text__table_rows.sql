with

table_rows as (
    select * from {{ source('budget_text', 'table_rows') }}
),

final as (
    select
        document_id,
        row_seq as line_seq,
        row_kind,
        total_sums,
        pillar_no,
        group_label,
        name_text,
        cell_text,
        division_text,
        line_first as source_line_first,
        line_last as source_line_last,
        line_numbers as source_line_numbers
    from table_rows
)

select * from final
