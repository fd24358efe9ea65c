{#-
    One row per printed total line with its figures as the loader split them: the budget
    and the funding sources' figures in the layout's order (a total line prints every
    column, so each figure's column is known). total_sums says what it sums (pillar,
    pillar_reposts, document); total_kind is the layout's name for it.
-#}
with

table_rows as (
    select * from {{ source('budget_text', 'table_rows') }}
),

table_cells as (
    select * from {{ source('budget_text', 'table_cells') }}
),

total_rows as (
    select
        document_id,
        row_seq,
        row_kind,
        total_sums,
        pillar_seq,
        cell_text,
        line_first,
        line_numbers
    from table_rows
    where row_kind != 'line_item'
),

figures as (
    select
        document_id,
        row_seq,
        max(case when cell_role = 'amount' then cast(cell_value as bigint) end)
            as budget_thousand_yen,
        list(
            case when cell_role = 'funding_source' then cast(cell_value as bigint) end
            order by role_position
        ) filter (where cell_role = 'funding_source') as funding_figures
    from table_cells
    group by document_id, row_seq
),

final as (
    select
        total_rows.document_id,
        total_rows.row_seq as total_seq,
        total_rows.total_sums,
        total_rows.row_kind as total_kind,
        total_rows.pillar_seq as pillar_no,
        total_rows.cell_text,
        figures.budget_thousand_yen,
        figures.funding_figures,
        total_rows.line_first as source_line,
        total_rows.line_numbers as source_line_numbers
    from total_rows
    inner join figures
        on
            total_rows.document_id = figures.document_id
            and total_rows.row_seq = figures.row_seq
)

select * from final
