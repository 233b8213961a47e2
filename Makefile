# On the Line: `make play` to play, `make test` to run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup play test bench validate clean

setup: $(STAMP)

# Reinstall only when the project's metadata changes; a second `make setup` does nothing.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

play: setup
	$(PY) main.py

test: setup
	@bash .ci/system-packages
	$(PY) -m pytest

bench: setup
	$(PY) -m simulator.bench

validate: setup
	$(PY) main.py validate --strict scenarios

clean:
	rm -rf $(VENV) .pytest_cache bench-results.json
