{#-
    One row per printed line item (事業), reposts included, with its cells parsed.
    cell_text_nfkc holds the cells with full-width forms folded (R５ -> R5, ，-> ,):
    flags (○ before the budget), the budget and the printed funding figures, the period
    in era years (converted with the document's layout's era years), and the 21財団 mark (○ / △ after the period).
-#}
with

table_rows as (
    select * from {{ source('budget_text', 'table_rows') }}
),

era_years as (
    select * from {{ ref('stg_budget_text__era_years') }}
),

line_item_rows as (
    select
        document_id,
        row_seq,
        pillar_seq,
        group_label,
        name_text,
        name_text_nfkc,
        cell_text,
        trim(cell_text_nfkc) as cells,
        division_text,
        line_first,
        line_last,
        line_numbers
    from table_rows
    where row_kind = 'line_item'
),

cells_split as (
    select
        *,
        regexp_extract(cells, '^((?:[○〇]\s+)*)', 1) as flags_part,
        regexp_extract(
            cells, '^(?:[○〇]\s+)*([0-9,]+(?:\s+[0-9,]+)*)\s+[MTSHR]', 1
        ) as figures_part,
        regexp_extract(
            cells,
            '([MTSHR]\s?[0-9]{1,2}(?:\s?-\s?(?:[MTSHR]\s?[0-9]{1,2})?)?)(?:\s+[○〇△])?$',
            1
        ) as period_part,
        regexp_extract(cells, '[0-9-]\s+([○〇△])$', 1) as foundation_mark
    from line_item_rows
),

figures_listed as (
    select
        *,
        str_split_regex(replace(figures_part, ',', ''), '\s+') as figures
    from cells_split
),

periods_split as (
    select
        *,
        regexp_extract(period_part, '^([MTSHR])', 1) as start_era,
        cast(regexp_extract(period_part, '^[MTSHR]\s?([0-9]+)', 1) as integer)
            as start_era_year,
        nullif(regexp_extract(period_part, '-\s?([MTSHR])\s?[0-9]+$', 1), '') as end_era,
        cast(
            nullif(regexp_extract(period_part, '-\s?[MTSHR]\s?([0-9]+)$', 1), '') as integer
        ) as end_era_year,
        contains(period_part, '-') as is_range
    from figures_listed
),

division_parts as (
    select
        document_id,
        row_seq,
        generate_subscripts(str_split_regex(trim(division_text), '\s+'), 1) as part_seq,
        unnest(str_split_regex(trim(division_text), '\s+')) as part
    from line_item_rows
    where division_text is not null
),

division_parts_classified as (
    select
        document_id,
        row_seq,
        part_seq,
        part,
        regexp_extract(part, '^[（(](.*)[）)]$', 1) as bracketed,
        case
            when not regexp_matches(part, '^[（(].*[）)]$') then 'division'
            when regexp_matches(part, '県民局[）)]$') then 'regional_office'
            else 'note'
        end as part_kind
    from division_parts
),

divisions_grouped as (
    select
        document_id,
        row_seq,
        list(part order by part_seq) filter (where part_kind = 'division') as divisions,
        string_agg(bracketed, '、' order by part_seq) filter (where part_kind = 'regional_office')
            as regional_office,
        string_agg(bracketed, '、' order by part_seq) filter (where part_kind = 'note')
            as division_note
    from division_parts_classified
    group by document_id, row_seq
),

final as (
    select
        periods_split.document_id,
        periods_split.row_seq as line_seq,
        periods_split.pillar_seq as pillar_no,
        periods_split.group_label,
        regexp_replace(periods_split.name_text, '\s*[（(]\s*再掲\s*[）)]\s*$', '')
            as project_name,
        regexp_replace(
            regexp_replace(periods_split.name_text_nfkc, '\s*\(\s*再掲\s*\)\s*$', ''),
            '\s+', '', 'g'
        ) as project_key,
        regexp_matches(periods_split.name_text, '[（(]\s*再掲\s*[）)]\s*$') as is_repost,
        periods_split.cell_text,
        length(regexp_replace(periods_split.flags_part, '[^○〇]', '', 'g')) as flag_count,
        cast(periods_split.figures[1] as bigint) as budget_thousand_yen,
        len(periods_split.figures) - 1 as printed_funding_count,
        cast(periods_split.figures[2] as bigint) as funding_figure_1_thousand_yen,
        cast(periods_split.figures[3] as bigint) as funding_figure_2_thousand_yen,
        cast(periods_split.figures[4] as bigint) as funding_figure_3_thousand_yen,
        periods_split.period_part as period_text,
        periods_split.start_era,
        periods_split.start_era_year,
        start_offsets.offset_years + periods_split.start_era_year as start_fiscal_year,
        case
            when periods_split.end_era is not null
                then end_offsets.offset_years + periods_split.end_era_year
            when not periods_split.is_range
                then start_offsets.offset_years + periods_split.start_era_year
        end as end_fiscal_year,
        periods_split.is_range and periods_split.end_era is null as is_open_ended,
        nullif(periods_split.foundation_mark, '') as foundation_mark,
        case periods_split.foundation_mark
            when '○' then 'full'
            when '〇' then 'full'
            when '△' then 'partial'
        end as foundation_support,
        divisions_grouped.divisions,
        divisions_grouped.divisions[1] as division,
        divisions_grouped.regional_office,
        divisions_grouped.division_note,
        periods_split.division_text,
        periods_split.line_first as source_line_first,
        periods_split.line_last as source_line_last,
        periods_split.line_numbers as source_line_numbers
    from periods_split
    left join era_years as start_offsets
        on
            periods_split.document_id = start_offsets.document_id
            and periods_split.start_era = start_offsets.era_letter
    left join era_years as end_offsets
        on
            periods_split.document_id = end_offsets.document_id
            and periods_split.end_era = end_offsets.era_letter
    left join divisions_grouped
        on
            periods_split.document_id = divisions_grouped.document_id
            and periods_split.row_seq = divisions_grouped.row_seq
)

select * from final
