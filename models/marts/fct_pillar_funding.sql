{#-
    Each pillar's funding by source, reposts excluded: the sum of its line items'
    attributed figures, beside the printed pillar total it must equal (a dbt test
    asserts it), and its share of the pillar's printed budget.
-#}
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

documents as (
    select * from {{ ref('int_documents_of_record') }}
),

amount_columns as (
    select * from {{ ref('int_amount_columns') }}
),

pillar_budgets as (
    select
        document_id,
        total_seq,
        stated_thousand_yen as budget_thousand_yen
    from totals_computed
    where column_seq = 1
),

final as (
    select
        totals_computed.document_id,
        documents.fiscal_year,
        totals_computed.pillar_no,
        totals_computed.pillar_label,
        amount_columns.column_label as funding_source,
        amount_columns.funding_source_seq,
        amount_columns.column_name as funding_column,
        totals_computed.computed_thousand_yen as amount_thousand_yen,
        totals_computed.stated_thousand_yen as stated_subtotal_thousand_yen,
        round(
            totals_computed.stated_thousand_yen / nullif(pillar_budgets.budget_thousand_yen, 0), 4
        ) as share_of_budget,
        totals_computed.line_count,
        totals_computed.unresolved_line_count
    from totals_computed
    inner join amount_columns
        on
            totals_computed.document_id = amount_columns.document_id
            and totals_computed.column_name = amount_columns.column_name
    inner join pillar_budgets
        on
            totals_computed.document_id = pillar_budgets.document_id
            and totals_computed.total_seq = pillar_budgets.total_seq
    inner join documents
        on totals_computed.document_id = documents.document_id
    where
        totals_computed.total_sums = 'pillar'
        and amount_columns.column_role = 'funding_source'
)

select * from final
