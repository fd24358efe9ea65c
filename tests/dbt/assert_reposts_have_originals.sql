{{ config(store_failures=true) }}

-- A repost (再掲) is the same project printed again under another pillar: its
-- original (same project_key, not a repost) is in the same document with the same
-- budget, funding cells and period.
with

budget_lines as (
    select * from {{ ref('int_budget_lines_corrected') }}
)

select
    reposts.document_id,
    reposts.pillar_no,
    reposts.line_seq,
    reposts.project_name,
    reposts.source_line_first,
    originals.line_seq as original_line_seq,
    case
        when originals.line_seq is null then 'no original line with this project_key'
        else 'the original prints other figures or another period'
    end as failure
from budget_lines as reposts
left join budget_lines as originals
    on
        reposts.document_id = originals.document_id
        and reposts.original_line_seq = originals.line_seq
where
    reposts.is_repost
    and (
        originals.line_seq is null
        or reposts.budget_thousand_yen != originals.budget_thousand_yen
        or reposts.funding_figures != originals.funding_figures
        or reposts.period_text != originals.period_text
    )
