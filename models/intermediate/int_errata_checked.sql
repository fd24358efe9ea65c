{#-
    Every row of seeds/errata.csv beside the line item and cell it names, with what is
    wrong with it (null when it can be applied). An erratum names a line by fiscal year
    and project_key, or by fiscal year and a source line the line item is printed on; a
    figure cell (budget, or funding_figure_N: the Nth funding figure in printed order); the
    value printed there (blank: nothing is printed there) and the corrected value (blank:
    the figure should not be there). int_budget_lines_corrected applies the rows that fit;
    assert_errata_match_the_document fails on the others.
-#}
with

errata as (
    select * from {{ ref('errata') }}
),

line_items as (
    select * from {{ ref('stg_budget_text__line_items') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

lines_with_year as (
    select
        line_items.document_id,
        line_items.line_seq,
        line_items.project_key,
        line_items.source_line_numbers,
        line_items.budget_thousand_yen,
        line_items.funding_figures,
        documents.fiscal_year,
        documents.issuer
    from line_items
    inner join documents
        on line_items.document_id = documents.document_id
),

matched as (
    select
        errata.issuer,
        errata.fiscal_year,
        errata.project_key,
        errata.source_line,
        errata.cell,
        errata.printed_value,
        errata.corrected_value,
        errata.source_note,
        lines_with_year.document_id,
        lines_with_year.line_seq,
        case
            when errata.cell = 'budget' then 0
            when regexp_matches(errata.cell, '^funding_figure_[1-9]$')
                then cast(right(errata.cell, 1) as integer)
        end as cell_position,
        case
            when errata.cell = 'budget' then lines_with_year.budget_thousand_yen
            when regexp_matches(errata.cell, '^funding_figure_[1-9]$')
                then lines_with_year.funding_figures[cast(right(errata.cell, 1) as integer)]
        end as value_in_document
    from errata
    left join lines_with_year
        on
            errata.fiscal_year = lines_with_year.fiscal_year
            and (errata.issuer is null or errata.issuer = lines_with_year.issuer)
            and (
                errata.project_key = lines_with_year.project_key
                or list_contains(lines_with_year.source_line_numbers, errata.source_line)
            )
),

with_match_count as (
    select
        *,
        count(distinct document_id) over (
            partition by issuer, fiscal_year, project_key, source_line, cell
        ) as documents_matched
    from matched
),

final as (
    select
        *,
        case
            when documents_matched > 1
                then 'line items of several issuers match: give the issuer'
            when cell_position is null
                then 'cell must be budget or funding_figure_N (N = 1, 2, …: the Nth figure printed)'
            when line_seq is null
                then 'no line item of that fiscal year has this project_key or source line'
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
