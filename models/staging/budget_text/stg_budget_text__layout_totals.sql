{#- The total lines each document's layout declares (raw.layout_totals). -#}
with

layout_totals as (
    select * from {{ source('budget_text', 'layout_totals') }}
),

final as (
    select
        document_id,
        total_kind,
        total_sums
    from layout_totals
)

select * from final
