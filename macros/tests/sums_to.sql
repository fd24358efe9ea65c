{#-
    The column equals the sum of the parts wherever every part is known.
    Failing rows carry the model's own columns (document, pillar, line) plus the sum.
-#}
{% test sums_to(model, column_name, parts) %}
    select
        *,
        {{ parts | join(' + ') }} as parts_sum
    from {{ model }}
    where
        {% for part in parts %}({{ part }}) is not null and {% endfor %}
        {{ column_name }} != {{ parts | join(' + ') }}
{% endtest %}
