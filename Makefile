# Set-up contract: on a fresh clone with python3 and make, `make run` and `make test` do everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := .uv/bin/uv
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres test-browser test-nginx screenshots messages makemessages lint format ci clean bench load load-outage audit bench-ci

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

install: $(BIN)/.installed

# Translations compile with polib (pure Python): no GNU gettext needed on the machine.
# Development commands run with DEBUG=1: production settings refuse to start without SECRET_KEY.
messages: install
	DEBUG=1 $(BIN)/python manage.py compiletranslations

makemessages: install
	DEBUG=1 $(BIN)/python manage.py makemessages --locale nl --locale en --no-obsolete --ignore ".venv/*" --ignore ".uv/*" --ignore "bench/*" --ignore "tests/*" --ignore "staticfiles/*"

# The web server and one task worker (mail, notifications, the hourly digests it keeps
# queueing itself); Ctrl-C stops both.
run: install messages
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py schedule_digests
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install messages
	$(BIN)/python -m pytest -n 2 -q

test-postgres: install messages
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partnership} $(BIN)/python -m pytest -n 2 -q --create-db

test-browser: install messages
	$(BIN)/python -m pytest -m browser -q -p no:xdist

# docs/nginx-proxy.conf in front of gunicorn: body limit, slow clients (needs Debian's nginx).
test-nginx: install messages
	$(BIN)/python -m pytest -m nginx -q -p no:xdist -rs

# PNGs of the main pages at 390 and 1280 pixels wide, Dutch and English, in screenshots/
# (git-ignored), for a reviewer to look at.
screenshots: install messages
	$(BIN)/python -m pytest tests/browser/screenshots.py -m browser -q -p no:xdist
	@echo "Screenshots in screenshots/"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

BENCH_EXAMPLES ?= 200000
BENCH_SECONDS ?= 10
BENCH_ROUNDS ?= 3
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py --examples $(BENCH_EXAMPLES) --seconds $(BENCH_SECONDS) --rounds $(BENCH_ROUNDS) $(BENCH_ARGS)

# Issue 4's load test: five minutes of mixed traffic, then again with PostgreSQL stopped for
# ten seconds midway (stops the local cluster: not for a shared database).
LOAD_EXAMPLES ?= 20000
load: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/load.py --examples $(LOAD_EXAMPLES) --minutes 5

load-outage: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/load.py --examples $(LOAD_EXAMPLES) --minutes 5 --outage 10

# Audit the locked dependencies (pip-audit, hashed requirements exported from uv.lock).
audit: install
	$(UV) export --locked --format requirements-txt --all-groups -q -o $(VENV)/requirements-audit.txt
	$(BIN)/pip-audit -r $(VENV)/requirements-audit.txt --require-hashes --disable-pip --strict --progress-spinner off

# The small benchmark CI runs so it never rots: N = 2,000, one round of 1 s a page, then the
# two-server scale-out check.
bench-ci: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python bench/run.py --examples 2000 --seconds 1 --rounds 1 --cold 3 --output bench/results/ci.json
	$(BIN)/python bench/scale_out.py --examples 2000

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) .uv staticfiles
