{#- One row per line item and funding source (long format, for stacked charts). -#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

funding_sources as (
    select * from {{ ref('int_funding_sources') }}
),

final as (
    select
        budget_lines.document_id,
        budget_lines.fiscal_year,
        budget_lines.pillar_no,
        budget_lines.pillar_label,
        budget_lines.line_seq,
        budget_lines.project_name,
        budget_lines.project_key,
        budget_lines.is_repost,
        funding_sources.funding_source,
        funding_sources.funding_source_seq,
        case funding_sources.column_name
            when 'national' then budget_lines.national_thousand_yen
            when 'other' then budget_lines.other_thousand_yen
            when 'general' then budget_lines.general_thousand_yen
        end as amount_thousand_yen,
        budget_lines.funding_status,
        budget_lines.funding_proof
    from budget_lines
    cross join funding_sources
)

select * from final
