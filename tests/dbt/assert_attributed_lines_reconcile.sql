-- Every printed total, in every column, equals the sum of the attributed line items.
-- Runs on the intermediate layer, so a failure (an override that contradicts the
-- totals, or a typo in the document) names the document, total, pillar and column
-- even though the marts are then not rebuilt.
select
    document_id,
    total_kind,
    pillar_no,
    column_name,
    stated_thousand_yen,
    computed_thousand_yen,
    source_line,
    'printed ' || total_kind || ' of pillar ' || coalesce(cast(pillar_no as varchar), '-')
    || ', column ' || column_name || ': stated ' || stated_thousand_yen
    || ', attributed lines add up to '
    || coalesce(cast(computed_thousand_yen as varchar), 'unknown') as failure
from {{ ref('int_stated_totals_computed') }}
where computed_thousand_yen is distinct from stated_thousand_yen
