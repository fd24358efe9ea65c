# Two commands do everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export SHISAKU_DOCS ?= data/raw
export SHISAKU_WAREHOUSE ?= warehouse.duckdb

.PHONY: setup build test lint clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

## setup: create .venv and install the pinned dependencies
setup: $(STAMP)

## build: load every document of $(SHISAKU_DOCS) and build $(SHISAKU_WAREHOUSE) with dbt
build: setup
	$(BIN)/dbt build
	$(BIN)/python -m loaders summary

## lint: ruff and sqlfluff only (make test runs them too, as tests)
lint: setup
	$(BIN)/ruff check loaders attribution benchmarks models tests
	$(BIN)/ruff format --check loaders attribution benchmarks models tests
	$(BIN)/sqlfluff lint models tests/dbt

## test: the whole suite — loader tests, an end-to-end dbt build, dbt data and unit tests, lint
test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf target logs $(SHISAKU_WAREHOUSE)
