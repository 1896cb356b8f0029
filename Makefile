SHELL := /bin/bash
# Two commands do everything on a fresh machine:
#   make run    create .venv, install, code the bundled sample articles, print a summary
#   make test   create/install if needed, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
EW := $(VENV)/bin/eventwire
STAMP := $(VENV)/.installed

.PHONY: install run test bench-gold clean browser-setup

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# CPU torch first, from the machine's wheel: anything that depends on torch then finds it
	# installed instead of pulling a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(EW) ingest examples/articles.jsonl --db eventwire.duckdb
	$(EW) stats --db eventwire.duckdb
	$(EW) code --jsonl examples/articles.jsonl --format table

test: install browser-setup
	$(PY) -m pytest -q

# The dashboard's browser tests (tests/web): Debian's chromium driven by playwright-core from
# npm (package-lock.json). Each piece is installed only when missing; never
# `npx playwright install` (it would download a browser build of its own).
browser-setup:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	@test -d node_modules/playwright-core || npm ci --no-audit --no-fund

# Scores on the gold sets in ../shared (see BENCHMARKS.md).
bench-gold: install
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) ../shared/tools/check_seed.py <($(EW) code ../shared/seed/article.txt --published 2022-03-30) || true
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) ../shared/tools/score_gsr.py ../shared/data/gold/plover_gsr_dev.json
	PATH=$(abspath $(VENV))/bin:$$PATH $(PY) ../shared/tools/score_polnear.py ../shared/data/gold/polnear/data/dev --cmd "eventwire code --jsonl - --raw"

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
