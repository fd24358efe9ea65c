{#-
    on-run-end: after a build or run with no failed node, checkpoint the build file and
    publish it (copy + atomic rename over SHISAKU_WAREHOUSE, by the plugin's Python
    function). A failed build publishes nothing: readers keep the last good warehouse.
-#}
{% macro publish_warehouse(results) %}
    {% if execute and flags.WHICH in ('build', 'run') %}
        {% set failed = results | selectattr('status', 'in', ['error', 'fail']) | list %}
        {% if failed | length == 0 %}
            {% do run_query('force checkpoint') %}
            {% set target_file = env_var('SHISAKU_WAREHOUSE', 'warehouse.duckdb') %}
            {% set published = run_query(
                "select shisaku_publish('" ~ target_file | replace("'", "''") ~ "')"
            ).columns[0].values()[0] %}
            {{ log('published ' ~ published, info=True) }}
        {% else %}
            {{ log('not published: ' ~ failed | length ~ ' failed node(s); '
                ~ 'the published warehouse is unchanged', info=True) }}
        {% endif %}
    {% endif %}
{% endmacro %}
