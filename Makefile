# Each target installs what it needs into .venv first, so both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EXAMPLE ?= examples/saas_worked_example.yaml

.PHONY: demo test lint schemas clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m generator run $(EXAMPLE)

test: $(VENV)/.installed
	$(PY) -m ruff check generator tests
	$(PY) -m mypy
	$(PY) -m pytest -q

schemas: $(VENV)/.installed
	$(PY) -m generator schema --write schemas

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache
