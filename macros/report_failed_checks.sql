{#-
    on-run-end: print the rows of every failed check that stores its failures, so a
    build that fails says which document, pillar and column, with the stated and
    computed figures, instead of only "Got N results". A model that a contract
    constraint refused (DuckDB names the table and column, not the row) gets the rows
    that break it printed the same way, found by running its SQL again.
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
                {{ _log_rows(rows) }}
            {% elif res.node.resource_type == 'model'
                and res.status == 'error'
                and 'Constraint Error' in (res.message or '') %}
                {{ _report_constraint_rows(res) }}
            {% endif %}
        {% endfor %}
    {% endif %}
{% endmacro %}

{% macro _log_rows(rows) %}
    {% for row in rows %}
        {% set parts = [] %}
        {% for column in rows.column_names %}
            {% do parts.append(column ~ '=' ~ row[column]) %}
        {% endfor %}
        {{ log('  ' ~ parts | join(', '), info=True) }}
    {% endfor %}
{% endmacro %}

{#- The rows of a model's result that break its not_null or check constraints, or share
    its primary key. -#}
{% macro _report_constraint_rows(res) %}
    {% set conditions = [] %}
    {% set key = [] %}
    {% for constraint in res.node.constraints if constraint.type == 'primary_key' %}
        {% do key.extend(constraint.columns) %}
    {% endfor %}
    {% for name, column in res.node.columns.items() %}
        {% for constraint in column.constraints %}
            {% if constraint.type == 'not_null' %}
                {% do conditions.append((name ~ ' is null', name ~ ' is null')) %}
            {% elif constraint.type == 'check' %}
                {% do conditions.append(
                    ('not coalesce((' ~ constraint.expression ~ '), true)',
                     'check ' ~ constraint.expression)
                ) %}
            {% endif %}
        {% endfor %}
    {% endfor %}
    {% set shown = (key + ['project_key', 'pillar_no', 'source_line_first']) | unique | list %}
    {% set branches = [] %}
    {% for condition, label in conditions %}
        {% do branches.append(
            "select '" ~ (label | replace("'", "''")) ~ "' as broken_constraint, *
             from model_rows where " ~ condition
        ) %}
    {% endfor %}
    {% if key %}
        {% do branches.append(
            "select 'primary key (" ~ key | join(', ') ~ ")' as broken_constraint, *
             from model_rows qualify count(*) over (partition by " ~ key | join(', ') ~ ") > 1"
        ) %}
    {% endif %}
    {% if branches %}
        {% set query %}
            with model_rows as ({{ res.node.compiled_code }})
            {{ branches | join(' union all ') }}
            limit 20
        {% endset %}
        {% set rows = run_query(query) %}
        {{ log('REFUSED ' ~ res.node.name ~ ' by its contract (' ~ rows | length ~ ' rows shown):', info=True) }}
        {% for row in rows %}
            {% set parts = ['broken_constraint=' ~ row['broken_constraint']] %}
            {% for column in shown if column in rows.column_names %}
                {% do parts.append(column ~ '=' ~ row[column]) %}
            {% endfor %}
            {{ log('  ' ~ parts | join(', '), info=True) }}
        {% endfor %}
    {% endif %}
{% endmacro %}
