with

table_rows as (
    select * from {{ source('budget_text', 'table_rows') }}
),

total_rows as (
    select
        document_id,
        row_seq,
        row_kind as total_kind,
        pillar_seq as pillar_no,
        cell_text,
        line_first as source_line,
        str_split_regex(trim(replace(cell_text_nfkc, ',', '')), '\s+') as figures
    from table_rows
    where row_kind in ('小計', '再掲含む', '合計')
),

final as (
    select
        document_id,
        row_seq as total_seq,
        total_kind,
        pillar_no,
        cell_text,
        cast(figures[1] as bigint) as budget_thousand_yen,
        cast(figures[2] as bigint) as national_thousand_yen,
        cast(figures[3] as bigint) as other_thousand_yen,
        cast(figures[4] as bigint) as general_thousand_yen,
        source_line
    from total_rows
)

select * from final
