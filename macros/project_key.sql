{#-
    A name's project_key: the name (NFKC, as the loader lands it) without white space of
    any kind (spaces, ideographic spaces, line and paragraph separators). The one
    definition: staging keys every printed name with it, and a name an erratum corrects
    is keyed again with it (int_budget_lines_corrected).
-#}
{% macro project_key(name) -%}
    regexp_replace({{ name }}, '[\s\p{Z}\x{1C}-\x{1F}\x{85}]+', '', 'g')
{%- endmacro %}
