{{ config(store_failures=true) }}

-- 合計 is the sum of the pillars' 小計, in every column. Fails with the document,
-- the column, the stated 合計 and the sum of the stated 小計.
with

stated_totals as (
    select * from {{ ref('fct_stated_total_check') }}
),

subtotal_sums as (
    select
        document_id,
        column_name,
        sum(stated_thousand_yen) as subtotals_thousand_yen
    from stated_totals
    where kind = '小計'
    group by document_id, column_name
),

grand_totals as (
    select * from stated_totals
    where kind = '合計'
)

select
    grand_totals.document_id,
    grand_totals.column_name,
    grand_totals.stated_thousand_yen as grand_total_thousand_yen,
    subtotal_sums.subtotals_thousand_yen,
    grand_totals.source_line
from grand_totals
left join subtotal_sums
    on
        grand_totals.document_id = subtotal_sums.document_id
        and grand_totals.column_name = subtotal_sums.column_name
where subtotal_sums.subtotals_thousand_yen is distinct from grand_totals.stated_thousand_yen
