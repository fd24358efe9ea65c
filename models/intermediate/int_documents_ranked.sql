{#-
    Every loaded document, and whether it is the document of record of its issuer,
    fiscal year and table part (the one the marts show; a budget book's 総括 and its parts
    are different tables). A PDF and its text extraction may both be loaded; the PDF,
    which prints every value in its column, is the record and the text is kept for
    comparison (fct_text_pdf_line_comparison).
-#}
with

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

final as (
    select
        *,
        row_number() over (
            partition by issuer, fiscal_year, table_part
            order by case source_format when 'pdf' then 0 else 1 end, document_id
        ) = 1 as is_of_record
    from documents
)

select * from final
