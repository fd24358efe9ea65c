with

pillar_headings as (
    select * from {{ source('budget_text', 'pillar_headings') }}
),

final as (
    select
        document_id,
        pillar_no,
        pillar_mark,
        pillar_title,
        line_no as source_line_first,
        line_numbers as source_line_numbers
    from pillar_headings
)

select * from final
