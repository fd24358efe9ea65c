{#-
    One row per printed line item (事業), reposts included, its cells as the loader split
    them (raw.table_cells, by the document's layout): the flags printed, the budget and
    the funding figures in printed order, the period in fiscal years, the foundation
    support and the division parts. Cast and turned to one row per line; nothing re-parsed.
-#}
with

table_rows as (
    select * from {{ source('budget_text', 'table_rows') }}
),

table_cells as (
    select * from {{ source('budget_text', 'table_cells') }}
),

line_item_rows as (
    select
        document_id,
        row_seq,
        pillar_seq,
        group_label,
        cell_text,
        division_text,
        line_first,
        line_last,
        line_numbers
    from table_rows
    where row_kind = 'line_item'
),

cells_by_line as (
    select
        document_id,
        row_seq,
        max(cell_text) filter (where cell_role = 'name') as project_name,
        max(cell_value) filter (where cell_role = 'name') as project_key,
        count(*) filter (where cell_role = 'repost') > 0 as is_repost,
        count(*) filter (where cell_role = 'flag') as flag_count,
        max(case when cell_role = 'amount' then cast(cell_value as bigint) end)
            as budget_thousand_yen,
        list(
            case when cell_role = 'funding_source' then cast(cell_value as bigint) end
            order by role_position
        ) filter (where cell_role = 'funding_source') as funding_figures,
        list(column_name order by role_position) filter (where cell_role = 'funding_source')
            as funding_columns,
        list(column_name order by role_position) filter (where cell_role = 'flag')
            as flag_columns,
        max(cell_text) filter (where cell_role = 'period') as period_text,
        max(cell_value) filter (where cell_role = 'period') as period_years,
        max(cell_text) filter (where cell_role = 'foundation') as foundation_mark,
        max(cell_value) filter (where cell_role = 'foundation') as foundation_support,
        list(cell_value order by role_position) filter (where cell_role = 'division')
            as divisions,
        string_agg(cell_value, '、' order by role_position)
        filter (where cell_role = 'regional_office') as regional_office,
        string_agg(cell_value, '、' order by role_position)
        filter (where cell_role = 'division_note') as division_note
    from table_cells
    group by document_id, row_seq
),

final as (
    select
        line_item_rows.document_id,
        line_item_rows.row_seq as line_seq,
        line_item_rows.pillar_seq as pillar_no,
        line_item_rows.group_label,
        cells_by_line.project_name,
        cells_by_line.project_key,
        cells_by_line.is_repost,
        line_item_rows.cell_text,
        cells_by_line.flag_count,
        cells_by_line.budget_thousand_yen,
        coalesce(len(cells_by_line.funding_figures), 0) as printed_funding_count,
        coalesce(cells_by_line.funding_figures, []) as funding_figures,
        coalesce(cells_by_line.funding_columns, []) as funding_columns,
        coalesce(cells_by_line.flag_columns, []) as flag_columns,
        cells_by_line.period_text,
        cast(split_part(cells_by_line.period_years, '-', 1) as integer) as start_fiscal_year,
        case
            when not contains(cells_by_line.period_years, '-')
                then cast(cells_by_line.period_years as integer)
            else cast(nullif(split_part(cells_by_line.period_years, '-', 2), '') as integer)
        end as end_fiscal_year,
        cells_by_line.period_years like '%-' as is_open_ended,
        cells_by_line.foundation_mark,
        cells_by_line.foundation_support,
        cells_by_line.divisions,
        cells_by_line.divisions[1] as division,
        cells_by_line.regional_office,
        cells_by_line.division_note,
        line_item_rows.division_text,
        line_item_rows.line_first as source_line_first,
        line_item_rows.line_last as source_line_last,
        line_item_rows.line_numbers as source_line_numbers
    from line_item_rows
    inner join cells_by_line
        on
            line_item_rows.document_id = cells_by_line.document_id
            and line_item_rows.row_seq = cells_by_line.row_seq
)

select * from final
