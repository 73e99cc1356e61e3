# opendata_pipeline — the two set-up commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export OPENDATA_HOME ?= $(CURDIR)/var
UI_PORT ?= 3000
PYTEST_ARGS ?=

.PHONY: install run test lint typecheck ui lock clean

# Install the locked dependencies (requirements.lock, with hashes) then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv pip install -q --python $(BIN)/python --require-hashes --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Materialize the whole graph on the bundled sample catalogue and print what it produced.
run: install
	$(BIN)/opendata-pipeline run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy opendata_pipeline

# Lint, types, then the tests with coverage (floor in pyproject.toml, [tool.coverage.report]).
test: install lint typecheck
	$(BIN)/pytest --cov=opendata_pipeline --cov-report=term $(PYTEST_ARGS)

# The Dagster UI on http://127.0.0.1:$(UI_PORT), with the project's dagster.yaml in DAGSTER_HOME.
ui: install
	$(BIN)/python -c "from opendata_pipeline.cli.instance import ensure_dagster_home; ensure_dagster_home()"
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(UI_PORT)

# Re-resolve every dependency (after editing pyproject.toml) and rewrite the lock file.
lock:
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra postgres --extra k8s --python-version 3.11 \
		--generate-hashes -q -o requirements.lock

clean:
	rm -rf var .dagster_home .pytest_cache .ruff_cache .mypy_cache .coverage
