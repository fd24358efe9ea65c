{#-
    persist_docs for DuckDB (overrides the adapter's macro of the same name): a column's
    comment is its description followed by its Japanese label from `meta: {ja: …}` as
    `[ja: 事業名]`, so the warehouse itself carries both. Exports read the labels back
    from the comments (serving/export.py), not from this project's YAML.
-#}
{% macro duckdb__alter_column_comment(relation, column_dict) %}
    {% set existing_columns = adapter.get_columns_in_relation(relation)
        | map(attribute="name") | list %}
    {% for column_name in column_dict if (column_name in existing_columns) %}
        {% set column = column_dict[column_name] %}
        {% set label = (column.get('meta') or {}).get('ja') %}
        {% set comment = column['description'] ~ (' [ja: ' ~ label ~ ']' if label else '') %}
        comment on column {{ relation }}.{{
            adapter.quote(column_name) if column['quote'] else column_name
        }} is {{ duckdb_escape_comment(comment) }};
    {% endfor %}
{% endmacro %}
