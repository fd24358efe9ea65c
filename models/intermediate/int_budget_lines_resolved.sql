{#-
    Line items with everything the marts show about them: their cells and flags
    (int_budget_lines_flagged), their funding status and proof from attribution (the
    amounts per funding source are in int_budget_line_funding), the source an override
    cites, their pillar's label, and in a budget book their level (目) and the group they
    are printed in (int_budget_line_groups).
-#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_flagged') }}
),

-- the line's status and proof (the same on each of its funding-source rows)
attributed as (
    select * from {{ ref('int_budget_lines_attributed') }}
),

overrides_checked as (
    select * from {{ ref('int_funding_overrides_checked') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

line_groups as (
    select * from {{ ref('int_budget_line_groups') }}
),

line_status as (
    select * from attributed
    where funding_source_seq = 1
),

override_notes as (
    select
        document_id,
        line_seq,
        any_value(source_note) as funding_override_note
    from overrides_checked
    where failure is null
    group by document_id, line_seq
),

final as (
    select
        budget_lines.*,
        pillar_headings.pillar_mark || ' ' || pillar_headings.pillar_title as pillar_label,
        line_groups.line_level,
        line_groups.heading_seq,
        line_groups.budget_group,
        array_to_string(budget_lines.divisions, '、') as divisions_text,
        line_status.funding_status,
        line_status.funding_proof,
        override_notes.funding_override_note
    from budget_lines
    inner join line_status
        on
            budget_lines.document_id = line_status.document_id
            and budget_lines.line_seq = line_status.line_seq
    left join override_notes
        on
            budget_lines.document_id = override_notes.document_id
            and budget_lines.line_seq = override_notes.line_seq
    left join pillar_headings
        on
            budget_lines.document_id = pillar_headings.document_id
            and budget_lines.pillar_no = pillar_headings.pillar_no
    inner join line_groups
        on
            budget_lines.document_id = line_groups.document_id
            and budget_lines.line_seq = line_groups.line_seq
)

select * from final
