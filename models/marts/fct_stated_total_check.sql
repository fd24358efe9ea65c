{#- One row per printed total of each document of record (a pillar total, a pillar total
    with reposts, the document total; a budget book's group heading and 計 line) and amount
    column it prints, beside what its line items add up to. -#}
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

final as (
    select
        document_id,
        issuer,
        fiscal_year,
        line_seq,
        row_kind,
        total_sums,
        pillar_no,
        pillar_label,
        budget_group,
        amount_seq,
        column_name,
        stated_thousand_yen,
        computed_thousand_yen,
        computed_thousand_yen - stated_thousand_yen as difference_thousand_yen,
        case
            when computed_thousand_yen is null then 'not_computable'
            when computed_thousand_yen = stated_thousand_yen then 'reconciled'
            else 'mismatch'
        end as check_status,
        line_count,
        unresolved_line_count,
        source_line_first
    from totals_computed
    where is_of_record
)

select * from final
