{#-
    on-run-end of `dbt build` and `dbt run`: drop dbt's leftover temporary tables,
    checkpoint the build file, and hand the run's outcome (the invocation, every node's
    status, the project's nodes) to the plugin's `shisaku_finish_build`, which records it
    beside the build file and publishes only a complete `dbt build` whose every node
    passed (serving/publish.py decides). Anything else says in one line why it did not
    publish; readers keep the last good warehouse.
-#}
{% macro publish_warehouse(results) %}
    {% if execute and flags.WHICH in ('build', 'run') %}
        {% set leftovers = run_query(
            "select schema_name, table_name from duckdb_tables() "
            ~ "where database_name = current_database() and table_name like '%__dbt_tmp%'"
        ) %}
        {% for row in leftovers %}
            {% do run_query(
                'drop table if exists "' ~ row[0] ~ '"."' ~ row[1] | replace('"', '""') ~ '"'
            ) %}
        {% endfor %}
        {% do run_query('force checkpoint') %}
        {% set statuses = {} %}
        {% for res in results %}
            {% do statuses.update({res.node.unique_id: res.status | string}) %}
        {% endfor %}
        {% set project_nodes = [] %}
        {% for node in graph.nodes.values() %}
            {% if node.package_name == project_name
                and node.resource_type in ('model', 'seed', 'test', 'snapshot') %}
                {% do project_nodes.append(node.unique_id) %}
            {% endif %}
        {% endfor %}
        {% set args = invocation_args_dict %}
        {% set outcome = {
            'command': flags.WHICH,
            'invocation': {
                'select': args.get('select'),
                'exclude': args.get('exclude'),
                'selector': args.get('selector'),
                'resource_types': args.get('resource_types'),
                'exclude_resource_types': args.get('exclude_resource_types'),
                'empty': args.get('empty'),
                'sample': args.get('sample'),
                'full_refresh': args.get('full_refresh'),
            },
            'statuses': statuses,
            'project_nodes': project_nodes,
        } %}
        {% set message = run_query(
            "select shisaku_finish_build('" ~ tojson(outcome) | replace("'", "''") ~ "')"
        ).columns[0].values()[0] %}
        {{ log(message, info=True) }}
        {#- a publish that failed (no space, not writable; serving/publish.py PUBLISH_FAILED)
            fails this hook, so the run
            exits non-zero with that one line -#}
        {% if message.startswith('publish failed: ') %}
            select error('{{ message | replace("'", "''") }}')
        {% endif %}
    {% endif %}
{% endmacro %}
