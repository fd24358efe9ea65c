{{ config(store_failures=true) }}

-- Every printed cell reads under its layout's grammar (stg_budget_text__table_cells): an
-- amount is the layout's digit grammar, a flag or foundation cell one of its marks, a period
-- the layout's period with eras it lists. A cell that does not is a misprint or a layout that
-- does not fit the document; each failing row names the document, its line and page, the
-- column and the text, and the build stops before any mart.
with

table_cells as (
    select * from {{ ref('stg_budget_text__table_cells') }}
)

select
    document_id,
    source_line,
    page_no,
    line_seq,
    column_name,
    cell_role,
    cell_text,
    parse_failure
from table_cells
where parse_failure is not null
