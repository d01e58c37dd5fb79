# Two commands matter: `make run` and `make test`. Both bootstrap .venv themselves.
# The venv the bot runs from gets only what running needs; `test` and `lint` add the dev tools on top.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev

.PHONY: run test check sync lint bench install install-dev clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $(STAMP)

# Rebuilt whenever the runtime stamp is (pyproject.toml changed), so the dev tools follow the project's pins.
$(DEV): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(DEV)

install: $(STAMP)

install-dev: $(DEV)

run: $(STAMP)
	@$(PY) -m bot run

check: $(STAMP)
	@$(PY) -m bot check

sync: $(STAMP)
	@$(PY) -m bot sync

lint: $(DEV)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# One worker per core: the e2e tests are mostly waiting on loopback sockets and SQLite, and every test owns its files.
test: lint
	$(PY) -m pytest -n auto

bench: $(STAMP)
	$(PY) benchmarks/bench_lookup.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis
