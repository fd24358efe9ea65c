# Two commands do everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export SHISAKU_DOCS ?= data/raw
export SHISAKU_WAREHOUSE ?= warehouse.duckdb

.PHONY: setup build publish test lint shell docs export report bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	$(BIN)/python -c "from attribution.kernel import warm; warm()"
	touch $(STAMP)

## setup: create .venv, install the pinned dependencies, compile the attribution kernel
setup: $(STAMP)

## build: load $(SHISAKU_DOCS), dbt build into .build/; a complete, passing build publishes $(SHISAKU_WAREHOUSE)
build: setup
	$(BIN)/dbt build
	$(BIN)/python -m loaders summary

## publish: publish the last build again, only if it was a complete `dbt build` that passed
publish: setup
	$(BIN)/python -m serving publish

## lint: ruff and sqlfluff only (make test runs them too, as tests)
lint: setup
	$(BIN)/ruff check loaders attribution serving benchmarks models tests
	$(BIN)/ruff format --check loaders attribution serving benchmarks models tests
	$(BIN)/sqlfluff lint models tests/dbt

## test: the whole suite — loader tests, end-to-end dbt builds, dbt data and unit tests, lint
test: setup
	$(BIN)/python -m pytest

## shell: the DuckDB CLI on the published warehouse, read-only
shell: setup
	$(BIN)/duckdb -readonly $(SHISAKU_WAREHOUSE)

## docs: a single-file static dbt docs site (target/static_index.html)
docs: setup
	$(BIN)/dbt docs generate --static
	@echo "open target/static_index.html"

## export: every mart as Parquet, CSV (English and Japanese headers) and one .xlsx in exports/
export: setup
	$(BIN)/python -m serving export --out exports

## report: one self-contained HTML report in reports/report.html
report: setup
	$(BIN)/python -m serving report --out reports/report.html

## bench: build cost for 1, 10, 100 documents (BENCH_N=1,10,100,1000 for more) -> benchmarks/RESULTS.md
BENCH_N ?= 1,10,100
bench: setup
	$(BIN)/python benchmarks/bench_build.py --n $(BENCH_N)

clean:
	rm -rf target logs .build exports reports $(SHISAKU_WAREHOUSE)
