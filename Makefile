# Thin wrappers around the real commands. Every target first runs the idempotent set-up.
SHELL := /bin/bash
ENV := source .venv/toolchain.env &&

.PHONY: setup demo demo-down test lint unit engine bench wheel lock clean

setup:
	@bash scripts/setup.sh

## The main job: start the local emulator with the demo environments and `pulumi up` the root stack.
demo: setup
	@$(ENV) python scripts/demo.py up $(ARGS)

## Tear the demo stack down (destroy, then stop the emulator).
demo-down: setup
	@$(ENV) python scripts/demo.py down $(ARGS)

## The whole test suite: lint, type checks, unit, emulator contract, engine (real pulumi CLI) tests, on
## $(TEST_WORKERS) xdist workers in a random order (pytest-randomly prints the seed; replay it with
## PYTEST_ARGS=--randomly-seed=N, or keep the files' order with PYTEST_ARGS="-p no:randomly").
## Three workers on CI's two cores: engine tests spend much of their time waiting (process start-up, injected
## latency, rate limits), so a third keeps both cores busy (measured: 8m19s against 11m20s with two).
TEST_WORKERS ?= 3
test: setup
	@$(ENV) ruff check . && ruff format --check --quiet . && mypy \
	  && python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: setup
	@$(ENV) ruff check . && ruff format --check . && mypy

## `make bench`: the provider benchmark; `make bench ARGS=fleet`: the fleet benchmark (16 stacks x 50 objects,
## PostgreSQL state backend, PingOne-style rate limit on; benchmarks/fleet.py).
bench: setup
	@$(ENV) python -m benchmarks $(ARGS)

## Build the package (a wheel in dist/) to install in your own project's virtualenv.
wheel: setup
	@$(ENV) rm -rf dist && python -m pip wheel --quiet --no-deps --disable-pip-version-check -w dist . && ls dist/*.whl

## Re-resolve constraints.txt from pyproject.toml (needs PyPI).
lock:
	@rm -rf .lockvenv && python3 -m venv .lockvenv && .lockvenv/bin/pip install --quiet -e '.[dev]' \
	  && { echo "# Pinned versions of every dependency (direct and transitive) for setup, tests and CI."; \
	       echo "# Regenerate with: make lock"; .lockvenv/bin/pip freeze --exclude-editable | sort -f; } > constraints.txt \
	  && rm -rf .lockvenv

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache dist
