# Two commands on a fresh machine: `make run` and `make test`. Both set up
# .venv once (torch's CPU wheel first, then the package with its pinned
# dependencies) and do no install work when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test test-fast eval bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/pledgewatch run corpora/ -o out/
	@echo "Results are in out/: documents.jsonl, entities.jsonl, quotes.jsonl, commitments.jsonl, errors.jsonl, manifest.json"

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not models"

eval: $(STAMP)
	$(BIN)/pledgewatch eval annotations/*.jsonl --json eval/results/annotations.json | tee eval/results/annotations.txt

bench: $(STAMP)
	$(BIN)/python eval/benchmark.py --repeat 5

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests eval
	$(BIN)/ruff format --check pipeline tests eval

clean:
	rm -rf out/ .pytest_cache
