# Two commands do everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# SHISAKU_DOCS and SHISAKU_WAREHOUSE, when set, are read by dbt (profiles.yml) and the
# Python CLIs alike; their defaults are defined once, in core/config.py.
WAREHOUSE = $(BIN)/python -m core.config warehouse

.PHONY: setup build publish test lint shell lake-shell docs export report bench mutate clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	$(BIN)/python -c "from attribution.kernel import warm; warm()"
	touch $(STAMP)

## setup: create .venv, install the pinned dependencies, compile the attribution kernel
setup: $(STAMP)

## build: load the documents, dbt build into .build/; a complete, passing build publishes the warehouse
build: setup
	$(BIN)/dbt build
	$(BIN)/python -m loaders summary

## publish: publish the last build again, only if it was a complete `dbt build` that passed
publish: setup
	$(BIN)/python -m serving publish

## lint: ruff and sqlfluff only (make test runs them too, as tests)
lint: setup
	$(BIN)/ruff check core loaders attribution serving plugin benchmarks models tests tools
	$(BIN)/ruff format --check core loaders attribution serving plugin benchmarks models tests tools
	$(BIN)/sqlfluff lint models tests/dbt

## test: the whole suite — loader tests, end-to-end dbt builds, dbt data and unit tests, lint
test: setup
	$(BIN)/python -m pytest

## shell: the DuckDB CLI on the published warehouse, read-only
shell: setup
	$(BIN)/duckdb -readonly "$$($(WAREHOUSE))"

## lake-shell: the DuckDB shell on the team's lake (SHISAKU_LAKE), read-only, as `lake`
lake-shell: setup
	mkdir -p .build && $(BIN)/python -m serving lake-sql > .build/lake.sql
	$(BIN)/duckdb -init .build/lake.sql

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

## bench: build cost for 1, 10, 100 documents, cold and warm, against a minimal dbt project
##        (BENCH_N=1,10,100,1000 for more), attribution speed, then PDF reading (sample and a
##        1,000-page file) -> benchmarks/RESULTS.md
BENCH_N ?= 1,10,100
bench: build
	$(BIN)/python benchmarks/bench_build.py --n $(BENCH_N)
	$(BIN)/python benchmarks/bench_attribution.py >> benchmarks/RESULTS.md
	$(BIN)/python benchmarks/bench_pdf.py --big --build 100 >> benchmarks/RESULTS.md
	$(BIN)/python benchmarks/bench_lake.py --n 1000 >> benchmarks/RESULTS.md

## mutate: mutation testing of the solver, segmenter and layout with the fast tests
##         (each module >= 90 % killed; survivors listed in docs/mutation.md)
mutate: setup
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,mutate]"
	$(BIN)/python tools/mutate.py

clean:
	-[ -x $(BIN)/python ] && rm -f "$$($(WAREHOUSE))"
	rm -rf target logs .build exports reports
