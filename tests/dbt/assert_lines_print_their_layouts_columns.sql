{{ config(store_failures=true) }}

-- A layout declares only the columns its table prints; where it declares a period, a
-- division or a pillar column, every line item has one, and where it declares flag
-- columns, every line's flags are read (the contracts cannot say so: a budget book's
-- lines have none of these). Each failing row names the document, the line and the
-- missing column.
with

budget_lines as (
    select * from {{ ref('int_budget_lines_flagged') }}
),

layout_columns as (
    select * from {{ ref('stg_budget_text__layout_columns') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

lines_missing as (
    select
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.project_name,
        budget_lines.source_line_first,
        layout_columns.column_role as missing_role
    from budget_lines
    inner join layout_columns
        on budget_lines.document_id = layout_columns.document_id
    where
        (
            layout_columns.column_role = 'period'
            and (budget_lines.period_text is null or budget_lines.start_fiscal_year is null)
        )
        or (layout_columns.column_role = 'division' and budget_lines.division is null)
        or (layout_columns.column_role = 'pillar' and budget_lines.pillar_no is null)
        or (layout_columns.column_role = 'flag' and budget_lines.flags_status is null)
)

select
    documents.file_name,
    lines_missing.line_seq,
    lines_missing.project_name,
    lines_missing.source_line_first,
    'no ' || lines_missing.missing_role || ' read, though its layout has that column'
        as failure
from lines_missing
inner join documents
    on lines_missing.document_id = documents.document_id
