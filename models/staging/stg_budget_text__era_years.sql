with

era_years as (
    select * from {{ source('budget_text', 'era_years') }}
),

final as (
    select
        document_id,
        era_letter,
        era_name,
        offset_years
    from era_years
)

select * from final
