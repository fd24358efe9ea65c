{#-
    One row per printed cell, read with the grammar of the layout its document was read with
    (landed beside the cells: raw.layout_cell_grammar, layout_cell_marks, layout_era_years).
    Every value is read from the cell's NFKC form (full-width digits, letters and dashes made
    half-width by the loader, the one normalisation SQL cannot do):
    - an amount (a budget, funding, previous-year or change figure): the layout's digit grammar, after one of its negative marks when it prints
      them (△1,234 -> -1234); a blank amount cell (a total line's empty column) is 0;
    - an item number (目 1, 2, …): its digits;
    - a flag: one of the layout's flag marks;
    - a period: the layout's period pattern; its years through the era table (R4-R5 ->
      2022-2023, H19- -> 2007 and open), or as printed for a Gregorian layout;
    - a foundation mark: the support it stands for (full, partial);
    - a name: its project key (no white space);
    - a bracketed division part (a regional office, a note): the text inside the brackets.
    A cell that does not read has a parse_failure and no value; the data test
    assert_printed_cells_parse fails the build on it, naming the cell.

    One set-based pass a reader, in a view like the other staging models: parsing a
    thousand documents' million cells takes DuckDB about 0.2 s, less than writing them to a
    table (measured: benchmarks/RESULTS.md). Its grain follows from its inputs': each base
    model has one row per key (their unique_combination_of_columns tests), and each cell
    joins at most one grammar row, mark and era.
