with

pillar_headings as (
    select * from {{ source('budget_text', 'pillar_headings') }}
),

final as (
    select
        document_id,
        heading_seq,
        pillar_mark,
        pillar_no,
        pillar_title,
        line_no as source_line
    from pillar_headings
)

select * from final
