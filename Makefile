# Every target sets itself up: a virtual environment in .venv with the pinned versions of requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: package test validate setup clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

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

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
