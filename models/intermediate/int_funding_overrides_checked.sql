{#-
    Every row of seeds/funding_overrides.csv with what is wrong with it, if anything.
    An override must name one line item (issuer — blank for any — fiscal year and
    project_key, not a repost), give
    every amount (0 for an empty column), none negative, sum to the line's budget, and be
    one of the splits the printed figures allow: the figures keep their printed
    left-to-right order and every other column is 0, so the non-zero amounts, in column
    order, are exactly the non-zero printed figures. Attribution applies only rows whose
    failure is null; assert_funding_overrides_fit_their_line fails on the others.
-#}
with

overrides as (
    select * from {{ ref('funding_overrides') }}
),

budget_lines as (
    select * from {{ ref('int_budget_lines_classified') }}
),

matched as (
    select
        overrides.issuer,
        overrides.fiscal_year,
        overrides.project_key,
        overrides.national_thousand_yen,
        overrides.other_thousand_yen,
        overrides.general_thousand_yen,
        overrides.source_note,
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.budget_thousand_yen,
        [
            budget_lines.funding_figure_1_thousand_yen,
            budget_lines.funding_figure_2_thousand_yen,
            budget_lines.funding_figure_3_thousand_yen
        ][1:budget_lines.printed_funding_count] as printed_figures
    from overrides
    left join budget_lines
        on
            overrides.fiscal_year = budget_lines.fiscal_year
            and overrides.project_key = budget_lines.project_key
            and (overrides.issuer is null or overrides.issuer = budget_lines.issuer)
            and not budget_lines.is_repost
),

compared as (
    select
        *,
        national_thousand_yen + other_thousand_yen + general_thousand_yen as override_sum,
        count(distinct document_id) over (partition by issuer, fiscal_year, project_key)
            as documents_matched,
        list_filter(printed_figures, lambda figure: figure != 0) as printed_non_zero,
        list_filter(
            [national_thousand_yen, other_thousand_yen, general_thousand_yen],
            lambda amount: amount != 0
        ) as override_non_zero
    from matched
),

final as (
    select
        issuer,
        fiscal_year,
        project_key,
        national_thousand_yen,
        other_thousand_yen,
        general_thousand_yen,
        source_note,
        document_id,
        line_seq,
        case
            when line_seq is null
                then 'no line item of that fiscal year has this project_key'
            when documents_matched > 1
                then 'line items of several issuers have this project_key: give the issuer'
            when
                national_thousand_yen is null
                or other_thousand_yen is null
                or general_thousand_yen is null
                then 'an amount is blank (write 0 for an empty column)'
            when least(national_thousand_yen, other_thousand_yen, general_thousand_yen) < 0
                then 'an amount is negative'
            when override_sum != budget_thousand_yen
                then format(
                    'the amounts sum to {}, not to the budget {}',
                    override_sum,
                    budget_thousand_yen
                )
            when override_non_zero != printed_non_zero
                then format(
                    'the line prints {}: no placement of those figures gives this split',
                    array_to_string(printed_figures, ' ')
                )
        end as failure
    from compared
)

select * from final
