# Two commands on a fresh machine: `make run` and `make test`. Both set up
# .venv once (torch's CPU wheel first, then the package with its pinned
# dependencies) and do no install work when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup browser run test test-fast eval eval-blind eval-fresh eval-fresh2 eval-fresh3 eval-dev bench report-bench lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# Export the sentence encoder to ONNX once, into the user cache (no download).
	HF_HUB_OFFLINE=1 $(BIN)/python -c "from pledgewatch.encoder import Encoder; print('encoder exported:', Encoder().prepare())"
	touch $(STAMP)

# The browser test drives Debian's chromium. Install it when it is missing and
# apt-get can run without questions (as root); otherwise the test skips and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  echo "installing chromium for the browser test (apt-get)" && \
	  { apt-get update -qq >/dev/null 2>&1; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; } ; } || \
	echo "chromium is not installed and cannot be installed here: the browser test will skip"

run: $(STAMP)
	$(BIN)/pledgewatch run corpora/ -o out/
	$(BIN)/pledgewatch report out/
	@echo "Results are in out/: documents.jsonl, entities.jsonl, quotes.jsonl, commitments.jsonl, errors.jsonl, manifest.json, report.html"

test: $(STAMP) browser
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not models"

eval: $(STAMP)
	$(BIN)/pledgewatch eval annotations/*.jsonl --json eval/results/annotations.json | tee eval/results/annotations.txt

# The blind set: reported apart, never tuned on (annotations/blind/README.md).
eval-blind: $(STAMP)
	$(BIN)/pledgewatch eval annotations/blind/*.jsonl --json eval/results/blind.json | tee eval/results/blind.txt

# A development set written and annotated by helpers, tuned on (annotations/fresh/README.md).
eval-fresh: $(STAMP)
	$(BIN)/pledgewatch eval annotations/fresh/*.jsonl --json eval/results/fresh.json | tee eval/results/fresh.txt

# The second one, written in the fifth session and measured before it was worked on
# (annotations/fresh2/README.md).
eval-fresh2: $(STAMP)
	$(BIN)/pledgewatch eval annotations/fresh2/*.jsonl --json eval/results/fresh2.json | tee eval/results/fresh2.txt

# Third fresh set, scored before anything was tuned on it (annotations/fresh3/README.md).
eval-fresh3: $(STAMP)
	$(BIN)/pledgewatch eval annotations/fresh3/*.jsonl --json eval/results/fresh3.json | tee eval/results/fresh3.txt

# Development data beside the project (../shared: real-dev and PolNeAR dev). Only the
# figures are kept; nothing of their text.
eval-dev: $(STAMP)
	$(BIN)/pledgewatch eval ../shared/real-dev/gold.jsonl --json eval/results/real-dev.json | tee eval/results/real-dev.txt
	$(BIN)/python eval/polnear.py --split dev --out eval/results/polnear-dev.json

bench: $(STAMP)
	$(BIN)/python eval/bench.py --memory 1000,10000

report-bench: $(STAMP) browser
	$(BIN)/python eval/report_bench.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests eval
	$(BIN)/ruff format --check pipeline tests eval

clean:
	rm -rf out/ .pytest_cache
