{#-
    The documents the marts show: one per issuer and fiscal year. A PDF and its text
    extraction may both be loaded; the PDF, which prints every value in its column, is
    the document of record and the text is kept for comparison
    (fct_text_pdf_line_comparison).
-#}
with

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by issuer, fiscal_year
            order by case source_format when 'pdf' then 0 else 1 end, document_id
        ) as record_rank
    from documents
),

final as (
    select * exclude (record_rank)
    from ranked
    where record_rank = 1
)

select * from final
