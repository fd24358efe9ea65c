{{ config(store_failures=true) }}

-- Each document prints one document total and one pillar total per pillar heading, and
-- the pillars agree: a line's pillar (counted by the pillar totals printed before it) is
-- the number of a heading's mark. A document that stops early (no document total), lost a
-- pillar or prints its headings out of step fails here with a message saying which.
with

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

table_rows as (
    select * from {{ ref('stg_budget_text__table_rows') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

total_counts as (
    select
        document_id,
        count(*) filter (where total_sums = 'document') as grand_total_count,
        count(*) filter (where total_sums = 'pillar') as subtotal_count
    from table_rows
    group by document_id
),

heading_counts as (
    select
        document_id,
        count(*) as heading_count
    from pillar_headings
    group by document_id
),

pillars_without_heading as (
    select
        table_rows.document_id,
        string_agg(distinct cast(table_rows.pillar_no as varchar), ', ') as pillar_numbers
    from table_rows
    left join pillar_headings
        on
            table_rows.document_id = pillar_headings.document_id
            and table_rows.pillar_no = pillar_headings.pillar_no
    where table_rows.pillar_no is not null and pillar_headings.pillar_no is null
    group by table_rows.document_id
),

counts as (
    select
        documents.document_id,
        documents.file_name,
        coalesce(total_counts.grand_total_count, 0) as grand_total_count,
        coalesce(total_counts.subtotal_count, 0) as subtotal_count,
        coalesce(heading_counts.heading_count, 0) as heading_count,
        pillars_without_heading.pillar_numbers as pillars_without_heading
    from documents
    left join total_counts
        on documents.document_id = total_counts.document_id
    left join heading_counts
        on documents.document_id = heading_counts.document_id
    left join pillars_without_heading
        on documents.document_id = pillars_without_heading.document_id
)

select
    *,
    case
        when grand_total_count = 0
            then
                'the grand total (the line summing the document) is missing: '
                || 'the document may be truncated'
        when grand_total_count > 1 then 'more than one grand total'
        when subtotal_count != heading_count
            then 'the number of pillar totals differs from the number of pillar headings'
        else 'lines of pillar(s) ' || pillars_without_heading || ' have no heading of that number'
    end as failure
from counts
where
    grand_total_count != 1
    or subtotal_count != heading_count
    or pillars_without_heading is not null
