# Two commands: `make run` (everything, embedded, at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install schema bench lint clean web web-test chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install web
	$(BIN)/slipway up

# The web app: Node deps from the lockfile, then a build whenever a source or the schema changed.
WEB_STAMP := web/node_modules/.installed
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/codegen.ts web/tsconfig.json -type f 2>/dev/null)

$(WEB_STAMP): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(WEB_STAMP)

web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES) graphql/schema.graphql
	cd web && npm run --silent build -- --logLevel warn

web: web/dist/index.html

# Debian's Chromium drives the end-to-end tests; installed once, quietly.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

web-test: install web chromium
	cd web && npx vitest run
	cd web && npm run --silent e2e

test: install web chromium
	$(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory web-test

lint: install
	$(BIN)/ruff check backend tasks tests migrations bench

schema: install
	$(BIN)/slipway export-schema

bench: install
	$(BIN)/python bench/me_query.py

clean:
	rm -rf $(VENV) .pytest_cache web/node_modules web/dist
