{% macro match_landed_pattern(text, pattern_column, pattern_column_name, grammar) %}
{#-
    regexp_full_match(text, pattern_column): does the text match the pattern landed beside it
    (a layout's grammar, raw.layout_cell_grammar)?

    DuckDB compiles a pattern written in the SQL once, and a pattern read from a column once
    per row (about 6 µs: 3 s for the amounts of 1,000 documents). So while `dbt build` or
    `dbt run` builds the model, the patterns `grammar` holds now are written in as constants,
    each used for the rows whose pattern equals it; any other pattern (a unit test's, a layout
    landed later) is still matched, read from its column. The result is the same either way.
-#}
    {%- set known = [] -%}
    {%- if execute and flags.WHICH in ('build', 'run') and model.resource_type == 'model' -%}
        {%- set relation = load_relation(grammar) -%}
        {%- if relation is not none -%}
            {%- set known = run_query(
                'select distinct ' ~ pattern_column_name ~ ' from ' ~ relation
                ~ ' where ' ~ pattern_column_name ~ ' is not null order by 1'
            ).columns[0].values() -%}
        {%- endif -%}
    {%- endif -%}
    {%- if known %}
    case
        {%- for pattern in known %}
            {%- set literal = "'" ~ (pattern | replace("'", "''")) ~ "'" %}
            when {{ pattern_column }} = {{ literal }}
                then regexp_full_match({{ text }}, {{ literal }})
        {%- endfor %}
        else regexp_full_match({{ text }}, {{ pattern_column }})
    end
    {%- else %}
    regexp_full_match({{ text }}, {{ pattern_column }})
    {%- endif %}
{%- endmacro %}
