{#-
    新規 / 重点 / 主要成果 for every line item. Which column each ○ stood in is lost;
    what the text proves is used first (flags_status 'exact'):
      0 ○ -> none; 3 ○ -> all three;
      新規 only when the period starts in the document's own fiscal year, so 2 ○ on a
      project that started earlier are 重点 and 主要成果.
    The rest follows seeds/flag_inference_rules.csv ('inferred'), unless
    seeds/flag_overrides.csv gives the PDF's reading ('override').
-#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_classified') }}
),

inference_rules as (
    select * from {{ ref('flag_inference_rules') }}
),

flag_overrides as (
    select * from {{ ref('flag_overrides') }}
),

proven as (
    select
        document_id,
        line_seq,
        fiscal_year,
        issuer,
        project_key,
        flag_count,
        not coalesce(cannot_be_new, false) as can_be_new,
        case
            when flag_count = 0 then false
            when flag_count = 3 then true
            when cannot_be_new then false
        end as proven_is_new,
        -- 重点 and 主要成果 are proven together: none, all, or the two ○ of an older project
        case
            when flag_count = 0 then false
            when flag_count = 3 then true
            when flag_count = 2 and cannot_be_new then true
        end as proven_is_priority_and_key_result
    from budget_lines
),

final as (
    select
        proven.document_id,
        proven.line_seq,
        coalesce(flag_overrides.is_new, proven.proven_is_new, inference_rules.is_new)
            as is_new,
        coalesce(
            flag_overrides.is_priority,
            proven.proven_is_priority_and_key_result,
            inference_rules.is_priority
        ) as is_priority,
        coalesce(
            flag_overrides.is_key_result,
            proven.proven_is_priority_and_key_result,
            inference_rules.is_key_result
        ) as is_key_result,
        case
            when flag_overrides.project_key is not null then 'override'
            when
                proven.proven_is_new is not null
                and proven.proven_is_priority_and_key_result is not null
                then 'exact'
            when inference_rules.flag_count is not null then 'inferred'
            else 'ambiguous'
        end as flags_status
    from proven
    left join flag_overrides
        on
            proven.fiscal_year = flag_overrides.fiscal_year
            and proven.project_key = flag_overrides.project_key
            and (flag_overrides.issuer is null or proven.issuer = flag_overrides.issuer)
    left join inference_rules
        on
            proven.flag_count = inference_rules.flag_count
            and proven.can_be_new = inference_rules.can_be_new
)

select * from final
