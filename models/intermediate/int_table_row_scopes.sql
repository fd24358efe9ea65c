{#-
    The scopes every table row (line or printed total) belongs to, one row each: its
    document, its pillar (a 施策一覧), each budget-book group it is printed in (款, 項).
    A total sums the lines sharing its scope of the kind seeds/total_scopes.csv gives for
    its `sums` (a `sums` not listed there is a group level: the group of that level it
    stands in); is_total_scope marks that scope, with whether reposts count. What a total
    sums is so data joined on (int_stated_totals_computed), not a branch of SQL per kind.
-#}
with

table_rows as (
    select * from {{ ref('int_table_rows_pivoted') }}
),

row_groups as (
    select * from {{ ref('stg_budget_text__table_row_groups') }}
),

budget_groups as (
    select * from {{ ref('int_budget_groups') }}
),

total_scopes as (
    select * from {{ ref('total_scopes') }}
),

row_scopes as (
    select
        document_id,
        line_seq,
        'document' as scope_kind,
        0 as scope_key,
        cast(null as varchar) as budget_group
    from table_rows
    union all
    select
        document_id,
        line_seq,
        'pillar' as scope_kind,
        pillar_no as scope_key,
        cast(null as varchar) as budget_group
    from table_rows
    where pillar_no is not null
    union all
    select
        row_groups.document_id,
        row_groups.line_seq,
        budget_groups.group_level as scope_kind,
        row_groups.heading_seq as scope_key,
        budget_groups.budget_group
    from row_groups
    inner join budget_groups
        on
            row_groups.document_id = budget_groups.document_id
            and row_groups.heading_seq = budget_groups.heading_seq
),

-- the kind of scope each total sums, from its `sums`
totals_summing as (
    select
        table_rows.document_id,
        table_rows.line_seq,
        coalesce(total_scopes.scope_kind, table_rows.total_sums) as scope_kind,
        coalesce(total_scopes.includes_reposts, false) as includes_reposts
    from table_rows
    left join total_scopes
        on table_rows.total_sums = total_scopes.total_sums
    where table_rows.row_kind != 'line_item'
),

final as (
    select
        row_scopes.document_id,
        row_scopes.line_seq,
        row_scopes.scope_kind,
        row_scopes.scope_key,
        row_scopes.budget_group,
        totals_summing.line_seq is not null as is_total_scope,
        coalesce(totals_summing.includes_reposts, false) as includes_reposts
    from row_scopes
    left join totals_summing
        on
            row_scopes.document_id = totals_summing.document_id
            and row_scopes.line_seq = totals_summing.line_seq
            and row_scopes.scope_kind = totals_summing.scope_kind
)

select * from final
