{{ config(store_failures=true) }}

-- Every override in seeds/flag_overrides.csv is a reading its line's print allows
-- (int_flag_overrides_checked says what is wrong with any other: no such line, a flag
-- not in the layout or named twice, more or fewer flags than the printed marks, new on
-- an older project, or columns the print contradicts). Such an override is not applied.
with

overrides_checked as (
    select * from {{ ref('int_flag_overrides_checked') }}
),

final as (
    select
        issuer,
        fiscal_year,
        project_key,
        flags_set,
        source_note,
        document_id,
        line_seq,
        failure
    from overrides_checked
    where failure is not null
)

select * from final
