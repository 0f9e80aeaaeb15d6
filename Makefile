# Polis: the two set-up commands are `make run` and `make test`; both install what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/polis run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	MYPYPATH=functions/api $(BIN)/mypy functions/api/app.py functions/api/chalicelib/*.py
	$(BIN)/cfn-lint template.yaml
	$(BIN)/python -m polis_local.lint_template template.yaml

test: lint
	$(BIN)/pytest -q --cov

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/routing.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .coverage
