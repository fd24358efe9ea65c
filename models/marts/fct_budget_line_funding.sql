{#- One row per line item and funding source of its document's layout (long format,
    for stacked charts and for any number of funding sources). -#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

line_funding as (
    select * from {{ ref('int_budget_line_funding') }}
),

final as (
    select
        budget_lines.document_id,
        budget_lines.issuer,
        budget_lines.fiscal_year,
        budget_lines.pillar_no,
        budget_lines.pillar_label,
        budget_lines.line_seq,
        budget_lines.project_name,
        budget_lines.project_key,
        budget_lines.is_repost,
        line_funding.funding_source,
        line_funding.funding_source_seq,
        line_funding.funding_column,
        line_funding.amount_thousand_yen,
        line_funding.funding_status,
        line_funding.funding_proof
    from budget_lines
    inner join line_funding
        on
            budget_lines.document_id = line_funding.document_id
            and budget_lines.line_seq = line_funding.line_seq
    where budget_lines.is_of_record
)

select * from final
