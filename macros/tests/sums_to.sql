{#-
    The column equals the sum of the parts wherever every part is known. Failing rows
    show the `show` columns (default: all) with the stated figure and the parts' sum.
-#}
{% test sums_to(model, column_name, parts, show=none) %}
    {{ config(store_failures=true) }}
    select
        {{ (show | join(', ')) if show else '*' }},
        {{ column_name }} as stated,
        {{ parts | join(' + ') }} as parts_sum
    from {{ model }}
    where
        {% for part in parts %}({{ part }}) is not null and {% endfor %}
        {{ column_name }} != {{ parts | join(' + ') }}
{% endtest %}
