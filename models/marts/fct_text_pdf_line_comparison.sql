{#-
    One row per line item of every issuer and fiscal year loaded both as a PDF and as its
    text extraction: the values and statuses the text path gave beside what the PDF
    prints in each column, so docs/pdf.md can say how often each inference rule was right.
    Lines are paired by their order among the line items of each document.
-#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

line_funding as (
    select * from {{ ref('int_budget_line_funding') }}
),

splits as (
    select
        document_id,
        line_seq,
        list(amount_thousand_yen order by funding_source_seq) as amounts
    from line_funding
    group by document_id, line_seq
),

lines_numbered as (
    select
        budget_lines.document_id,
        budget_lines.issuer,
        budget_lines.fiscal_year,
        budget_lines.line_seq,
        budget_lines.project_key,
        budget_lines.pillar_no,
        budget_lines.is_repost,
        budget_lines.flag_count,
        budget_lines.printed_funding_count,
        budget_lines.is_new,
        budget_lines.is_priority,
        budget_lines.is_key_result,
        budget_lines.flags_status,
        budget_lines.funding_status,
        budget_lines.funding_proof,
        splits.amounts,
        budget_lines.source_format,
        row_number() over (
            partition by budget_lines.document_id order by budget_lines.line_seq
        ) as line_ordinal
    from budget_lines
    inner join splits
        on
            budget_lines.document_id = splits.document_id
            and budget_lines.line_seq = splits.line_seq
),

text_lines as (
    select * from lines_numbered
    where source_format = 'text'
),

pdf_lines as (
    select * from lines_numbered
    where source_format = 'pdf'
),

final as (
    select
        pdf_lines.issuer,
        pdf_lines.fiscal_year,
        pdf_lines.line_ordinal,
        pdf_lines.project_key,
        pdf_lines.pillar_no,
        pdf_lines.is_repost,
        text_lines.project_key as text_project_key,
        text_lines.flag_count,
        text_lines.printed_funding_count,
        text_lines.funding_status as text_funding_status,
        text_lines.funding_proof as text_funding_proof,
        text_lines.amounts as text_amounts,
        pdf_lines.amounts as pdf_amounts,
        text_lines.amounts = pdf_lines.amounts as funding_agrees,
        text_lines.flags_status as text_flags_status,
        [text_lines.is_new, text_lines.is_priority, text_lines.is_key_result] as text_flags,
        [pdf_lines.is_new, pdf_lines.is_priority, pdf_lines.is_key_result] as pdf_flags,
        (
            [text_lines.is_new, text_lines.is_priority, text_lines.is_key_result]
            is not distinct from [pdf_lines.is_new, pdf_lines.is_priority, pdf_lines.is_key_result]
        ) as flags_agree,
        text_lines.document_id as text_document_id,
        pdf_lines.document_id as pdf_document_id
    from pdf_lines
    inner join text_lines
        on
            pdf_lines.issuer = text_lines.issuer
            and pdf_lines.fiscal_year = text_lines.fiscal_year
            and pdf_lines.line_ordinal = text_lines.line_ordinal
)

select * from final
