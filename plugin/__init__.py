"""The dbt-duckdb plugin: the one module that joins loading (loaders) and publishing
(serving) inside `dbt build`."""
