with

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

pillar_directions as (
    select * from {{ ref('stg_budget_text__pillar_directions') }}
),

stated_totals as (
    select * from {{ ref('stg_budget_text__stated_totals') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

documents as (
    select * from {{ ref('int_documents_of_record') }}
),

directions_listed as (
    select
        document_id,
        pillar_no,
        list(direction_text order by direction_seq) as directions
    from pillar_directions
    group by document_id, pillar_no
),

subtotals as (
    select * from stated_totals
    where total_sums = 'pillar'
),

subtotals_with_reposts as (
    select * from stated_totals
    where total_sums = 'pillar_reposts'
),

line_counts as (
    select
        document_id,
        pillar_no,
        count(*) filter (where not is_repost) as line_item_count,
        count(*) filter (where is_repost) as repost_count,
        count(*) filter (where not is_repost and funding_status = 'printed')
            as printed_line_count,
        count(*) filter (where not is_repost and funding_status = 'derived')
            as derived_line_count,
        count(*) filter (where not is_repost and funding_status = 'inferred')
            as inferred_line_count,
        count(*) filter (where not is_repost and funding_status = 'override')
            as override_line_count
    from budget_lines
    group by document_id, pillar_no
),

final as (
    select
        subtotals.document_id,
        documents.fiscal_year,
        subtotals.pillar_no,
        pillar_headings.pillar_mark,
        pillar_headings.pillar_title,
        pillar_headings.pillar_mark || ' ' || pillar_headings.pillar_title as pillar_label,
        coalesce(directions_listed.directions, []) as directions,
        coalesce(array_to_string(directions_listed.directions, '、'), '') as directions_text,
        coalesce(line_counts.line_item_count, 0) as line_item_count,
        coalesce(line_counts.repost_count, 0) as repost_count,
        coalesce(line_counts.printed_line_count, 0) as printed_line_count,
        coalesce(line_counts.derived_line_count, 0) as derived_line_count,
        coalesce(line_counts.inferred_line_count, 0) as inferred_line_count,
        coalesce(line_counts.override_line_count, 0) as override_line_count,
        subtotals.budget_thousand_yen as subtotal_budget_thousand_yen,
        subtotals_with_reposts.budget_thousand_yen
            as with_reposts_budget_thousand_yen,
        subtotals.source_line as subtotal_source_line
    from subtotals
    inner join documents
        on subtotals.document_id = documents.document_id
    left join pillar_headings
        on
            subtotals.document_id = pillar_headings.document_id
            and subtotals.pillar_no = pillar_headings.pillar_no
    left join directions_listed
        on
            subtotals.document_id = directions_listed.document_id
            and subtotals.pillar_no = directions_listed.pillar_no
    left join subtotals_with_reposts
        on
            subtotals.document_id = subtotals_with_reposts.document_id
            and subtotals.pillar_no = subtotals_with_reposts.pillar_no
    left join line_counts
        on
            subtotals.document_id = line_counts.document_id
            and subtotals.pillar_no = line_counts.pillar_no
)

select * from final
