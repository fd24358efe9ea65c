{{ config(store_failures=true) }}

-- Each document prints every total its layout declares: one document total where the
-- layout declares one (a budget book's part has none: its 款 heading is its outermost
-- total), one pillar total per pillar heading, and in a budget book one closing total
-- line per group of the level it sums (a 計 per 項). The pillars agree: a line's pillar
-- (counted by the pillar totals printed before it) is the number of a heading's mark. A
-- document that stops early (no document total, a 項 without its 計), lost a pillar or
-- prints its headings out of step fails here with a message saying which.
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

layout_totals as (
    select * from {{ ref('stg_budget_text__layout_totals') }}
),

row_groups as (
    select * from {{ ref('stg_budget_text__table_row_groups') }}
),

budget_groups as (
    select * from {{ ref('int_budget_groups') }}
),

document_totals_declared as (
    select distinct document_id
    from layout_totals
    where total_sums = 'document'
),

-- each group of a level a declared total line sums, with how many of those it prints
group_totals as (
    select
        budget_groups.document_id,
        budget_groups.budget_group,
        layout_totals.total_kind,
        count(table_rows.line_seq) as total_count
    from budget_groups
    inner join layout_totals
        on
            budget_groups.document_id = layout_totals.document_id
            and budget_groups.group_level = layout_totals.total_sums
    left join row_groups
        on
            budget_groups.document_id = row_groups.document_id
            and budget_groups.heading_seq = row_groups.heading_seq
    left join table_rows
        on
            row_groups.document_id = table_rows.document_id
            and row_groups.line_seq = table_rows.line_seq
            and layout_totals.total_kind = table_rows.row_kind
    group by budget_groups.document_id, budget_groups.budget_group, layout_totals.total_kind
),

groups_without_total as (
    select
        document_id,
        string_agg(budget_group || ' (' || total_count || ' ' || total_kind || ')', ', ')
            as budget_groups
    from group_totals
    where total_count != 1
    group by document_id
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
        pillars_without_heading.pillar_numbers as pillars_without_heading,
        document_totals_declared.document_id is not null as declares_document_total,
        groups_without_total.budget_groups as groups_without_total
    from documents
    left join total_counts
        on documents.document_id = total_counts.document_id
    left join heading_counts
        on documents.document_id = heading_counts.document_id
    left join pillars_without_heading
        on documents.document_id = pillars_without_heading.document_id
    left join document_totals_declared
        on documents.document_id = document_totals_declared.document_id
    left join groups_without_total
        on documents.document_id = groups_without_total.document_id
)

select
    *,
    case
        when declares_document_total and grand_total_count = 0
            then
                'the grand total (the line summing the document) is missing: '
                || 'the document may be truncated'
        when grand_total_count > 1 then 'more than one grand total'
        when subtotal_count != heading_count
            then 'the number of pillar totals differs from the number of pillar headings'
        when groups_without_total is not null
            then
                'groups without exactly one closing total line (the document may be '
                || 'truncated): '
                || groups_without_total
        else 'lines of pillar(s) ' || pillars_without_heading || ' have no heading of that number'
    end as failure
from counts
where
    (declares_document_total and grand_total_count = 0)
    or grand_total_count > 1
    or subtotal_count != heading_count
    or groups_without_total is not null
    or pillars_without_heading is not null
