{#-
    The flags of every line item, resolved in long form: one value per line and flag
    column of its layout (int_layout_flag_columns), then one column per flag the marts
    name (is_new, is_priority, is_key_result: the layout's flag columns new, priority and
    key_result; null where the layout has no such column). Which column each printed mark
    stood in is lost in the text; what it proves is used first (flags_status 'exact'):
      no mark -> none; a mark in every flag column -> all;
      new only when the period starts in the document's own fiscal year, so a project
      that started earlier with one mark fewer than the layout's other flags has all
      of those (in the Aomori layout: 2 marks on an older project are 重点 and 主要成果).
    The rest follows seeds/flag_inference_rules.csv ('inferred'), unless
    seeds/flag_overrides.csv gives a reading the print allows ('override';
    int_flag_overrides_checked). A line is 'ambiguous' where a flag stays unknown.
-#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
),

flag_columns as (
    select * from {{ ref('int_layout_flag_columns') }}
),

-- the flags each rule sets, by the number of marks and whether the project can be new
inference_rules as (
    select
        flag_count,
        can_be_new,
        list(flag_column) as flags_set
    from {{ ref('flag_inference_rules') }}
    group by flag_count, can_be_new
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
        document_id,
        line_seq,
        flag_count,
        flag_columns as printed_columns,
        len(list_filter(flag_columns, lambda c: c is not null)) = flag_count as columns_known,
        coalesce(start_fiscal_year < fiscal_year, false) as cannot_be_new,
        not coalesce(start_fiscal_year < fiscal_year, false) as can_be_new
    from budget_lines
),

-- per line and flag column, what the marks and the period prove
line_flags as (
    select
        lines_marked.*,
        flag_columns.flag_column,
        case
            when lines_marked.flag_count = 0 then false
            when lines_marked.flag_count = flag_columns.flag_column_count then true
            when flag_columns.flag_column = 'new'
                then case when lines_marked.cannot_be_new then false end
            -- the other flags are proven together: all but new on an older project
            when
                lines_marked.cannot_be_new
                and flag_columns.layout_has_new
                and lines_marked.flag_count = flag_columns.flag_column_count - 1
                then true
        end as proven_is_set
    from lines_marked
    inner join flag_columns
        on lines_marked.document_id = flag_columns.document_id
),

-- each flag's value: an override, the printed column, the proof, the inference rule
flags_resolved as (
    select
        line_flags.document_id,
        line_flags.line_seq,
        line_flags.flag_column,
        case
            when flag_overrides.line_seq is not null
                then list_contains(flag_overrides.flags_set, line_flags.flag_column)
            when line_flags.columns_known
                then list_contains(line_flags.printed_columns, line_flags.flag_column)
            when line_flags.proven_is_set is not null then line_flags.proven_is_set
            else list_contains(inference_rules.flags_set, line_flags.flag_column)
        end as is_set,
        case
            when flag_overrides.line_seq is not null then 'override'
            when line_flags.columns_known or line_flags.proven_is_set is not null then 'exact'
            when inference_rules.flag_count is not null then 'inferred'
            else 'ambiguous'
        end as flag_status
    from line_flags
    left join flag_overrides
        on
            line_flags.document_id = flag_overrides.document_id
            and line_flags.line_seq = flag_overrides.line_seq
    left join inference_rules
        on
            line_flags.flag_count = inference_rules.flag_count
            and line_flags.can_be_new = inference_rules.can_be_new
),

flags_read as (
    select
        document_id,
        line_seq,
        any_value(is_set) filter (where flag_column = 'new') as is_new,
        any_value(is_set) filter (where flag_column = 'priority') as is_priority,
        any_value(is_set) filter (where flag_column = 'key_result') as is_key_result,
        case
            when bool_or(flag_status = 'override') then 'override'
            when bool_and(flag_status = 'exact') then 'exact'
            when bool_or(is_set is null) then 'ambiguous'
            else 'inferred'
        end as flags_status
    from flags_resolved
    group by document_id, line_seq
),

final as (
    select
        budget_lines.*,
        flags_read.is_new,
        flags_read.is_priority,
        flags_read.is_key_result,
        -- a table without flag columns (a budget book) has no flags to read
        flags_read.flags_status
    from budget_lines
    left join flags_read
        on
            budget_lines.document_id = flags_read.document_id
            and budget_lines.line_seq = flags_read.line_seq
)

select * from final
