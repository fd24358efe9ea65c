{#- The group headings each table row sits in (raw.table_row_groups), one row each. -#}
with

table_row_groups as (
    select * from {{ source('budget_text', 'table_row_groups') }}
),

final as (
    select
        document_id,
        row_seq as line_seq,
        heading_seq
    from table_row_groups
)

select * from final
