{#- The three 財源内訳 columns, in printed order (from the printed_columns seed). -#}
with

printed_columns as (
    select * from {{ ref('printed_columns') }}
),

final as (
    select
        column_name,
        printed_label as funding_source,
        column_seq - 1 as funding_source_seq
    from printed_columns
    where is_funding_source
)

select * from final
