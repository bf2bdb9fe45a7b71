# The compendium's commands. The README names two: `make reproduce` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done
# Kernel specs of this environment win over any user-level ones.
export JUPYTER_PREFER_ENV_PATH := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup reproduce data test lint check lab clean

setup: $(STAMP)

# Idempotent: rebuilt only when the lock or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --requirement requirements.lock
	$(PY) -m pip install --quiet --no-deps --editable .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (compendium)"
	touch $(STAMP)

data: setup
	$(VENV)/bin/analysis data fetch
	$(VENV)/bin/analysis data clean

reproduce: data

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks scripts notebooks

test: lint
	$(PY) -m pytest

lab: setup
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --notebook-dir=notebooks

clean:
	rm -rf build data/cache
