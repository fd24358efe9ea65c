{#-
    on-run-end: print the rows of every failed check that stores its failures, so a
    build that fails says which document, pillar and column, with the stated and
    computed figures, instead of only "Got N results".
-#}
{% macro report_failed_checks(results) %}
    {% if execute %}
        {% for res in results %}
            {% if res.node.resource_type == 'test'
                and res.status in ('fail', 'warn')
                and res.node.config.store_failures %}
                {% set rows = run_query(
                    'select * from ' ~ res.node.relation_name ~ ' limit 20'
                ) %}
                {{ log(
                    (res.status | upper) ~ ' ' ~ res.node.name ~ ' (' ~ res.failures ~ ' rows):',
                    info=True
                ) }}
                {% for row in rows %}
                    {% set parts = [] %}
                    {% for column in rows.column_names %}
                        {% do parts.append(column ~ '=' ~ row[column]) %}
                    {% endfor %}
                    {{ log('  ' ~ parts | join(', '), info=True) }}
                {% endfor %}
            {% endif %}
        {% endfor %}
    {% endif %}
{% endmacro %}
