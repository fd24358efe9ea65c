{#-
    A printed total must equal what its line items add up to. Fails with every check
    row whose computed figure differs from the stated one, naming the document,
    the kind of total, the pillar, the column and both figures.
-#}
{% test reconciles(model, stated_column, computed_column) %}
    {{ config(store_failures=true) }}
    select
        document_id,
        kind,
        pillar_no,
        column_name,
        {{ stated_column }} as stated_thousand_yen,
        {{ computed_column }} as computed_thousand_yen,
        source_line,
        'stated ' || {{ stated_column }} || ' but the line items add up to '
        || {{ computed_column }} as failure
    from {{ model }}
    where
        {{ computed_column }} is not null
        and {{ computed_column }} != {{ stated_column }}
{% endtest %}
