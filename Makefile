# Two commands a newcomer needs:  `make demo`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-no-serve test test-all lint format install install-postgres dagster dagster-postgres dashboard \
	bench clean engine engine-stop

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@command -v java >/dev/null || { echo "Java 17 is required (java not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Set everything up, generate sample data, run the whole pipeline, serve dashboard + Dagster UI.
## The warm engine first (every later command and Dagster run uses it); should it not start, the
## demo still runs, in a local Spark session of its own.
demo: $(STAMP)
	-$(BIN)/lakehouse engine start
	$(BIN)/lakehouse demo

demo-no-serve: $(STAMP)
	-$(BIN)/lakehouse engine start
	$(BIN)/lakehouse demo --no-serve

## The focused test run (no slow/browser tests). MARKS picks other tests, PYTEST_ARGS adds options:
## `make test MARKS="slow or browser or not slow"` is everything in one pytest run (as CI runs it).
## WORKERS pytest-xdist processes share the files (one test file per worker at a time; each worker
## has its own Spark session and fixtures); WORKERS=0 runs everything in this process.
MARKS ?= not slow and not browser
PYTEST_ARGS ?=
WORKERS ?= 2
test: $(STAMP)
	$(BIN)/python -m pytest -m "$(MARKS)" -n $(WORKERS) --dist loadfile $(PYTEST_ARGS)

## Everything, as CI runs it: one run, two workers, each starting Spark and the fixtures once.
test-all: $(STAMP)
	$(MAKE) test MARKS="slow or browser or not slow"

## Lint (ruff), format check (ruff format), types (mypy on lake/ and transforms/), import layers (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## Apply the formatter and the safe lint fixes (run before committing, or let pre-commit do it).
format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

dagster: $(STAMP)
	-$(BIN)/lakehouse engine start
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/dagster dev -h 127.0.0.1 -p 3000

## dagster-postgres 0.29.28 (the release matching dagster 1.13.28) is not on PyPI: 0.29.27 is
## installed without its exact `dagster==1.13.27` pin (a patch release apart; tested against 1.13.28).
## It talks to PostgreSQL through psycopg2 (SQLAlchemy is kept below 2.1, whose default driver is psycopg 3,
## with which dagster-postgres' NOTIFY statements fail).
install-postgres: $(STAMP)
	$(BIN)/python -m pip install --no-deps 'dagster-postgres==0.29.27'
	$(BIN)/python -m pip install 'psycopg2-binary>=2.9'

## Dagster with run, event and schedule storage in PostgreSQL: set DAGSTER_PG_HOST, DAGSTER_PG_PORT,
## DAGSTER_PG_USERNAME, DAGSTER_PG_PASSWORD, DAGSTER_PG_DB (docs/operations.md).
dagster-postgres: install-postgres
	@for v in DAGSTER_PG_HOST DAGSTER_PG_PORT DAGSTER_PG_USERNAME DAGSTER_PG_PASSWORD DAGSTER_PG_DB; do \
	  [ -n "$${!v}" ] || { echo "$$v is not set (see docs/operations.md)"; exit 1; }; done
	home=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home_postgres}; mkdir -p $$home; \
	cat dagster.yaml dagster.postgres.yaml > $$home/dagster.yaml; \
	DAGSTER_HOME=$$home $(BIN)/dagster dev -h 127.0.0.1 -p 3000

dashboard: $(STAMP)
	$(BIN)/lakehouse dashboard

bench: $(STAMP)
	$(BIN)/lakehouse bench

## The warm Spark engine (Spark Connect on 127.0.0.1:15002): while it is up, every `lakehouse` command and
## Dagster run uses it (LAKEHOUSE_ENGINE=off: never; docs/scaling.md). `make demo` and `make dagster` start it.
engine: $(STAMP)
	$(BIN)/lakehouse engine start

engine-stop: $(STAMP)
	$(BIN)/lakehouse engine stop

clean:
	rm -rf warehouse landing .dagster_home .dagster_home_postgres test-artifacts
