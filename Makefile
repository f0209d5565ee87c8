# The whole set-up is `make run` and `make test`; both build .venv from nothing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= .kg
PORT   ?= 8501
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench eval fuzz install clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## run: ingest corpus/ into the store when it is empty, then start the app on 127.0.0.1:$(PORT)
run: $(STAMP)
	@test -f $(STORE)/CURRENT || $(BIN)/kg ingest corpus/ --store $(STORE)
	$(BIN)/kg app --store $(STORE) --port $(PORT)

## test: lint and run the test suite (doctests included)
test: $(STAMP)
	$(BIN)/ruff check kg tests bench eval app fuzz
	$(BIN)/python -m pytest

## bench: ingest, re-ingest, search and ask costs on a generated 3,200-note corpus, ../shared/bench/ethereum-pm-archive and NOTES=DIR
bench: $(STAMP)
	$(BIN)/python bench/bench.py $(NOTES)
	$(BIN)/python bench/app_start.py

## eval: score parsing, extraction and answers against hand-written gold (skips without ../shared)
eval: $(STAMP)
	$(BIN)/python eval/evaluate.py
	$(BIN)/python eval/community.py
	$(BIN)/python eval/review.py
	@if [ -x ../shared/eval/dev.sh ]; then ../shared/eval/dev.sh; else echo "../shared/eval/dev.sh is absent: skipped"; fi

## fuzz: 10,000 generated hostile notes through kg ingest, and parse-time growth from 1 KB to 20 MB
fuzz: $(STAMP)
	$(BIN)/python fuzz/fuzz.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .ruff_cache
