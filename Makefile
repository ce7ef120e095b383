# newsfacts — the two commands of the README, plus helpers.
# Every target creates the virtual environment from the lock file when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DAGSTER_HOME := $(CURDIR)

.PHONY: build test fuzz lint evaluate benchmark dev clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --editable .
	# An editable install compiles none of the project's modules, unlike the packages
	# pip installs: compile them now, or a Python that writes no bytecode
	# (PYTHONDONTWRITEBYTECODE) compiles them again on every build.
	$(BIN)/python -m compileall -q newsfacts assets pipelines
	touch $(STAMP)

## build: process data/seeds into data/warehouse (Parquet + newsfacts.duckdb)
build: $(STAMP)
	$(BIN)/newsfacts build

## test: the test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## fuzz: the fuzz tests with many more random inputs per test (the test suite runs a short pass)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_fuzz.py

## lint: ruff and mypy
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## evaluate: precision/recall of every extractor against tests/gold
evaluate: $(STAMP)
	$(BIN)/newsfacts evaluate

## benchmark: throughput on the public corpora in ../shared/corpora, and ASSAULT
## rows per 100 BBC business/sport/tech/entertainment articles (false positives)
benchmark: $(STAMP)
	$(BIN)/newsfacts benchmark
	$(BIN)/newsfacts evaluate --on false-positives

## dev: the Dagster UI on http://127.0.0.1:3000
dev: $(STAMP)
	$(BIN)/newsfacts dev

clean:
	rm -rf data/warehouse data/.dagster
