{#-
    Each pillar's funding by source, reposts excluded: the sum of its line items'
    attributed figures, beside the printed pillar total it must equal (a dbt test
    asserts it), and its share of the pillar's printed budget.
-#}
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

pillar_budgets as (
    select
        document_id,
        line_seq,
        stated_thousand_yen as budget_thousand_yen
    from totals_computed
    where column_role = 'amount'
),

final as (
    select
        totals_computed.document_id,
        totals_computed.issuer,
        totals_computed.fiscal_year,
        totals_computed.pillar_no,
        totals_computed.pillar_label,
        totals_computed.column_label as funding_source,
        totals_computed.funding_source_seq,
        totals_computed.column_name as funding_column,
        totals_computed.computed_thousand_yen as amount_thousand_yen,
        totals_computed.stated_thousand_yen as stated_subtotal_thousand_yen,
        round(
            totals_computed.stated_thousand_yen / nullif(pillar_budgets.budget_thousand_yen, 0), 4
        ) as share_of_budget,
        totals_computed.line_count,
        totals_computed.unresolved_line_count
    from totals_computed
    inner join pillar_budgets
        on
            totals_computed.document_id = pillar_budgets.document_id
            and totals_computed.line_seq = pillar_budgets.line_seq
    where
        totals_computed.is_of_record
        and totals_computed.total_sums = 'pillar'
        and totals_computed.column_role = 'funding_source'
)

select * from final
