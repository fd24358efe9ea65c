{#-
    The one rule by which an analyst's seed row (seeds/errata.csv, funding_overrides.csv,
    flag_overrides.csv) names a line: its fiscal year, its issuer (blank: any issuer, and
    the checked model refuses a row that then matches lines of several), its budget group
    (blank: any group, and the checked model refuses a row that then matches lines in
    several: a budget book prints one name under many 款, 一般管理費), and its project_key;
    with by_source_line, an erratum may name the line by a source line it is printed on
    instead. `seed` and `line` are the relations' aliases; the line's group is its
    `line_budget_group`.
-#}
{% macro seed_names_line(seed, line, by_source_line=false) -%}
    {{ seed }}.fiscal_year = {{ line }}.fiscal_year
    and ({{ seed }}.issuer is null or {{ seed }}.issuer = {{ line }}.issuer)
    and (
        {{ seed }}.budget_group is null
        or {{ seed }}.budget_group = {{ line }}.line_budget_group
    )
    and (
        {{ seed }}.project_key = {{ line }}.project_key
        {%- if by_source_line %}
        or list_contains({{ line }}.source_line_numbers, {{ seed }}.source_line)
        {%- endif %}
    )
{%- endmacro %}