-#}
{#- the roles whose cells are figures (thousand yen) -#}
{%- set figure_roles = "('amount', 'funding_source', 'previous', 'change')" %}
with

table_cells as (
    select * from {{ ref('base_budget_text__table_cells') }}
),

cell_grammar as (
    select * from {{ ref('base_budget_text__layout_cell_grammar') }}
),

cell_marks as (
    select * from {{ ref('base_budget_text__layout_cell_marks') }}
),

era_years as (
    select * from {{ ref('base_budget_text__layout_era_years') }}
),

cells_split as (
    -- each cell's text taken apart as its role's grammar prints it
    select
        table_cells.*,
        cell_grammar.period_kind,
        cell_grammar.amount_pattern,
        cell_grammar.period_pattern,
        cell_grammar.document_id is not null as has_grammar,
        table_cells.cell_text_nfkc != ''
        and cell_grammar.negative_marks != ''
        and contains(cell_grammar.negative_marks, left(table_cells.cell_text_nfkc, 1))
            as is_negative,
        -- a period without white space, its dashes made one, cut at the dash
        case
            when table_cells.cell_role = 'period'
                then
                    string_split(
                        translate(
                            regexp_replace(table_cells.cell_text_nfkc, '\s', '', 'g'),
                            cell_grammar.period_dashes,
                            repeat('-', length(cell_grammar.period_dashes))
                        ),
                        '-'
                    )
        end as period_parts
    from table_cells
    left join cell_grammar
        on table_cells.document_id = cell_grammar.document_id
),

cells_matched as (
    select
        *,
        case when is_negative then substr(cell_text_nfkc, 2) else cell_text_nfkc end
            as amount_digits_text,
        case
            when cell_role = 'period'
                then {{ match_landed_pattern(
                    'cell_text_nfkc',
                    'period_pattern',
                    'period_pattern',
                    ref('base_budget_text__layout_cell_grammar')
                ) }}
        end as is_printed_period
    from cells_split
),

cells_read as (
    select
        cells_matched.*,
        case
            when cells_matched.cell_role in {{ figure_roles }}
                then
                    cells_matched.cell_text_nfkc = ''
                    or {{ match_landed_pattern(
                        'cells_matched.amount_digits_text',
                        'cells_matched.amount_pattern',
                        'amount_pattern',
                        ref('base_budget_text__layout_cell_grammar')
                    ) }}
        end as is_printed_amount,
        cell_marks.mark_meaning,
        start_era.era_offset as start_era_offset,
        end_era.era_offset as end_era_offset,
        regexp_full_match(cells_matched.cell_text, '[（(].*[）)]') as is_bracketed
    from cells_matched
    left join cell_marks
        on
            cells_matched.document_id = cell_marks.document_id
            and cells_matched.cell_role = cell_marks.cell_role
            and trim(cells_matched.cell_text_nfkc) = cell_marks.mark
    left join era_years as start_era
        on
            cells_matched.cell_role = 'period'
            and cells_matched.period_kind = 'era'
            and cells_matched.document_id = start_era.document_id
            and left(cells_matched.period_parts[1], 1) = start_era.era_letter
    left join era_years as end_era
        on
            cells_matched.cell_role = 'period'
            and cells_matched.period_kind = 'era'
            and cells_matched.document_id = end_era.document_id
            and left(cells_matched.period_parts[2], 1) = end_era.era_letter
),

cells_failed as (
    select
        *,
        case
            when not has_grammar then 'no cell grammar was landed for its document'
            when cell_role in {{ figure_roles }} and not is_printed_amount
                then 'not an amount'
            when cell_role = 'flag' and mark_meaning is null then 'not a flag mark'
            when cell_role = 'foundation' and mark_meaning is null then 'not a foundation mark'
            when cell_role = 'period' and not is_printed_period then 'not a period'
            when
                cell_role = 'period'
                and period_kind = 'era'
                and (
                    start_era_offset is null
                    or (coalesce(period_parts[2], '') != '' and end_era_offset is null)
                )
                then 'an era letter its layout does not list'
            when cell_role in ('regional_office', 'division_note') and not is_bracketed
                then 'not bracketed'
            when cell_role = 'item_number' and not regexp_full_match(cell_text_nfkc, '[0-9]+')
                then 'not an item number'
        end as parse_failure
    from cells_read
),

cells_valued as (
    select
        *,
        case
            when parse_failure is null and cell_role = 'period' and period_kind = 'era'
                then start_era_offset + cast(substr(period_parts[1], 2) as integer)
            when parse_failure is null and cell_role = 'period'
                then cast(period_parts[1] as integer)
        end as start_fiscal_year,
        case
            when parse_failure is null and cell_role = 'period' and period_kind = 'era'
                then end_era_offset + cast(nullif(substr(period_parts[2], 2), '') as integer)
            when parse_failure is null and cell_role = 'period'
                then cast(nullif(period_parts[2], '') as integer)
        end as printed_end_fiscal_year
    from cells_failed
),

final as (
    select
        document_id,
        line_seq,
        cell_role,
        column_name,
        role_position,
        cell_text,
        cell_text_nfkc,
        case
            when parse_failure is null and cell_role in {{ figure_roles }}
                then
                    coalesce(
                        cast(
                            nullif(regexp_replace(amount_digits_text, '[^0-9]', '', 'g'), '')
                            as bigint
                        ),
                        0
                    )
                    * (case when is_negative then -1 else 1 end)
        end as amount_thousand_yen,
        case
            when parse_failure is null and cell_role = 'item_number'
                then cast(cell_text_nfkc as integer)
        end as item_number,
        case
            when cell_role = 'flag' then parse_failure is null
        end as is_flag_set,
        start_fiscal_year,
        case
            when len(period_parts) = 1 then start_fiscal_year
            else printed_end_fiscal_year
        end as end_fiscal_year,
        case
            when parse_failure is null and cell_role = 'period'
                then len(period_parts) = 2 and period_parts[2] = ''
        end as is_open_ended,
        case
            when parse_failure is null and cell_role = 'foundation' then mark_meaning
        end as foundation_support,
        case
            when cell_role = 'name'
                then {{ project_key('cell_text_nfkc') }}
        end as project_key,
        case
            when parse_failure is null and cell_role in ('regional_office', 'division_note')
                then regexp_extract(cell_text, '^[（(](.*)[）)]$', 1)
        end as bracketed_text,
        parse_failure,
        source_line,
        page_no,
        x0,
        x1,
        top,
        bottom
    from cells_valued
)

select * from final
