{#-
    Every row of seeds/errata.csv beside the line item and cell it names, with what is
    wrong with it (null when it can be applied). An erratum names a line by fiscal year
    and project_key, or by fiscal year and a source line the line item is printed on
    (macros/seed_names_line.sql); a figure cell (budget, or funding_figure_N: the Nth
    funding figure in printed order) with the value printed there (blank: nothing is
    printed there) and the corrected value (blank: the figure should not be there), or the
    name cell with the name as printed and as it should read. int_budget_lines_corrected applies the rows that fit;
    assert_errata_match_the_document fails on the others.
-#}
with

errata as (
    select * from {{ ref('errata') }}
),

table_rows as (
    select * from {{ ref('stg_budget_text__table_rows') }}
),

table_cells as (
    select * from {{ ref('stg_budget_text__table_cells') }}
),

documents as (
    select * from {{ ref('int_documents_ranked') }}
),

line_groups as (
    select * from {{ ref('int_budget_line_groups') }}
),

line_items as (
    select
        table_rows.document_id,
        table_rows.line_seq,
        table_rows.source_line_numbers,
        documents.fiscal_year,
        documents.issuer,
        name_cells.project_key,
        name_cells.cell_text as printed_name,
        line_groups.budget_group as line_budget_group
    from table_rows
    inner join documents
        on table_rows.document_id = documents.document_id
    left join line_groups
        on
            table_rows.document_id = line_groups.document_id
            and table_rows.line_seq = line_groups.line_seq
    inner join table_cells as name_cells
        on
            table_rows.document_id = name_cells.document_id
            and table_rows.line_seq = name_cells.line_seq
            and name_cells.cell_role = 'name'
    where table_rows.row_kind = 'line_item'
),

-- the figures as printed: 0 = the budget, N = the Nth funding figure in printed order
figure_cells as (
    select
        document_id,
        line_seq,
        amount_thousand_yen,
        case when cell_role = 'amount' then 0 else role_position end as cell_position
    from table_cells
    where cell_role in ('amount', 'funding_source')
),

errata_named as (
    select
        errata.*,
        line_items.document_id,
        line_items.line_seq,
        line_items.printed_name,
        line_items.line_budget_group,
        case
            when errata.cell = 'budget' then 0
            when regexp_matches(errata.cell, '^funding_figure_[1-9]$')
                then cast(right(errata.cell, 1) as integer)
        end as cell_position
    from errata
    left join line_items
        on {{ seed_names_line('errata', 'line_items', by_source_line=true) }}
),

matched as (
    select
        errata_named.*,
        figure_cells.amount_thousand_yen as value_in_document
    from errata_named
    left join figure_cells
        on
            errata_named.document_id = figure_cells.document_id
            and errata_named.line_seq = figure_cells.line_seq
            and errata_named.cell_position = figure_cells.cell_position
),

with_match_count as (
    select
        *,
        count(distinct document_id) over (
            partition by issuer, fiscal_year, budget_group, project_key, source_line, cell
        ) as documents_matched,
        count(distinct line_budget_group) over (
            partition by issuer, fiscal_year, budget_group, project_key, source_line, cell
        ) as groups_matched
    from matched
),

final as (
    select
        *,
        case
            when documents_matched > 1
                then 'line items of several issuers match: give the issuer'
            when groups_matched > 1
                then 'line items in several budget groups match: give the budget_group'
            when cell_position is null and cell != 'name'
                then
                    'cell must be budget, funding_figure_N (N = 1, 2, …: the Nth figure '
                    || 'printed) or name'
            when line_seq is null
                then 'no line item of that fiscal year has this project_key or source line'
            when cell = 'name' and (printed_text is distinct from printed_name)
                then format(
                    'the document prints the name {}, not {}',
                    printed_name,
                    coalesce(printed_text, 'nothing')
                )
            when cell = 'name' and coalesce(trim(corrected_text), '') = ''
                then 'a name cannot be corrected to nothing'
            when cell = 'name' then null
            when (value_in_document is distinct from printed_value)
                then format(
                    'the document prints {} there, not {}',
                    coalesce(cast(value_in_document as varchar), 'nothing'),
                    coalesce(cast(printed_value as varchar), 'nothing')
                )
            when cell_position = 0 and corrected_value is null
                then 'a budget cannot be corrected to nothing'
            when corrected_value < 0 then 'the corrected value is negative'
        end as failure
    from with_match_count
)

select * from final
