{#-
    One row per group of a budget book (款, 項) of each document of record: its level,
    number and name as printed, the group it sits in, its path, the budget its heading
    prints, and its lines (their count and budget). A 施策一覧's groups are its pillars
    (dim_pillar).
-#}
with

budget_groups as (
    select * from {{ ref('int_budget_groups') }}
),

table_rows as (
    select * from {{ ref('int_table_rows_pivoted') }}
),

row_scopes as (
    select * from {{ ref('int_table_row_scopes') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

group_scopes as (
    select
        document_id,
        line_seq,
        scope_key as heading_seq
    from row_scopes
    where budget_group is not null
),

-- the budget a heading prints: the total row of its level in its group
heading_budgets as (
    select
        group_scopes.document_id,
        group_scopes.heading_seq,
        any_value(table_rows.budget_thousand_yen) as heading_budget_thousand_yen
    from group_scopes
    inner join table_rows
        on
            group_scopes.document_id = table_rows.document_id
            and group_scopes.line_seq = table_rows.line_seq
    inner join budget_groups
        on
            group_scopes.document_id = budget_groups.document_id
            and group_scopes.heading_seq = budget_groups.heading_seq
    where table_rows.row_kind = budget_groups.group_level
    group by group_scopes.document_id, group_scopes.heading_seq
),

group_lines as (
    select
        group_scopes.document_id,
        group_scopes.heading_seq,
        count(*) as line_count,
        sum(budget_lines.budget_thousand_yen) as lines_budget_thousand_yen
    from group_scopes
    inner join budget_lines
        on
            group_scopes.document_id = budget_lines.document_id
            and group_scopes.line_seq = budget_lines.line_seq
    group by group_scopes.document_id, group_scopes.heading_seq
),

final as (
    select
        budget_groups.document_id,
        budget_groups.issuer,
        budget_groups.fiscal_year,
        budget_groups.heading_seq,
        budget_groups.group_level,
        budget_groups.group_depth,
        budget_groups.group_number,
        budget_groups.group_name,
        budget_groups.parent_heading_seq,
        budget_groups.budget_group,
        heading_budgets.heading_budget_thousand_yen,
        coalesce(group_lines.line_count, 0) as line_count,
        cast(coalesce(group_lines.lines_budget_thousand_yen, 0) as bigint)
            as lines_budget_thousand_yen,
        budget_groups.source_line_first
    from budget_groups
    left join heading_budgets
        on
            budget_groups.document_id = heading_budgets.document_id
            and budget_groups.heading_seq = heading_budgets.heading_seq
    left join group_lines
        on
            budget_groups.document_id = group_lines.document_id
            and budget_groups.heading_seq = group_lines.heading_seq
    where budget_groups.is_of_record
)

select * from final
