{#-
    Line items with the corrections of seeds/errata.csv applied to their figures (only
    errata that fit: int_errata_checked). A blank corrected funding figure removes it
    (the later figures move up); a corrected cell where nothing was printed adds one. The
    printed cells stay in cell_text; is_corrected and correction_note say what changed
    and on whose word.
-#}
with

line_items as (
    select * from {{ ref('stg_budget_text__line_items') }}
),

errata_checked as (
    select * from {{ ref('int_errata_checked') }}
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
        bool_or(cell_position = 1) as corrects_figure_1,
        bool_or(cell_position = 2) as corrects_figure_2,
        bool_or(cell_position = 3) as corrects_figure_3,
        any_value(corrected_value) filter (where cell_position = 0) as budget_thousand_yen,
        any_value(corrected_value) filter (where cell_position = 1) as figure_1_thousand_yen,
        any_value(corrected_value) filter (where cell_position = 2) as figure_2_thousand_yen,
        any_value(corrected_value) filter (where cell_position = 3) as figure_3_thousand_yen,
        string_agg(
            format(
                '{} printed {}, corrected to {} ({})',
                cell,
                coalesce(cast(printed_value as varchar), 'nothing'),
                coalesce(cast(corrected_value as varchar), 'nothing'),
                source_note
            ),
            '; '
            order by cell_position
        ) as correction_note
    from errata_applicable
    group by document_id, line_seq
),

-- only the lines an erratum names change; every other line passes through as printed
lines_corrected as (
    select
        line_items.document_id,
        line_items.line_seq,
        corrections_by_line.line_seq is not null as is_corrected,
        corrections_by_line.correction_note,
        case
            when corrections_by_line.corrects_budget
                then corrections_by_line.budget_thousand_yen
            else line_items.budget_thousand_yen
        end as budget_thousand_yen,
        case
            when corrections_by_line.corrects_figure_1
                then corrections_by_line.figure_1_thousand_yen
            else line_items.funding_figure_1_thousand_yen
        end as figure_1_thousand_yen,
        case
            when corrections_by_line.corrects_figure_2
                then corrections_by_line.figure_2_thousand_yen
            else line_items.funding_figure_2_thousand_yen
        end as figure_2_thousand_yen,
        case
            when corrections_by_line.corrects_figure_3
                then corrections_by_line.figure_3_thousand_yen
            else line_items.funding_figure_3_thousand_yen
        end as figure_3_thousand_yen
    from line_items
    left join corrections_by_line
        on
            line_items.document_id = corrections_by_line.document_id
            and line_items.line_seq = corrections_by_line.line_seq
),

figures_listed as (
    select
        *,
        -- a figure corrected to nothing drops out, and the later ones move up
        list_filter(
            [figure_1_thousand_yen, figure_2_thousand_yen, figure_3_thousand_yen],
            lambda figure: figure is not null
        ) as funding_figures
    from lines_corrected
),

final as (
    select
        line_items.* replace (
            figures_listed.budget_thousand_yen as budget_thousand_yen,
            len(figures_listed.funding_figures) as printed_funding_count,
            figures_listed.funding_figures[1] as funding_figure_1_thousand_yen,
            figures_listed.funding_figures[2] as funding_figure_2_thousand_yen,
            figures_listed.funding_figures[3] as funding_figure_3_thousand_yen
        ),
        figures_listed.is_corrected,
        figures_listed.correction_note
    from line_items
    inner join figures_listed
        on
            line_items.document_id = figures_listed.document_id
            and line_items.line_seq = figures_listed.line_seq
)

select * from final
