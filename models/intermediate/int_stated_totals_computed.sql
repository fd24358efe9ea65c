{#-
    Every printed total (小計, 〃 再掲含む, 合計) beside the sum of the line items it
    covers, one row per total and column. A computed figure is null when a line it
    needs has that column unresolved: the check is then not computable, not passed.
      小計      = the pillar's lines without reposts
      再掲含む  = all the pillar's lines, reposts included
      合計      = all lines of the document without reposts
-#}
with

stated_totals as (
    select * from {{ ref('stg_budget_text__stated_totals') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

columns_printed as (
    select * from {{ ref('printed_columns') }}
),

pillar_headings as (
    select * from {{ ref('stg_budget_text__pillar_headings') }}
),

lines_long as (
    select
        budget_lines.document_id,
        budget_lines.pillar_no,
        budget_lines.is_repost,
        columns_printed.column_name,
        case columns_printed.column_name
            when 'budget' then budget_lines.budget_thousand_yen
            when 'national' then budget_lines.national_thousand_yen
            when 'other' then budget_lines.other_thousand_yen
            when 'general' then budget_lines.general_thousand_yen
        end as amount_thousand_yen
    from budget_lines
    cross join columns_printed
),

totals_long as (
    select
        stated_totals.document_id,
        stated_totals.total_seq,
        stated_totals.total_kind,
        stated_totals.pillar_no,
        stated_totals.source_line,
        columns_printed.column_seq,
        columns_printed.column_name,
        case columns_printed.column_name
            when 'budget' then stated_totals.budget_thousand_yen
            when 'national' then stated_totals.national_thousand_yen
            when 'other' then stated_totals.other_thousand_yen
            when 'general' then stated_totals.general_thousand_yen
        end as stated_thousand_yen
    from stated_totals
    cross join columns_printed
),

computed as (
    select
        totals_long.document_id,
        totals_long.total_seq,
        totals_long.column_name,
        count(lines_long.document_id) as line_count,
        count(lines_long.document_id) - count(lines_long.amount_thousand_yen)
            as unresolved_line_count,
        sum(lines_long.amount_thousand_yen) as known_sum_thousand_yen
    from totals_long
    left join lines_long
        on
            totals_long.document_id = lines_long.document_id
            and totals_long.column_name = lines_long.column_name
            and (
                (
                    totals_long.total_kind = '小計'
                    and totals_long.pillar_no = lines_long.pillar_no
                    and not lines_long.is_repost
                )
                or (
                    totals_long.total_kind = '再掲含む'
                    and totals_long.pillar_no = lines_long.pillar_no
                )
                or (totals_long.total_kind = '合計' and not lines_long.is_repost)
            )
    group by totals_long.document_id, totals_long.total_seq, totals_long.column_name
),

final as (
    select
        totals_long.document_id,
        totals_long.total_seq,
        totals_long.total_kind,
        totals_long.pillar_no,
        pillar_headings.pillar_mark || ' ' || pillar_headings.pillar_title as pillar_label,
        totals_long.column_seq,
        totals_long.column_name,
        totals_long.stated_thousand_yen,
        case
            when computed.unresolved_line_count = 0
                then coalesce(computed.known_sum_thousand_yen, 0)
        end as computed_thousand_yen,
        computed.line_count,
        computed.unresolved_line_count,
        totals_long.source_line
    from totals_long
    inner join computed
        on
            totals_long.document_id = computed.document_id
            and totals_long.total_seq = computed.total_seq
            and totals_long.column_name = computed.column_name
    left join pillar_headings
        on
            totals_long.document_id = pillar_headings.document_id
            and totals_long.pillar_no = pillar_headings.pillar_no
)

select * from final
