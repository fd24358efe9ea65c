{#-
    Line items with what the text proves about their flags and funding, and each
    repost linked to its original. Nothing here is guessed: a value the text cannot
    prove stays null and the status column says so.

    Flags (which column each ○ stood in is lost):
      0 ○ -> none; 3 ○ -> all three;
      a period starting before the document's fiscal year -> not 新規, so 2 ○ are
      重点 and 主要成果; anything else leaves the unproven flags null ('ambiguous').
    Funding: all three sources printed -> 'printed'; fewer -> null ('unresolved'),
    because the text does not say which column an omitted cell stood in.
-#}
with

line_items as (
    select * from {{ ref('stg_budget_text__line_items') }}
),

documents as (
    select * from {{ ref('stg_budget_text__documents') }}
),

with_year as (
    select
        line_items.*,
        documents.fiscal_year,
        line_items.start_fiscal_year < documents.fiscal_year as cannot_be_new
    from line_items
    inner join documents
        on line_items.document_id = documents.document_id
),

flags_proven as (
    select
        *,
        case
            when flag_count = 0 then false
            when flag_count = 3 then true
            when cannot_be_new then false
        end as is_new,
        case
            when flag_count = 0 then false
            when flag_count = 3 then true
            when flag_count = 2 and cannot_be_new then true
        end as is_priority,
        case
            when flag_count = 0 then false
            when flag_count = 3 then true
            when flag_count = 2 and cannot_be_new then true
        end as is_key_result
    from with_year
),

funding_proven as (
    select
        *,
        case
            when is_new is not null and is_priority is not null and is_key_result is not null
                then 'exact'
            else 'ambiguous'
        end as flags_status,
        case when printed_funding_count = 3 then funding_figure_1_thousand_yen end
            as national_thousand_yen,
        case when printed_funding_count = 3 then funding_figure_2_thousand_yen end
            as other_thousand_yen,
        case when printed_funding_count = 3 then funding_figure_3_thousand_yen end
            as general_thousand_yen,
        case when printed_funding_count = 3 then 'printed' else 'unresolved' end
            as funding_status
    from flags_proven
),

originals as (
    select
        document_id,
        project_key,
        min(line_seq) as original_line_seq
    from line_items
    where not is_repost
    group by document_id, project_key
),

final as (
    select
        funding_proven.*,
        case when funding_proven.is_repost then originals.original_line_seq end
            as original_line_seq
    from funding_proven
    left join originals
        on
            funding_proven.document_id = originals.document_id
            and funding_proven.project_key = originals.project_key
)

select * from final
