{#- One row per printed line item (事業) of each document of record, reposts included. -#}
with

budget_lines as (
    select * from {{ ref('int_budget_lines_resolved') }}
),

final as (
    select
        document_id,
        issuer,
        fiscal_year,
        pillar_no,
        pillar_label,
        line_level,
        heading_seq,
        budget_group,
        line_seq,
        project_name,
        project_key,
        group_label,
        is_repost,
        original_line_seq,
        flag_count,
        is_new,
        is_priority,
        is_key_result,
        flags_status,
        budget_thousand_yen,
        previous_thousand_yen,
        change_thousand_yen,
        item_number,
        printed_funding_count,
        funding_status,
        funding_proof,
        funding_override_note,
        cell_text as printed_cell_text,
        is_corrected,
        correction_note,
        period_text,
        start_fiscal_year,
        end_fiscal_year,
        is_open_ended,
        foundation_support,
        division,
        divisions,
        divisions_text,
        regional_office,
        division_note,
        source_line_first,
        source_line_last
    from budget_lines
    where is_of_record
)

select * from final
