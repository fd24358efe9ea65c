"""Loader for 中小企業振興施策一覧 text: bytes -> lines -> logical rows -> DuckDB `raw`."""
