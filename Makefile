# The compendium's commands. The README names two: `make reproduce` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done
# Kernel specs of this environment win over any user-level ones.
export JUPYTER_PREFER_ENV_PATH := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup reproduce data run report test lint check browser lab clean

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

# Notebooks run in parallel and incrementally; outputs reach results/ only on success.
run: setup
	$(VENV)/bin/analysis run

report: setup
	$(VENV)/bin/analysis report

reproduce: data
	$(VENV)/bin/analysis run
	$(VENV)/bin/analysis report

# Re-run every notebook into build/check/ and compare with the committed results/.
check: setup
	$(VENV)/bin/analysis check

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks scripts notebooks

test: lint browser
	$(PY) -m pytest
	$(VENV)/bin/analysis check

# Headless Chromium for the site test, installed only where missing (Debian, as root or via
# sudo). Never fails: without it the browser test skips and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && apt-get install -y -qq chromium) || true; \
	  elif command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    (sudo apt-get update -qq && sudo apt-get install -y -qq chromium) || true; \
	  fi; \
	  command -v chromium >/dev/null 2>&1 || \
	    echo "chromium not available: the browser test of the site will be skipped"; }

lab: setup
	$(VENV)/bin/jupyter lab --ip=127.0.0.1 --notebook-dir=notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

clean:
	rm -rf build data/cache
