{#-
    Every physical line of every document beside the parsed elements that claim it:
    column headers and titles (page furniture), line items (name, cells and division
    lines), printed totals, pillar headings and pillar directions. A non-blank line
    must be claimed by exactly one element; a blank line by none.
-#}
with

document_lines as (
    select * from {{ ref('stg_budget_text__document_lines') }}
),

table_rows as (
    select * from {{ ref('stg_budget_text__table_rows') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

pillar_directions as (
    select * from {{ ref('stg_budget_text__pillar_directions') }}
),

page_furniture as (
    select * from {{ ref('stg_budget_text__page_furniture') }}
),

claims as (
    select
        document_id,
        case when row_kind = 'line_item' then 'line_item' else 'total' end as element_kind,
        unnest(source_line_numbers) as line_no
    from table_rows
    union all
    select
        document_id,
        'pillar_heading' as element_kind,
        unnest(source_line_numbers) as line_no
    from pillar_headings
    union all
    select
        document_id,
        'pillar_direction' as element_kind,
        unnest(source_line_numbers) as line_no
    from pillar_directions
    union all
    select
        document_id,
        furniture_kind as element_kind,
        unnest(source_line_numbers) as line_no
    from page_furniture
),

claims_per_line as (
    select
        document_id,
        line_no,
        count(*) as element_count,
        string_agg(element_kind, ', ' order by element_kind) as element_kinds
    from claims
    group by document_id, line_no
),

final as (
    select
        document_lines.document_id,
        document_lines.line_no,
        document_lines.page_no,
        document_lines.line_text,
        document_lines.is_blank,
        coalesce(claims_per_line.element_count, 0) as element_count,
        claims_per_line.element_kinds
    from document_lines
    left join claims_per_line
        on
            document_lines.document_id = claims_per_line.document_id
            and document_lines.line_no = claims_per_line.line_no
)

select * from final
