{{ config(store_failures=true) }}

-- The document's total is the sum of the pillars' totals, in every column. Fails with
-- the document, the column, the stated document total and the sum of the pillar totals.
-- A table without pillars (a budget book's 総括) prints no pillar total: its document
-- total is checked against its lines (assert_stated_totals_reconcile) alone; one that
-- lost its pillar totals fails assert_document_has_every_total.
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
    where total_sums = 'pillar'
    group by document_id, column_name
),

grand_totals as (
    select * from stated_totals
    where total_sums = 'document'
)

select
    grand_totals.document_id,
    grand_totals.column_name,
    grand_totals.stated_thousand_yen as grand_total_thousand_yen,
    subtotal_sums.subtotals_thousand_yen,
    grand_totals.source_line_first
from grand_totals
inner join subtotal_sums
    on
        grand_totals.document_id = subtotal_sums.document_id
        and grand_totals.column_name = subtotal_sums.column_name
where subtotal_sums.subtotals_thousand_yen is distinct from grand_totals.stated_thousand_yen
