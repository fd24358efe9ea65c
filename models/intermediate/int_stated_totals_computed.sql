{#-
    Every printed total beside the sum of the line items it covers, one row per total
    and amount column (the budget, the previous year's and the change where printed, and
    each funding source of the document's layout). A computed figure is null when a line
    it needs has that column unresolved: the check is then not computable, not passed. What a total sums comes from its layout:
      pillar          the pillar's lines without reposts
      pillar_reposts  all the pillar's lines, reposts included
      document        all lines of the document without reposts
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

stated_totals as (
    select * from table_rows
    where row_kind != 'line_item'
),

-- the columns a line prints one figure in: the budget, the previous year's, the change
line_columns as (
    select * from amount_columns
    where column_role in ('amount', 'previous', 'change')
),

lines_long as (
    select
        budget_lines.document_id,
        budget_lines.pillar_no,
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
        budget_lines.pillar_no,
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
    inner join amount_columns
        on stated_totals.document_id = amount_columns.document_id
),

computed as (
    select
        totals_long.document_id,
        totals_long.line_seq,
        totals_long.column_name,
        count(lines_long.document_id) as line_count,
        count(lines_long.document_id) - count(lines_long.amount_thousand_yen)
            as unresolved_line_count,
        cast(sum(lines_long.amount_thousand_yen) as bigint) as known_sum_thousand_yen
    from totals_long
    left join lines_long
        on
            totals_long.document_id = lines_long.document_id
            and totals_long.column_name = lines_long.column_name
            and (
                (
                    totals_long.total_sums = 'pillar'
                    and totals_long.pillar_no = lines_long.pillar_no
                    and not lines_long.is_repost
                )
                or (
                    totals_long.total_sums = 'pillar_reposts'
                    and totals_long.pillar_no = lines_long.pillar_no
                )
                or (totals_long.total_sums = 'document' and not lines_long.is_repost)
            )
    group by totals_long.document_id, totals_long.line_seq, totals_long.column_name
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
