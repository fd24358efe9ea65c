{{ config(store_failures=true) }}

-- Nothing in a document is dropped: every non-blank line is claimed by exactly one
-- parsed element (column header, title, line item, total, heading, direction).
with

accounted as (
    select * from {{ ref('int_document_lines_accounted') }}
)

select
    document_id,
    line_no,
    page_no,
    line_text,
    element_count,
    element_kinds,
    case
        when element_count = 0 then 'line not claimed by any parsed element'
        when is_blank then 'blank line claimed by an element'
        else 'line claimed by more than one element'
    end as failure
from accounted
where
    (not is_blank and element_count != 1)
    or (is_blank and element_count != 0)
