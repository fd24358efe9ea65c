{#-
    Every row of seeds/flag_overrides.csv beside each line item it names (issuer — blank
    for any — fiscal year and project_key; a repost of the project gets the same flags),
    with what is wrong with it, if anything. An override may only choose among the
    readings the print allows, never contradict it: it names a line of one issuer, gives
    a value (true or false) for every flag column of the line's layout and none for a
    column the layout lacks, sets exactly as many flags as the line prints marks, sets
    new only where the period allows a new project, and, where the print says which
    column each mark stands in (a PDF), agrees with it. int_budget_lines_flagged applies
    only overrides whose failure is null; assert_flag_overrides_fit_their_line fails on
    the others.
-#}
with

overrides as (
    select * from {{ ref('flag_overrides') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

layout_columns as (
    select * from {{ ref('stg_budget_text__layout_columns') }}
),

layout_flags as (
    select
        document_id,
        bool_or(column_name = 'new') as has_new,
        bool_or(column_name = 'priority') as has_priority,
        bool_or(column_name = 'key_result') as has_key_result
    from layout_columns
    where column_role = 'flag'
    group by document_id
),

matched as (
    select
        overrides.issuer,
        overrides.fiscal_year,
        overrides.project_key,
        overrides.is_new,
        overrides.is_priority,
        overrides.is_key_result,
        overrides.source_note,
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.flag_count,
        budget_lines.flag_columns,
        budget_lines.start_fiscal_year,
        layout_flags.has_new,
        layout_flags.has_priority,
        layout_flags.has_key_result
    from overrides
    left join budget_lines
        on {{ seed_names_line('overrides', 'budget_lines') }}
    left join layout_flags
        on budget_lines.document_id = layout_flags.document_id
),

-- the columns the print places the line's marks in (a PDF; none from a text)
placed as (
    select
        *,
        list_sort(list_filter(flag_columns, lambda c: c is not null)) as flags_printed
    from matched
),

judged as (
    select
        *,
        len(flags_printed) = flag_count as columns_known,
        -- the flags the override gives, in the layout's column names
        list_filter(
            [
                case when is_new then 'new' end,
                case when is_priority then 'priority' end,
                case when is_key_result then 'key_result' end
            ],
            lambda c: c is not null
        ) as flags_set,
        list_filter(
            [
                case when has_new and is_new is null then 'new' end,
                case
                    when has_priority and is_priority is null
                        then 'priority'
                end,
                case
                    when has_key_result and is_key_result is null
                        then 'key_result'
                end
            ],
            lambda c: c is not null
        ) as flags_blank,
        list_filter(
            [
                case when not has_new and is_new is not null then 'new' end,
                case
                    when not has_priority and is_priority is not null
                        then 'priority'
                end,
                case
                    when not has_key_result and is_key_result is not null
                        then 'key_result'
                end
            ],
            lambda c: c is not null
        ) as flags_not_in_layout,
        count(distinct document_id) over (
            partition by issuer, fiscal_year, project_key
        ) as documents_matched
    from placed
),

final as (
    select
        issuer,
        fiscal_year,
        project_key,
        is_new,
        is_priority,
        is_key_result,
        source_note,
        document_id,
        line_seq,
        documents_matched,
        case
            when line_seq is null
                then
                    'no line item of that fiscal year has this project_key'
                    || coalesce(' for the issuer ' || issuer, '')
            when documents_matched > 1
                then 'line items of several issuers have this project_key: give the issuer'
            when len(flags_not_in_layout) > 0
                then format(
                    'the layout has no flag column {}: leave it blank',
                    array_to_string(flags_not_in_layout, ', ')
                )
            when len(flags_blank) > 0
                then format(
                    'the flag {} is blank: give true or false for every flag of the layout',
                    array_to_string(flags_blank, ', ')
                )
            when len(flags_set) != flag_count
                then format(
                    'the line prints {} mark(s): the override sets {} flag(s) ({})',
                    flag_count,
                    len(flags_set),
                    coalesce(nullif(array_to_string(flags_set, ', '), ''), 'none')
                )
            when is_new and start_fiscal_year < fiscal_year
                then format(
                    'the period starts in fiscal year {}, before the document''s {}: '
                    || 'the project cannot be new',
                    start_fiscal_year,
                    fiscal_year
                )
            when columns_known and list_sort(flags_set) != flags_printed
                then format(
                    'the print marks {}: the override sets {}',
                    coalesce(nullif(array_to_string(flags_printed, ', '), ''), 'none'),
                    coalesce(nullif(array_to_string(list_sort(flags_set), ', '), ''), 'none')
                )
        end as failure
    from judged
)

select * from final
