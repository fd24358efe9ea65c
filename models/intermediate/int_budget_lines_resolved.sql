{#- Line items with their cells, funding status and flags: what the marts read (the
    amounts per funding source are in int_budget_line_funding). -#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_classified') }}
),

-- the line's status and proof (the same on each of its funding-source rows)
funding as (
    select * from {{ ref('int_budget_lines_attributed') }}
    where funding_source_seq = 1
),

flags as (
    select * from {{ ref('int_budget_lines_flagged') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

final as (
    select
        budget_lines.*,
        pillar_headings.pillar_mark || ' ' || pillar_headings.pillar_title as pillar_label,
        array_to_string(budget_lines.divisions, '、') as divisions_text,
        flags.is_new,
        flags.is_priority,
        flags.is_key_result,
        flags.flags_status,
        funding.funding_status,
        funding.funding_proof
    from budget_lines
    inner join funding
        on
            budget_lines.document_id = funding.document_id
            and budget_lines.line_seq = funding.line_seq
    inner join flags
        on
            budget_lines.document_id = flags.document_id
            and budget_lines.line_seq = flags.line_seq
    left join pillar_headings
        on
            budget_lines.document_id = pillar_headings.document_id
            and budget_lines.pillar_no = pillar_headings.pillar_no
)

select * from final
