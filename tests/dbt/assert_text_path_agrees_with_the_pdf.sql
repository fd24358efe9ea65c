{{ config(store_failures=true) }}

-- Where a document is loaded both as a PDF and as text, what the text path called proven
-- must be what the PDF prints: a derived or printed split, or exact flags, that differ
-- from the PDF are a defect; so are lines that do not pair (another project at the same
-- place). Inferred values may differ: that is what "inferred" says.
with

comparison as (
    select * from {{ ref('fct_text_pdf_line_comparison') }}
)

select
    issuer,
    fiscal_year,
    line_ordinal,
    project_key,
    text_project_key,
    text_funding_status,
    text_amounts,
    pdf_amounts,
    text_flags_status,
    text_flags,
    pdf_flags,
    case
        when project_key != text_project_key then 'the text and the PDF list another line here'
        when text_funding_status in ('printed', 'derived') and not funding_agrees
            then 'a ' || text_funding_status || ' split differs from the PDF'
        else 'exact flags differ from the PDF'
    end as failure
from comparison
where
    project_key != text_project_key
    or (text_funding_status in ('printed', 'derived') and not funding_agrees)
    or (text_flags_status = 'exact' and not flags_agree)
