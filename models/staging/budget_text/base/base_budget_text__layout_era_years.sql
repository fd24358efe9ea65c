with

layout_era_years as (
    select * from {{ source('budget_text', 'layout_era_years') }}
),

final as (
    select
        document_id,
        era_letter,
        era_name,
        era_offset
    from layout_era_years
)

select * from final
