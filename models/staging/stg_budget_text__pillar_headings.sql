with

pillar_headings as (
    select * from {{ source('budget_text', 'pillar_headings') }}
),

final as (
    select
        document_id,
        heading_seq,
        pillar_mark,
        -- ① is U+2460: the circled number's code point gives the pillar number.
        unicode(pillar_mark) - unicode('①') + 1 as pillar_no,
        pillar_title,
        line_no as source_line
    from pillar_headings
)

select * from final
