# The two commands of the README. Everything is installed into .venv from pinned, hashed
# requirements, so a fresh clone with only Python 3.11 and pip builds the same way every time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install lock clean

run: $(STAMP)
	$(BIN)/kg build seeds --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Lint and format check (ruff; config in pyproject.toml). `ruff format kg tests bench` fixes layout.
lint: $(STAMP)
	$(BIN)/ruff check kg tests bench
	$(BIN)/ruff format --check kg tests bench

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@# kg was installed as the distribution "kg" before it became kg-newsgraph ("kg" on PyPI is
	@# another project, which would claim the same import name): remove it from old venvs.
	if $(BIN)/python -m pip show --quiet kg >/dev/null 2>&1; then \
		$(BIN)/python -m pip uninstall --quiet --yes kg; fi
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Regenerate requirements.lock (needs pip-tools) after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --extra test --extra parquet \
		--strip-extras --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) output
