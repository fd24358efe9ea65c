{#-
    One row per table row (line item or printed total) with its cells, as the loader
    split them by the document's layout, turned into columns: the flags printed, the
    budget, the previous year's budget and the change (where a budget book prints them),
    the item number, and the funding figures in printed order (with the column each stood in where
    the print says so), the period in fiscal years, the foundation support and the
    division parts, each as stg_budget_text__table_cells read it. The document's issuer, fiscal year and record status are joined here,
    once, and carried downstream. A repost is linked to its original (same project_key,
    not a repost) of the same document.
-#}
with

table_rows as (
    select * from {{ ref('stg_budget_text__table_rows') }}
),

table_cells as (
    select * from {{ ref('stg_budget_text__table_cells') }}
),

documents as (
    select * from {{ ref('int_documents_ranked') }}
),

cells_by_row as (
    select
        document_id,
        line_seq,
        max(cell_text) filter (where cell_role = 'name') as project_name,
        max(project_key) filter (where cell_role = 'name') as project_key,
        count(*) filter (where cell_role = 'repost') > 0 as is_repost,
        count(*) filter (where cell_role = 'flag') as flag_count,
        list(column_name order by role_position) filter (where cell_role = 'flag')
            as flag_columns,
        max(amount_thousand_yen) filter (where cell_role = 'amount') as budget_thousand_yen,
        max(amount_thousand_yen) filter (where cell_role = 'previous') as previous_thousand_yen,
        max(amount_thousand_yen) filter (where cell_role = 'change') as change_thousand_yen,
        max(item_number) filter (where cell_role = 'item_number') as item_number,
        list(amount_thousand_yen order by role_position)
        filter (where cell_role = 'funding_source') as funding_figures,
        list(column_name order by role_position) filter (where cell_role = 'funding_source')
            as funding_columns,
        max(cell_text) filter (where cell_role = 'period') as period_text,
        max(start_fiscal_year) filter (where cell_role = 'period') as start_fiscal_year,
        max(end_fiscal_year) filter (where cell_role = 'period') as end_fiscal_year,
        bool_or(is_open_ended) filter (where cell_role = 'period') as is_open_ended,
        max(foundation_support) filter (where cell_role = 'foundation') as foundation_support,
        list(cell_text order by role_position) filter (where cell_role = 'division')
            as divisions,
        string_agg(bracketed_text, '、' order by role_position)
        filter (where cell_role = 'regional_office') as regional_office,
        string_agg(bracketed_text, '、' order by role_position)
        filter (where cell_role = 'division_note') as division_note
    from table_cells
    group by document_id, line_seq
),

rows_pivoted as (
    select
        table_rows.document_id,
        documents.issuer,
        documents.fiscal_year,
        documents.source_format,
        documents.is_of_record,
        table_rows.line_seq,
        table_rows.row_kind,
        table_rows.total_sums,
        table_rows.pillar_no,
        table_rows.group_label,
        cells_by_row.project_name,
        cells_by_row.project_key,
        coalesce(cells_by_row.is_repost, false) as is_repost,
        table_rows.cell_text,
        coalesce(cells_by_row.flag_count, 0) as flag_count,
        coalesce(cells_by_row.flag_columns, []) as flag_columns,
        cells_by_row.budget_thousand_yen,
        cells_by_row.previous_thousand_yen,
        cells_by_row.change_thousand_yen,
        cells_by_row.item_number,
        coalesce(len(cells_by_row.funding_figures), 0) as printed_funding_count,
        coalesce(cells_by_row.funding_figures, []) as funding_figures,
        coalesce(cells_by_row.funding_columns, []) as funding_columns,
        cells_by_row.period_text,
        cells_by_row.start_fiscal_year,
        cells_by_row.end_fiscal_year,
        cells_by_row.is_open_ended,
        cells_by_row.foundation_support,
        cells_by_row.divisions,
        cells_by_row.divisions[1] as division,
        cells_by_row.regional_office,
        cells_by_row.division_note,
        table_rows.division_text,
        table_rows.source_line_first,
        table_rows.source_line_last,
        table_rows.source_line_numbers
    from table_rows
    inner join documents
        on table_rows.document_id = documents.document_id
    left join cells_by_row
        on
            table_rows.document_id = cells_by_row.document_id
            and table_rows.line_seq = cells_by_row.line_seq
),

final as (
    select
        *,
        case
            when is_repost
                then
                    min(line_seq) filter (where row_kind = 'line_item' and not is_repost) over (
                        partition by document_id, project_key
                    )
        end as original_line_seq
    from rows_pivoted
)

select * from final
