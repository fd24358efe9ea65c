{#-
    One row per line item and funding source of its document's layout: the attributed
    amount (null while the line is unresolved or set aside), with the line's funding
    status and proof.
-#}
with

attributed as (
    select * from {{ ref('int_budget_lines_attributed') }}
),

amount_columns as (
    select * from {{ ref('int_amount_columns') }}
),

final as (
    select
        attributed.document_id,
        attributed.line_seq,
        attributed.funding_source_seq,
        amount_columns.column_name as funding_column,
        amount_columns.column_label as funding_source,
        attributed.amount_thousand_yen,
        attributed.funding_status,
        attributed.funding_proof
    from attributed
    inner join amount_columns
        on
            attributed.document_id = amount_columns.document_id
            and attributed.funding_source_seq = amount_columns.funding_source_seq
)

select * from final
