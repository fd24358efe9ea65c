{#- One row per line item and funding source (long format, for stacked charts). -#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

funding_sources as (
    select
        sources.funding_source,
        sources.funding_source_seq
    from (
        values
        ('国庫', 1),
        ('その他', 2),
        ('一般財源', 3)
    ) as sources (funding_source, funding_source_seq)
),

final as (
    select
        budget_lines.document_id,
        budget_lines.fiscal_year,
        budget_lines.pillar_no,
        budget_lines.line_seq,
        budget_lines.project_name,
        budget_lines.project_key,
        budget_lines.is_repost,
        funding_sources.funding_source,
        funding_sources.funding_source_seq,
        case funding_sources.funding_source_seq
            when 1 then budget_lines.national_thousand_yen
            when 2 then budget_lines.other_thousand_yen
            when 3 then budget_lines.general_thousand_yen
        end as amount_thousand_yen,
        budget_lines.funding_status,
        budget_lines.funding_proof
    from budget_lines
    cross join funding_sources
)

select * from final
