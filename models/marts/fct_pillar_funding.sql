{#-
    Each pillar's funding by source, reposts excluded: the sum of its line items'
    attributed figures, beside the printed 小計 it must equal (a dbt test asserts it).
-#}
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

funding_sources as (
    select * from {{ ref('int_funding_sources') }}
),

final as (
    select
        totals_computed.document_id,
        documents.fiscal_year,
        totals_computed.pillar_no,
        totals_computed.pillar_label,
        funding_sources.funding_source,
        funding_sources.funding_source_seq,
        totals_computed.computed_thousand_yen as amount_thousand_yen,
        totals_computed.stated_thousand_yen as stated_subtotal_thousand_yen,
        totals_computed.line_count,
        totals_computed.unresolved_line_count
    from totals_computed
    inner join funding_sources
        on totals_computed.column_name = funding_sources.column_name
    inner join documents
        on totals_computed.document_id = documents.document_id
    where totals_computed.total_kind = '小計'
)

select * from final
