{#-
    Every row of seeds/funding_overrides.csv with what is wrong with its override, if
    anything. An override is the rows of one line item (issuer — blank for any — fiscal
    year and project_key, not a repost), one row per funding source of the document's
    layout (funding_source: the layout's column name, e.g. national); a source without a
    row is 0. It must name one line, name only the layout's funding sources and each once,
    give every amount (0 when a row is written for an empty column), none negative, sum
    to the line's budget, and be one of the splits the printed figures allow: the figures
    keep their printed left-to-right order and every other column is 0, so the non-zero
    amounts, in column order, are exactly the non-zero printed figures. Attribution
    applies only overrides whose failure is null; assert_funding_overrides_fit_their_line
    fails on the others.
-#}
with

overrides as (
    select * from {{ ref('funding_overrides') }}
),

budget_lines as (
    select
        corrected.*,
        line_groups.budget_group as line_budget_group
    from {{ ref('int_budget_lines_corrected') }} as corrected
    left join {{ ref('int_budget_line_groups') }} as line_groups
        on
            corrected.document_id = line_groups.document_id
            and corrected.line_seq = line_groups.line_seq
),

amount_columns as (
    select * from {{ ref('int_amount_columns') }}
),

funding_sources as (
    select * from amount_columns
    where column_role = 'funding_source'
),

sources_listed as (
    select
        document_id,
        string_agg(column_name, ', ' order by funding_source_seq) as layout_sources
    from funding_sources
    group by document_id
),

matched as (
    select
        overrides.issuer,
        overrides.fiscal_year,
        overrides.project_key,
        overrides.budget_group,
        overrides.funding_source,
        overrides.amount_thousand_yen,
        overrides.source_note,
        budget_lines.document_id,
        budget_lines.line_seq,
        budget_lines.line_budget_group,
        budget_lines.budget_thousand_yen,
        budget_lines.funding_figures,
        funding_sources.funding_source_seq
    from overrides
    left join budget_lines
        on
            {{ seed_names_line('overrides', 'budget_lines') }}
            and not budget_lines.is_repost
    left join funding_sources
        on
            budget_lines.document_id = funding_sources.document_id
            and overrides.funding_source = funding_sources.column_name
),

per_override as (
    select
        issuer,
        fiscal_year,
        project_key,
        budget_group,
        document_id,
        line_seq,
        any_value(line_budget_group) as line_budget_group,
        any_value(budget_thousand_yen) as budget_thousand_yen,
        any_value(funding_figures) as funding_figures,
        count(*) as row_count,
        count(distinct funding_source) as source_count,
        string_agg(funding_source, ', ') filter (where funding_source_seq is null)
            as unknown_sources,
        bool_or(amount_thousand_yen is null) as has_blank,
        bool_or(amount_thousand_yen < 0) as has_negative,
        sum(amount_thousand_yen) as override_sum,
        list(amount_thousand_yen order by funding_source_seq)
        filter (where amount_thousand_yen != 0) as override_non_zero
    from matched
    group by issuer, fiscal_year, project_key, budget_group, document_id, line_seq
),

printed_non_zero as (
    select
        *,
        list_filter(funding_figures, lambda figure: figure != 0) as printed_non_zero
    from per_override
),

judged as (
    select
        printed_non_zero.*,
        sources_listed.layout_sources,
        count(distinct printed_non_zero.document_id) over (
            partition by
                printed_non_zero.issuer,
                printed_non_zero.fiscal_year,
                printed_non_zero.project_key,
                printed_non_zero.budget_group
        ) as documents_matched,
        count(distinct printed_non_zero.line_budget_group) over (
            partition by
                printed_non_zero.issuer,
                printed_non_zero.fiscal_year,
                printed_non_zero.project_key,
                printed_non_zero.budget_group
        ) as groups_matched
    from printed_non_zero
    left join sources_listed
        on printed_non_zero.document_id = sources_listed.document_id
),

failures as (
    select
        issuer,
        fiscal_year,
        project_key,
        budget_group,
        document_id,
        line_seq,
        documents_matched,
        case
            when line_seq is null
                then
                    'no line item of that fiscal year has this project_key'
                    || coalesce(' in the budget group ' || budget_group, '')
            when documents_matched > 1
                then 'line items of several issuers have this project_key: give the issuer'
            when groups_matched > 1
                then
                    'line items in several budget groups have this project_key: '
                    || 'give the budget_group'
            when unknown_sources is not null
                then format(
                    'the layout has no funding source {} (it has {})',
                    unknown_sources,
                    layout_sources
                )
            when source_count < row_count then 'a funding source is listed twice'
            when has_blank then 'an amount is blank (write 0 for an empty column)'
            when has_negative then 'an amount is negative'
            when override_sum != budget_thousand_yen
                then format(
                    'the amounts sum to {}, not to the budget {}',
                    override_sum,
                    budget_thousand_yen
                )
            when coalesce(override_non_zero, []) != printed_non_zero
                then format(
                    'the line prints {}: no placement of those figures gives this split',
                    array_to_string(funding_figures, ' ')
                )
        end as failure
    from judged
),

final as (
    select
        matched.issuer,
        matched.fiscal_year,
        matched.project_key,
        matched.budget_group,
        matched.funding_source,
        matched.funding_source_seq,
        matched.amount_thousand_yen,
        matched.source_note,
        matched.document_id,
        matched.line_seq,
        failures.documents_matched,
        failures.failure
    from matched
    inner join failures
        on
            (matched.issuer is not distinct from failures.issuer)
            and matched.fiscal_year = failures.fiscal_year
            and matched.project_key = failures.project_key
            and (matched.budget_group is not distinct from failures.budget_group)
            and (matched.document_id is not distinct from failures.document_id)
            and (matched.line_seq is not distinct from failures.line_seq)
)

select * from final
