{#-
    Every printed total beside the sum of the line items it covers, one row per total
    and amount column it prints (the budget, the previous year's and the change where
    printed, and each funding source of the document's layout; a group heading prints its
    budget alone). A computed figure is null when a line it needs has that column
    unresolved: the check is then not computable, not passed.

    What a total sums is data, joined on (int_table_row_scopes): every table row (line or
    total) belongs to scopes (its document, its pillar, each budget-book group it is
    printed in); a total sums the lines sharing its scope of the kind
    seeds/total_scopes.csv gives for its `sums`, reposts counted where the seed says so.
-#}
with

table_rows as (
    select * from {{ ref('int_table_rows_pivoted') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

line_funding as (
    select * from {{ ref('int_budget_line_funding') }}
),

amount_columns as (
    select * from {{ ref('int_amount_columns') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

row_scopes as (
    select * from {{ ref('int_table_row_scopes') }}
),

stated_totals as (
    select * from table_rows
    where row_kind != 'line_item'
),

-- the scope each total sums (of the kind its `sums` names, the one it stands in)
totals_scoped as (
    select * from row_scopes
    where is_total_scope
),

-- the columns a line prints one figure in: the budget, the previous year's, the change
line_columns as (
    select * from amount_columns
    where column_role in ('amount', 'previous', 'change')
),

lines_long as (
    select
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.is_repost,
        line_columns.column_name,
        case line_columns.column_role
            when 'amount' then budget_lines.budget_thousand_yen
            when 'previous' then budget_lines.previous_thousand_yen
            when 'change' then budget_lines.change_thousand_yen
        end as amount_thousand_yen
    from budget_lines
    inner join line_columns
        on budget_lines.document_id = line_columns.document_id
    union all
    select
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.is_repost,
        line_funding.funding_column as column_name,
        line_funding.amount_thousand_yen
    from budget_lines
    inner join line_funding
        on
            budget_lines.document_id = line_funding.document_id
            and budget_lines.line_seq = line_funding.line_seq
),

totals_long as (
    select
        stated_totals.document_id,
        stated_totals.issuer,
        stated_totals.fiscal_year,
        stated_totals.is_of_record,
        stated_totals.line_seq,
        stated_totals.total_sums,
        stated_totals.row_kind,
        stated_totals.pillar_no,
        totals_scoped.scope_kind,
        totals_scoped.scope_key,
        totals_scoped.includes_reposts,
        totals_scoped.budget_group,
        stated_totals.source_line_first,
        amount_columns.amount_seq,
        amount_columns.column_name,
        amount_columns.column_label,
        amount_columns.column_role,
        amount_columns.funding_source_seq,
        case amount_columns.column_role
            when 'amount' then stated_totals.budget_thousand_yen
            when 'previous' then stated_totals.previous_thousand_yen
            when 'change' then stated_totals.change_thousand_yen
            else stated_totals.funding_figures[amount_columns.funding_source_seq]
        end as stated_thousand_yen
    from stated_totals
    -- a total without the scope it sums still lands (its lines then sum to nothing)
    left join totals_scoped
        on
            stated_totals.document_id = totals_scoped.document_id
            and stated_totals.line_seq = totals_scoped.line_seq
    inner join amount_columns
        on stated_totals.document_id = amount_columns.document_id
),

-- the columns a total prints (a group heading prints the budget alone)
totals_printed as (
    select * from totals_long
    where stated_thousand_yen is not null
),

lines_scoped as (
    select
        lines_long.*,
        row_scopes.scope_kind,
        row_scopes.scope_key
    from lines_long
    inner join row_scopes
        on
            lines_long.document_id = row_scopes.document_id
            and lines_long.line_seq = row_scopes.line_seq
),

computed as (
    select
        totals_printed.document_id,
        totals_printed.line_seq,
        totals_printed.column_name,
        count(lines_scoped.document_id) as line_count,
        count(lines_scoped.document_id) - count(lines_scoped.amount_thousand_yen)
            as unresolved_line_count,
        cast(sum(lines_scoped.amount_thousand_yen) as bigint) as known_sum_thousand_yen
    from totals_printed
    left join lines_scoped
        on
            totals_printed.document_id = lines_scoped.document_id
            and totals_printed.column_name = lines_scoped.column_name
            and totals_printed.scope_kind = lines_scoped.scope_kind
            and totals_printed.scope_key = lines_scoped.scope_key
            and (coalesce(totals_printed.includes_reposts, false) or not lines_scoped.is_repost)
    group by totals_printed.document_id, totals_printed.line_seq, totals_printed.column_name
),

final as (
    select
        totals_long.document_id,
        totals_long.issuer,
        totals_long.fiscal_year,
        totals_long.is_of_record,
        totals_long.line_seq,
        totals_long.total_sums,
        totals_long.row_kind,
        totals_long.pillar_no,
        pillar_headings.pillar_mark || ' ' || pillar_headings.pillar_title as pillar_label,
        totals_long.budget_group,
        totals_long.amount_seq,
        totals_long.column_name,
        totals_long.column_label,
        totals_long.column_role,
        totals_long.funding_source_seq,
        totals_long.stated_thousand_yen,
        case
            when computed.unresolved_line_count = 0
                then coalesce(computed.known_sum_thousand_yen, 0)
        end as computed_thousand_yen,
        computed.line_count,
        computed.unresolved_line_count,
        totals_long.source_line_first
    from totals_long
    inner join computed
        on
            totals_long.document_id = computed.document_id
            and totals_long.line_seq = computed.line_seq
            and totals_long.column_name = computed.column_name
    left join pillar_headings
        on
            totals_long.document_id = pillar_headings.document_id
            and totals_long.pillar_no = pillar_headings.pillar_no
)

select * from final
