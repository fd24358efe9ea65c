with

pillar_directions as (
    select * from {{ source('budget_text', 'pillar_directions') }}
),

final as (
    select
        document_id,
        pillar_mark,
        pillar_no,
        direction_seq,
        direction_text,
        line_first as source_line_first,
        line_last as source_line_last,
        line_numbers as source_line_numbers
    from pillar_directions
)

select * from final
