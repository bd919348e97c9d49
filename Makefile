# Two commands for a fresh clone: `make demo` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= demo-output

.PHONY: demo test lint bench reliability explore clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sheets-sync demo --out $(OUT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m bench

reliability: $(STAMP)  # the figures of docs/reliability.md (50 seeds per scenario, ~10 min)
	$(BIN)/python -m tests.reliability.figures

explore: $(STAMP)  # the property tests with 2,000 random examples each, instead of make test's fixed ones
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -n auto -q -m hypothesis

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
