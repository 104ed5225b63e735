# Two commands a newcomer needs:  `make demo`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo demo-no-serve test test-all lint format install dagster dashboard bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@command -v java >/dev/null || { echo "Java 17 is required (java not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip >/dev/null
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Set everything up, generate sample data, run the whole pipeline, serve dashboard + Dagster UI.
demo: $(STAMP)
	$(BIN)/lakehouse demo

demo-no-serve: $(STAMP)
	$(BIN)/lakehouse demo --no-serve

## The focused test run (no slow/browser tests).
test: $(STAMP)
	$(BIN)/python -m pytest

## Everything, as CI runs it: focused tests, then slow and browser tests.
test-all: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser"
	$(BIN)/python -m pytest -m "slow or browser"

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
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} $(BIN)/dagster dev -h 127.0.0.1 -p 3000

dashboard: $(STAMP)
	$(BIN)/lakehouse dashboard

bench: $(STAMP)
	$(BIN)/lakehouse bench

clean:
	rm -rf warehouse landing .dagster_home test-artifacts
