-- Each seed has one row per key: a second row for the same key would be applied twice
-- (or one of them silently). Names the seed and the key.
with

plausibility as (
    select * from {{ ref('funding_plausibility') }}
),

flag_overrides as (
    select * from {{ ref('flag_overrides') }}
),

inference_rules as (
    select * from {{ ref('flag_inference_rules') }}
),

seed_keys as (
    select
        'funding_plausibility' as seed_name,
        pattern as seed_key
    from plausibility
    union all
    select
        'flag_overrides' as seed_name,
        concat_ws(' ', issuer, fiscal_year, project_key, flag_column) as seed_key
    from flag_overrides
    union all
    select
        'flag_inference_rules' as seed_name,
        concat_ws(' ', flag_count, can_be_new, flag_column) as seed_key
    from inference_rules
)

select
    seed_name,
    seed_key,
    count(*) as occurrences
from seed_keys
group by seed_name, seed_key
having count(*) > 1
