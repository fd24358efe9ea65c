{#-
    One row per issuer, project (project_key, within its scope) and fiscal year it appears
    in, reposts excluded: its budget, the previous document year's budget and the change,
    and the first and last fiscal years in which the warehouse has seen it. "Previous" is the
    document year just before this one among the issuer's loaded documents; a project absent
    from that document has no previous budget (is_in_previous_document = false). A budget
    book's line is compared within its scope (its level and group: a 目 with the same 目 of
    the same 款 and 項, never a 総括's 款 line), and beside it stands the previous year's
    budget the book itself prints (printed_previous_thousand_yen), loaded or not.
-#}
with

budget_lines as (
    select * from {{ ref('fct_budget_line') }}
),

-- the issuer's document years (every document of record prints line items)
years as (
    select distinct
        issuer,
        fiscal_year
    from budget_lines
),

document_years as (
    select
        issuer,
        fiscal_year,
        lag(fiscal_year) over (partition by issuer order by fiscal_year)
            as previous_document_year
    from years
),

lines_scoped as (
    select
        *,
        coalesce(line_level || coalesce(' ' || budget_group, ''), '') as project_scope
    from budget_lines
),

project_years as (
    select
        issuer,
        project_scope,
        project_key,
        fiscal_year,
        any_value(document_id) as document_id,
        min(project_name) as project_name,
        min(pillar_no) as pillar_no,
        arg_min(pillar_label, pillar_no) as pillar_label,
        count(*) as line_count,
        cast(sum(budget_thousand_yen) as bigint) as budget_thousand_yen,
        cast(sum(previous_thousand_yen) as bigint) as printed_previous_thousand_yen
    from lines_scoped
    where not is_repost
    group by issuer, project_scope, project_key, fiscal_year
),

with_previous as (
    select
        project_years.*,
        document_years.previous_document_year,
        previous.budget_thousand_yen as previous_budget_thousand_yen,
        min(project_years.fiscal_year) over (
            partition by
                project_years.issuer, project_years.project_scope, project_years.project_key
        ) as first_fiscal_year_seen,
        max(project_years.fiscal_year) over (
            partition by
                project_years.issuer, project_years.project_scope, project_years.project_key
        ) as last_fiscal_year_seen,
        count(*) over (
            partition by
                project_years.issuer, project_years.project_scope, project_years.project_key
        ) as years_seen
    from project_years
    inner join document_years
        on
            project_years.issuer = document_years.issuer
            and project_years.fiscal_year = document_years.fiscal_year
    left join project_years as previous
        on
            project_years.issuer = previous.issuer
            and project_years.project_scope = previous.project_scope
            and project_years.project_key = previous.project_key
            and document_years.previous_document_year = previous.fiscal_year
),

final as (
    select
        issuer,
        project_scope,
        project_key,
        fiscal_year,
        document_id,
        project_name,
        pillar_no,
        pillar_label,
        line_count,
        budget_thousand_yen,
        previous_document_year,
        previous_budget_thousand_yen is not null as is_in_previous_document,
        previous_budget_thousand_yen,
        budget_thousand_yen - previous_budget_thousand_yen as change_thousand_yen,
        round(
            (budget_thousand_yen - previous_budget_thousand_yen)
            / nullif(previous_budget_thousand_yen, 0),
            4
        ) as change_ratio,
        printed_previous_thousand_yen,
        budget_thousand_yen - printed_previous_thousand_yen as printed_change_thousand_yen,
        first_fiscal_year_seen,
        last_fiscal_year_seen,
        years_seen
    from with_previous
)

select * from final
