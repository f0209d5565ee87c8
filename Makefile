# The whole set-up is `make run` and `make test`; both build .venv from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= .kg
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench eval install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## run: ingest corpus/ into the store when it is empty, then show what it holds
run: $(STAMP)
	@test -f $(STORE)/CURRENT || $(BIN)/kg ingest corpus/ --store $(STORE)
	$(BIN)/kg meetings --store $(STORE)

## test: lint and run the test suite (doctests included)
test: $(STAMP)
	$(BIN)/ruff check kg tests bench eval app
	$(BIN)/python -m pytest

## bench: print ingest timings for the project corpus and ../shared/corpus
bench: $(STAMP)
	$(BIN)/python bench/bench.py

## eval: score parsing and extraction against hand-written gold answers
eval: $(STAMP)
	$(BIN)/python eval/evaluate.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache
