{#- One row per pillar (基本方針) of each document of record: its heading, directions,
    printed totals and how many of its line items have each funding status. -#}
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

pillar_directions as (
    select * from {{ ref('stg_budget_text__pillar_directions') }}
),

budget_lines as (
    select * from {{ ref('fct_budget_line') }}
),

directions_listed as (
    select
        document_id,
        pillar_no,
        list(direction_text order by direction_seq) as directions
    from pillar_directions
    group by document_id, pillar_no
),

pillar_budgets as (
    select * from totals_computed
    where is_of_record and column_role = 'amount' and total_sums = 'pillar'
),

with_reposts_budgets as (
    select * from totals_computed
    where is_of_record and column_role = 'amount' and total_sums = 'pillar_reposts'
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
        pillar_budgets.document_id,
        pillar_budgets.issuer,
        pillar_budgets.fiscal_year,
        pillar_budgets.pillar_no,
        pillar_headings.pillar_mark,
        pillar_headings.pillar_title,
        pillar_budgets.pillar_label,
        coalesce(directions_listed.directions, []) as directions,
        coalesce(array_to_string(directions_listed.directions, '、'), '') as directions_text,
        coalesce(line_counts.line_item_count, 0) as line_item_count,
        coalesce(line_counts.repost_count, 0) as repost_count,
        coalesce(line_counts.printed_line_count, 0) as printed_line_count,
        coalesce(line_counts.derived_line_count, 0) as derived_line_count,
        coalesce(line_counts.inferred_line_count, 0) as inferred_line_count,
        coalesce(line_counts.override_line_count, 0) as override_line_count,
        pillar_budgets.stated_thousand_yen as subtotal_budget_thousand_yen,
        with_reposts_budgets.stated_thousand_yen as with_reposts_budget_thousand_yen,
        pillar_budgets.source_line_first as subtotal_source_line
    from pillar_budgets
    left join pillar_headings
        on
            pillar_budgets.document_id = pillar_headings.document_id
            and pillar_budgets.pillar_no = pillar_headings.pillar_no
    left join directions_listed
        on
            pillar_budgets.document_id = directions_listed.document_id
            and pillar_budgets.pillar_no = directions_listed.pillar_no
    left join with_reposts_budgets
        on
            pillar_budgets.document_id = with_reposts_budgets.document_id
            and pillar_budgets.pillar_no = with_reposts_budgets.pillar_no
    left join line_counts
        on
            pillar_budgets.document_id = line_counts.document_id
            and pillar_budgets.pillar_no = line_counts.pillar_no
)

select * from final
