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

printed_cells as (
    select
        document_id,
        line_seq,
        unnest([0, 1, 2, 3]) as cell_position,
        unnest([
            budget_thousand_yen,
            funding_figure_1_thousand_yen,
            funding_figure_2_thousand_yen,
            funding_figure_3_thousand_yen
        ]) as printed_value
    from line_items
),

cells_corrected as (
    select
        printed_cells.document_id,
        printed_cells.line_seq,
        printed_cells.cell_position,
        errata_applicable.cell is not null as is_corrected,
        case
            when errata_applicable.cell is not null then errata_applicable.corrected_value
            else printed_cells.printed_value
        end as amount_thousand_yen,
        case
            when errata_applicable.cell is not null
                then format(
                    '{} printed {}, corrected to {} ({})',
                    errata_applicable.cell,
                    coalesce(cast(errata_applicable.printed_value as varchar), 'nothing'),
                    coalesce(cast(errata_applicable.corrected_value as varchar), 'nothing'),
                    errata_applicable.source_note
                )
        end as correction_note
    from printed_cells
    left join errata_applicable
        on
            printed_cells.document_id = errata_applicable.document_id
            and printed_cells.line_seq = errata_applicable.line_seq
            and printed_cells.cell_position = errata_applicable.cell_position
),

lines_corrected as (
    select
        document_id,
        line_seq,
        bool_or(is_corrected) as is_corrected,
        string_agg(correction_note, '; ' order by cell_position) as correction_note,
        any_value(amount_thousand_yen) filter (where cell_position = 0)
            as budget_thousand_yen,
        list(amount_thousand_yen order by cell_position) filter (
            where cell_position > 0 and amount_thousand_yen is not null
        ) as funding_figures
    from cells_corrected
    group by document_id, line_seq
),

final as (
    select
        line_items.* replace (
            lines_corrected.budget_thousand_yen as budget_thousand_yen,
            coalesce(len(lines_corrected.funding_figures), 0) as printed_funding_count,
            lines_corrected.funding_figures[1] as funding_figure_1_thousand_yen,
            lines_corrected.funding_figures[2] as funding_figure_2_thousand_yen,
            lines_corrected.funding_figures[3] as funding_figure_3_thousand_yen
        ),
        lines_corrected.is_corrected,
        lines_corrected.correction_note
    from line_items
    inner join lines_corrected
        on
            line_items.document_id = lines_corrected.document_id
            and line_items.line_seq = lines_corrected.line_seq
)

select * from final
