{#-
    The amount columns of each document's layout, in printed order: the budget, the
    previous year's budget and the change where a budget book prints them, and every
    funding source (as many as the layout declares). amount_seq numbers them all (1 = the
    budget); funding_source_seq numbers the funding sources only. A printed total has a
    figure in each, checked against its lines (int_stated_totals_computed).
-#}
with

layout_columns as (
    select * from {{ ref('stg_budget_text__layout_columns') }}
),

amount_columns as (
    select
        document_id,
        column_seq,
        column_name,
        column_label,
        column_role
    from layout_columns
    where column_role in ('amount', 'previous', 'change', 'funding_source')
),

final as (
    select
        document_id,
        column_name,
        column_label,
        column_role,
        row_number() over (partition by document_id order by column_seq) as amount_seq,
        case
            when column_role = 'funding_source'
                then
                    row_number() over (
                        partition by document_id, column_role order by column_seq
                    )
        end as funding_source_seq
    from amount_columns
)

select * from final
