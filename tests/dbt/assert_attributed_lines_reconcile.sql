{{ config(store_failures=true) }}

-- Every printed total, in every column, equals the sum of the attributed line items.
-- Runs on the intermediate layer, so a failure (a typo in the document, or an override
-- that contradicts the totals) names the document, total, pillar and column even when
-- the marts are then not rebuilt.
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
)

select
    documents.file_name,
    totals_computed.total_kind,
    totals_computed.pillar_no,
    totals_computed.column_name,
    totals_computed.stated_thousand_yen,
    totals_computed.computed_thousand_yen,
    totals_computed.source_line,
    totals_computed.document_id
from totals_computed
inner join documents
    on totals_computed.document_id = documents.document_id
where totals_computed.computed_thousand_yen is distinct from totals_computed.stated_thousand_yen
