# On the Line: `make play` to play, `make test` to run the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup play lint test bench validate lock drift wheel-smoke dist dist-smoke clean

setup: $(STAMP)

# Everything comes from the hashed lock (requirements.lock, refreshed by `make lock`), so a fresh
# machine gets exactly what CI tested. The project itself is installed editable without build
# isolation (the back-end comes from the lock too); it is a plain .pth entry for the checkout
# (see package-dir in pyproject.toml). A second `make setup` does nothing.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

play: setup
	$(PY) main.py

# Code health, before any test runs (seconds): lint and format, types (strict on the core), and
# dead code. Each tool's settings are in pyproject.toml; vulture_whitelist.py lists, with why, the
# names only pygame, argparse or pytest read.
lint: setup
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/ruff format --check --quiet .
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

# The linters, then the suite on every core (pytest-xdist; `-n auto` is one worker a core). Each
# test file runs whole, in order, in one worker (--dist loadfile): some files build on what their
# earlier tests left (the studio browser's page). Files run side by side, so each test keeps to
# its own temporary folders and free ports (each worker has its own data folders and Ralph LRS).
test: lint
	@bash .ci/system-packages
	$(PY) -m pytest -n auto --dist loadfile

bench: setup
	$(PY) -m simulator.bench

validate: setup
	$(PY) main.py validate --strict scenarios

# Re-resolve requirements.lock and requirements-dist.lock with uv (pinned in .ci/lock).
lock:
	bash .ci/lock

# The suite against the newest releases pyproject.toml allows, in its own venv; names what fails.
drift:
	@bash .ci/system-packages
	bash .ci/drift

# Build the wheel, install it in a fresh venv outside the checkout, use it from an empty folder.
wheel-smoke: setup
	bash .ci/wheel-smoke

# The desktop bundle: dist/on-the-line/ (PyInstaller from requirements-dist.lock, in .venv-dist).
dist:
	bash .ci/dist

# The bundle from an empty folder under Xvfb: a demo call to the debrief, the speech worker.
dist-smoke:
	@bash .ci/system-packages
	test -x dist/on-the-line/on-the-line || bash .ci/dist
	bash .ci/dist-smoke dist/on-the-line

clean:
	rm -rf $(VENV) .venv-drift .venv-tools .venv-dist .pytest_cache .mypy_cache .ruff_cache bench-results.json build dist
