with

document_lines as (
    select * from {{ source('budget_text', 'document_lines') }}
),

final as (
    select
        document_id,
        line_no,
        line_text,
        regexp_matches(line_text, '^[\s\x{3000}\x{00a0}]*$') as is_blank,
        page_no
    from document_lines
)

select * from final
