# Two commands: `make run` (everything, embedded, at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install schema bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/slipway up

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check backend tasks tests migrations bench

schema: install
	$(BIN)/slipway export-schema

bench: install
	$(BIN)/python bench/me_query.py

clean:
	rm -rf $(VENV) .pytest_cache
