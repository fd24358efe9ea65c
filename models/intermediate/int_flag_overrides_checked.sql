{#-
    Every override in seeds/flag_overrides.csv (one row per flag it sets, by the layout's
    flag column name; the line's other flags are not set) beside each line item it names
    (issuer — blank for any — fiscal year and project_key; a repost of the project gets
    the same flags), with what is wrong with it, if anything. An override may only choose
    among the readings the print allows, never contradict it: it names a line of one
    issuer, sets only flag columns of the line's layout, each once, sets exactly as many
    flags as the line prints marks, sets new only where the period allows a new project,
    and, where the print says which column each mark stands in (a PDF), agrees with it.
    int_budget_lines_flagged applies only overrides whose failure is null;
    assert_flag_overrides_fit_their_line fails on the others.
-#}
with

-- one override a line: the flags it sets
overrides as (
    select
        issuer,
        fiscal_year,
        project_key,
        budget_group,
        list_sort(list(flag_column)) as flags_set,
        string_agg(distinct source_note, '; ' order by source_note) as source_note
    from {{ ref('flag_overrides') }}
    group by issuer, fiscal_year, project_key, budget_group
),

budget_lines as (
    select
        corrected.*,
        line_groups.budget_group as line_budget_group
    from {{ ref('int_budget_lines_corrected') }} as corrected
    left join {{ ref('int_budget_line_groups') }} as line_groups
        on
            corrected.document_id = line_groups.document_id
            and corrected.line_seq = line_groups.line_seq
),

layout_flags as (
    select
        document_id,
        list_sort(list(flag_column)) as layout_flag_columns
    from {{ ref('int_layout_flag_columns') }}
    group by document_id
),

matched as (
    select
        overrides.issuer,
        overrides.fiscal_year,
        overrides.project_key,
        overrides.budget_group,
        overrides.flags_set,
        overrides.source_note,
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.flag_count,
        budget_lines.flag_columns,
        budget_lines.start_fiscal_year,
        budget_lines.line_budget_group,
        coalesce(layout_flags.layout_flag_columns, []) as layout_flag_columns
    from overrides
    left join budget_lines
        on {{ seed_names_line('overrides', 'budget_lines') }}
    left join layout_flags
        on budget_lines.document_id = layout_flags.document_id
),

judged as (
    select
        *,
        -- the columns the print places the line's marks in (a PDF; none from a text)
        list_sort(list_filter(flag_columns, lambda c: c is not null)) as flags_printed,
        len(list_filter(flag_columns, lambda c: c is not null)) = flag_count as columns_known,
        list_filter(
            flags_set, lambda c: not list_contains(layout_flag_columns, c)
        ) as flags_not_in_layout,
        count(distinct document_id) over (
            partition by issuer, fiscal_year, project_key, budget_group
        ) as documents_matched,
        count(distinct line_budget_group) over (
            partition by issuer, fiscal_year, project_key, budget_group
        ) as groups_matched
    from matched
),

final as (
    select
        issuer,
        fiscal_year,
        project_key,
        budget_group,
        flags_set,
        source_note,
        document_id,
        line_seq,
        documents_matched,
        case
            when line_seq is null
                then
                    'no line item of that fiscal year has this project_key'
                    || coalesce(' for the issuer ' || issuer, '')
                    || coalesce(' in the budget group ' || budget_group, '')
            when documents_matched > 1
                then 'line items of several issuers have this project_key: give the issuer'
            when groups_matched > 1
                then
                    'line items in several budget groups have this project_key: '
                    || 'give the budget_group'
            when len(flags_not_in_layout) > 0
                then format(
                    'the layout has no flag column {}: name only its flag columns ({})',
                    array_to_string(flags_not_in_layout, ', '),
                    array_to_string(layout_flag_columns, ', ')
                )
            when len(list_distinct(flags_set)) < len(flags_set)
                then format(
                    'the override names a flag twice ({}): one row per flag it sets',
                    array_to_string(flags_set, ', ')
                )
            when len(flags_set) != flag_count
                then format(
                    'the line prints {} mark(s): the override sets {} flag(s) ({})',
                    flag_count,
                    len(flags_set),
                    array_to_string(flags_set, ', ')
                )
            when list_contains(flags_set, 'new') and start_fiscal_year < fiscal_year
                then format(
                    'the period starts in fiscal year {}, before the document''s {}: '
                    || 'the project cannot be new',
                    start_fiscal_year,
                    fiscal_year
                )
            when columns_known and flags_set != flags_printed
                then format(
                    'the print marks {}: the override sets {}',
                    coalesce(nullif(array_to_string(flags_printed, ', '), ''), 'none'),
                    array_to_string(flags_set, ', ')
                )
        end as failure
    from judged
)

select * from final
