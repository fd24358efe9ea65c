{#- One row per group heading a budget book prints (raw.group_headings), its number read. -#}
with

group_headings as (
    select * from {{ source('budget_text', 'group_headings') }}
),

final as (
    select
        document_id,
        heading_seq,
        group_level,
        group_depth,
        number_text as group_number_text,
        try_cast(number_text_nfkc as integer) as group_number,
        group_name,
        line_no as source_line_first
    from group_headings
)

select * from final
