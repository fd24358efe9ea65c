with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

documents as (
    select * from {{ ref('int_documents_of_record') }}
),

final as (
    select
        totals_computed.document_id,
        documents.fiscal_year,
        totals_computed.total_kind as kind,
        totals_computed.total_sums,
        totals_computed.pillar_no,
        totals_computed.pillar_label,
        totals_computed.column_name,
        totals_computed.stated_thousand_yen,
        totals_computed.computed_thousand_yen,
        totals_computed.computed_thousand_yen - totals_computed.stated_thousand_yen
            as difference_thousand_yen,
        case
            when totals_computed.computed_thousand_yen is null then 'not_computable'
            when totals_computed.computed_thousand_yen = totals_computed.stated_thousand_yen
                then 'reconciled'
            else 'mismatch'
        end as check_status,
        totals_computed.line_count,
        totals_computed.unresolved_line_count,
        totals_computed.source_line
    from totals_computed
    inner join documents
        on totals_computed.document_id = documents.document_id
)

select * from final
