{#-
    Line items with the corrections of seeds/errata.csv applied to their figures and names
    (only errata that fit: int_errata_checked). A blank corrected funding figure removes it
    (the later figures move up); a corrected cell where nothing was printed adds one; a
    corrected name replaces the name and its project_key. The printed cells stay in
    cell_text; is_corrected and correction_note say what changed and on whose word.
-#}
with

table_rows as (
    select * from {{ ref('int_table_rows_pivoted') }}
),

errata_checked as (
    select * from {{ ref('int_errata_checked') }}
),

line_items as (
    select * exclude (row_kind, total_sums)
    from table_rows
    where row_kind = 'line_item'
),

errata_applicable as (
    select * from errata_checked
    where failure is null
),

corrections_by_line as (
    select
        document_id,
        line_seq,
        bool_or(cell_position = 0) as corrects_budget,
        any_value(corrected_value) filter (where cell_position = 0) as budget_thousand_yen,
        coalesce(list(cell_position order by cell_position) filter (where cell_position > 0), [])
            as figure_positions,
        coalesce(
            list(corrected_value order by cell_position) filter (where cell_position > 0), []
        ) as figure_values,
        any_value(corrected_text) filter (where cell = 'name') as corrected_name,
        string_agg(
            format(
                '{} printed {}, corrected to {} ({})',
                cell,
                coalesce(printed_text, cast(printed_value as varchar), 'nothing'),
                coalesce(corrected_text, cast(corrected_value as varchar), 'nothing'),
                source_note
            ),
            '; '
            order by cell_position nulls first
        ) as correction_note
    from errata_applicable
    group by document_id, line_seq
),

-- only the lines an erratum names change; every other line passes through as printed
lines_named as (
    select
        line_items.document_id,
        line_items.line_seq,
        line_items.funding_figures,
        corrections_by_line.figure_positions,
        corrections_by_line.figure_values,
        corrections_by_line.corrected_name,
        corrections_by_line.correction_note,
        case
            when corrections_by_line.corrects_budget
                then corrections_by_line.budget_thousand_yen
            else line_items.budget_thousand_yen
        end as budget_thousand_yen
    from line_items
    inner join corrections_by_line
        on
            line_items.document_id = corrections_by_line.document_id
            and line_items.line_seq = corrections_by_line.line_seq
),

figures_ranged as (
    select
        *,
        range(1, greatest(len(funding_figures), coalesce(list_max(figure_positions), 0)) + 1)
            as positions
    from lines_named
),

figures_corrected as (
    select
        document_id,
        line_seq,
        correction_note,
        corrected_name,
        len(figure_positions) > 0 as corrects_figures,
        budget_thousand_yen,
        -- each figure as printed or as corrected; a figure corrected to nothing drops out
        -- (the later ones move up), one corrected where nothing was printed is added
        list_filter(
            list_transform(
                positions,
                lambda position: case
                    when list_contains(figure_positions, position)
                        then figure_values[list_position(figure_positions, position)]
                    else funding_figures[position]
                end
            ),
            lambda figure: figure is not null
        ) as funding_figures
    from figures_ranged
),

final as (
    select
        line_items.* replace (
            coalesce(figures_corrected.corrected_name, line_items.project_name) as project_name,
            coalesce(
                {{ project_key('figures_corrected.corrected_name') }}, line_items.project_key
            ) as project_key,
            coalesce(figures_corrected.budget_thousand_yen, line_items.budget_thousand_yen)
                as budget_thousand_yen,
            coalesce(len(figures_corrected.funding_figures), line_items.printed_funding_count)
                as printed_funding_count,
            coalesce(figures_corrected.funding_figures, line_items.funding_figures)
                as funding_figures,
            -- a corrected line's figures stand in columns the print no longer shows
            case
                when not coalesce(figures_corrected.corrects_figures, false)
                    then line_items.funding_columns
                else list_transform(
                    figures_corrected.funding_figures, lambda figure: cast(null as varchar)
                )
            end as funding_columns
        ),
        figures_corrected.line_seq is not null as is_corrected,
        figures_corrected.correction_note
    from line_items
    left join figures_corrected
        on
            line_items.document_id = figures_corrected.document_id
            and line_items.line_seq = figures_corrected.line_seq
)

select * from final
