{{ config(store_failures=true) }}

-- Every printed total (pillar totals, with reposts, the document total), in every amount
-- column, equals the sum of the attributed line items it covers. A pillar whose own totals
-- cannot be met (a printed typo) is set aside by attribution: its totals, and those that
-- sum its lines, are then not computable and fail here too. Runs on the intermediate
-- layer, so a failure (a typo in the document, or an override that contradicts the
-- totals) names the file, total, pillar and column even when the marts are not rebuilt.
with

totals_computed as (
    select * from {{ ref('int_stated_totals_computed') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
)

select
    documents.file_name,
    totals_computed.row_kind,
    totals_computed.pillar_no,
    totals_computed.column_name,
    totals_computed.stated_thousand_yen,
    totals_computed.computed_thousand_yen,
    totals_computed.source_line_first,
    totals_computed.document_id,
    case
        when totals_computed.computed_thousand_yen is null
            then format(
                'not computable: {} line(s) it sums have no split (their pillar was set '
                || 'aside: a line or total of it cannot be met; see the lines named by '
                || 'assert_line_figures_add_up_to_budget, or record an erratum)',
                totals_computed.unresolved_line_count
            )
        else format(
            'stated {}, the lines sum to {}',
            totals_computed.stated_thousand_yen,
            totals_computed.computed_thousand_yen
        )
    end as failure
from totals_computed
inner join documents
    on totals_computed.document_id = documents.document_id
where totals_computed.computed_thousand_yen is distinct from totals_computed.stated_thousand_yen
