with

page_furniture as (
    select * from {{ source('budget_text', 'page_furniture') }}
),

final as (
    select
        document_id,
        furniture_seq,
        furniture_kind,
        furniture_text,
        line_first as source_line_first,
        line_last as source_line_last,
        line_numbers as source_line_numbers
    from page_furniture
)

select * from final
