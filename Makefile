# Jisr — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JISR := $(BIN)/jisr
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := static/vendor

.PHONY: demo serve setup assets translations messages test lint typecheck pytest-sqlite pytest-postgres bench clean system-packages

demo: setup
	JISR_DEMO=1 $(JISR) migrate --noinput
	JISR_DEMO=1 $(JISR) load_territories
	JISR_DEMO=1 $(JISR) load_indicators
	JISR_DEMO=1 $(JISR) demo
	JISR_DEMO=1 $(JISR) refresh_socialmap
	JISR_DEMO=1 $(JISR) load_strategy --demo
	JISR_DEMO=1 $(JISR) refresh_strategy
	JISR_DEMO=1 $(JISR) runserver --noreload $(HOST):$(PORT)

setup: $(BIN)/.installed assets translations

# System packages the project needs from Debian (gettext for catalogs, the Amiri font for
# certificate PDFs; chromium and postgresql for the test suite). Installed only when absent.
system-packages:
	@bash tools/ensure_system_packages.sh gettext fonts-hosny-amiri

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: frontend/node_modules/.installed
	@bash tools/copy_assets.sh frontend/node_modules $(VENDOR)

translations: system-packages $(BIN)/.installed
	JISR_TESTING=1 $(JISR) compilemessages --ignore '.venv' --ignore 'frontend' --ignore 'var' -v 0

# Refresh the catalogs after changing strings (developers only).
messages: $(BIN)/.installed
	JISR_TESTING=1 $(JISR) makemessages -l ar -l fr -l en --ignore '.venv/*' --ignore 'frontend/*' --ignore 'var/*' --no-obsolete

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(BIN)/.installed
	JISR_TESTING=1 $(BIN)/mypy jisr

pytest-sqlite: setup
	@bash tools/ensure_system_packages.sh chromium redis-server
	$(BIN)/pytest -n 2 --dist loadfile

pytest-postgres: setup
	@bash tools/ensure_system_packages.sh postgresql chromium redis-server
	@bash tools/with_postgres.sh $(BIN)/pytest -n 2 --dist loadfile -m "not browser"

test: lint typecheck pytest-sqlite pytest-postgres

bench: setup
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@bash tools/ensure_system_packages.sh postgresql
	@bash tools/with_postgres.sh $(BIN)/python -m bench.run_all
	@JISR_PG_DURABLE=1 bash tools/with_postgres.sh $(BIN)/python -m bench.soak
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) frontend/node_modules $(VENDOR) var
