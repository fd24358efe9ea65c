{#-
    The flags of every line item (is_new, is_priority, is_key_result: the layout's flag
    columns named new, priority and key_result; null where the document's layout has no
    such column). Which column each printed mark stood in is lost in the text; what it
    proves is used first (flags_status 'exact'):
      no mark -> none; a mark in every flag column -> all;
      new only when the period starts in the document's own fiscal year, so a project
      that started earlier with one mark fewer than the layout's other flags has all
      of those (in the Aomori layout: 2 marks on an older project are 重点 and 主要成果).
    The rest follows seeds/flag_inference_rules.csv ('inferred'), unless
    seeds/flag_overrides.csv gives a reading the print allows ('override';
    int_flag_overrides_checked).
-#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

layout_columns as (
    select * from {{ ref('stg_budget_text__layout_columns') }}
),

inference_rules as (
    select * from {{ ref('flag_inference_rules') }}
),

-- overrides the print allows (int_flag_overrides_checked), one row per line they name
flag_overrides as (
    select * from {{ ref('int_flag_overrides_checked') }}
    where failure is null
),

-- every mark's column printed (a PDF, or the text when none or all are marked), and
-- whether the period proves the project older than the document (so not 新規)
lines_marked as (
    select
        *,
        len(list_filter(flag_columns, lambda c: c is not null)) = flag_count as columns_known,
        start_fiscal_year < fiscal_year as cannot_be_new
    from budget_lines
),

layout_flags as (
    select
        document_id,
        count(*) as flag_column_count,
        bool_or(column_name = 'new') as has_new,
        bool_or(column_name = 'priority') as has_priority,
        bool_or(column_name = 'key_result') as has_key_result
    from layout_columns
    where column_role = 'flag'
    group by document_id
),

proven as (
    select
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.fiscal_year,
        budget_lines.issuer,
        budget_lines.project_key,
        budget_lines.flag_count,
        budget_lines.flag_columns,
        budget_lines.columns_known,
        layout_flags.flag_column_count is not null as has_flags,
        layout_flags.has_new,
        layout_flags.has_priority,
        layout_flags.has_key_result,
        not coalesce(budget_lines.cannot_be_new, false) as can_be_new,
        case
            when budget_lines.flag_count = 0 then false
            when budget_lines.flag_count = layout_flags.flag_column_count then true
            when budget_lines.cannot_be_new then false
        end as proven_is_new,
        -- the other flags are proven together: none, all, or all but new on an older project
        case
            when budget_lines.flag_count = 0 then false
            when budget_lines.flag_count = layout_flags.flag_column_count then true
            when
                budget_lines.cannot_be_new
                and layout_flags.has_new
                and budget_lines.flag_count = layout_flags.flag_column_count - 1
                then true
        end as proven_other_flags
    from lines_marked as budget_lines
    left join layout_flags
        on budget_lines.document_id = layout_flags.document_id
),

flags_read as (
    select
        proven.document_id,
        proven.line_seq,
        case
            when proven.has_new
                then
                    coalesce(
                        flag_overrides.is_new,
                        case
                            when proven.columns_known
                                then list_contains(proven.flag_columns, 'new')
                        end,
                        proven.proven_is_new,
                        inference_rules.is_new
                    )
        end as is_new,
        case
            when proven.has_priority
                then
                    coalesce(
                        flag_overrides.is_priority,
                        case
                            when proven.columns_known
                                then list_contains(proven.flag_columns, 'priority')
                        end,
                        proven.proven_other_flags,
                        inference_rules.is_priority
                    )
        end as is_priority,
        case
            when proven.has_key_result
                then
                    coalesce(
                        flag_overrides.is_key_result,
                        case
                            when proven.columns_known
                                then list_contains(proven.flag_columns, 'key_result')
                        end,
                        proven.proven_other_flags,
                        inference_rules.is_key_result
                    )
        end as is_key_result,
        case
            -- a table without flag columns (a budget book) has no flags to read
            when not proven.has_flags then null
            when flag_overrides.line_seq is not null then 'override'
            when proven.columns_known then 'exact'
            when
                (not proven.has_new or proven.proven_is_new is not null)
                and proven.proven_other_flags is not null
                then 'exact'
            when inference_rules.flag_count is not null then 'inferred'
            else 'ambiguous'
        end as flags_status
    from proven
    left join flag_overrides
        on
            proven.document_id = flag_overrides.document_id
            and proven.line_seq = flag_overrides.line_seq
    left join inference_rules
        on
            proven.flag_count = inference_rules.flag_count
            and proven.can_be_new = inference_rules.can_be_new
),

final as (
    select
        budget_lines.*,
        flags_read.is_new,
        flags_read.is_priority,
        flags_read.is_key_result,
        flags_read.flags_status
    from budget_lines
    inner join flags_read
        on
            budget_lines.document_id = flags_read.document_id
            and budget_lines.line_seq = flags_read.line_seq
)

select * from final
