# Resilient Borders portal. `make run` serves it, `make test` tests it; both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run serve migrate load test test-postgres lint format check-deploy check-migrations messages clean
.PHONY: test-browser chromium validators test-data-guard

help:
	@echo "make run           set up, migrate, load the programme data and serve on http://$(HOST):$(PORT)/"
	@echo "make test          run the whole test suite (SQLite, or DATABASE_URL if set)"
	@echo "make test-postgres run it on the local PostgreSQL at 127.0.0.1:5432"
	@echo "make test-data-guard  the counting tests on a research file with fewer public records"
	@echo "make test-browser  only the browser tests (Playwright on Debian's chromium; see make chromium)"
	@echo "make validators    install the Nu HTML checker and geojsonhint for the tests (npm, and a JRE if missing)"
	@echo "make chromium      install Debian's chromium for the browser tests, if missing (as root)"
	@echo "make lint          ruff lint and format check, and the apps' import layers (lint-imports)"
	@echo "make format        ruff format and fix"
	@echo "make check-deploy  Django's deployment checks with production settings"
	@echo "make check-migrations  fail if a model change has no migration"
	@echo "make messages      extract translatable strings into every language's catalogue and compile them all"
	@echo "make bench-map     map GeoJSON latency at 20, 10,000 and 100,000 pilot actions on PostgreSQL"
	@echo "make bench         the public pages at 10,000 pilot actions under gunicorn and wrk, against the floor"
	@echo "make bench-search  /search/ at 10,000 pilot actions and 50,000 reports on PostgreSQL, against 50 ms"

$(BIN)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_programme

run: load
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/resilient_borders} $(PY) -m pytest $(PYTEST_ARGS)

# The tests that count read their expected figures from the research file: run them on a variant with fewer
# public records (tests/data_guard.py), where a pinned count fails.
test-data-guard: install
	$(PY) tests/data_guard.py $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

# Outside validators the tests run on every page type, feed and GeoJSON (tests/validators.py):
# the W3C Nu HTML checker (needs a JRE) and @mapbox/geojsonhint, from npm into .validators/.
VALIDATORS_DIR := .validators
$(VALIDATORS_DIR)/.installed:
	command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }
	npm install --silent --no-audit --no-fund --prefix $(VALIDATORS_DIR) vnu-jar@26.9.27 @mapbox/geojsonhint@3.2.0
	touch $@

validators: $(VALIDATORS_DIR)/.installed

# The browser tests drive Debian's chromium; `playwright install` is never needed.
chromium:
	test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A model change without its migration would pass the tests (pytest-django migrates what exists) and fail in production.
check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run -v 1

check-deploy: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$(openssl rand -hex 32 2>/dev/null || echo check-only-$$RANDOM$$RANDOM$$RANDOM-not-a-real-secret-key-0123456789abcdef) \
	DJANGO_ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/resilient_borders_bench

.PHONY: bench-database bench-map bench bench-search
bench-database: install
	$(PY) -c "import psycopg, sys; url = sys.argv[1]; name = url.rsplit('/', 1)[1]; \
	conn = psycopg.connect(url.rsplit('/', 1)[0] + '/postgres', autocommit=True); \
	conn.execute('SELECT 1 FROM pg_database WHERE datname = %s', [name]).fetchone() or conn.execute(f'CREATE DATABASE {name}')" \
	"$(BENCH_DATABASE_URL)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_programme -v0

# The map's GeoJSON at 20, 10,000 and 100,000 pilot actions, in-process and under gunicorn; the first requests of
# a fresh worker; the countries' compressed size; a filter change on the map in chromium at 10,000.
# BENCH_ARGS=--million adds a run at 1,000,000.
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/3
bench-map: bench-database
	DATABASE_URL=$(BENCH_DATABASE_URL) CACHE_URL=$(BENCH_CACHE_URL) $(PY) manage.py bench_map --over-http --browser $(BENCH_ARGS)

# The pages at 10,000 pilot actions and 50,000 reports, in-process and under gunicorn loaded by wrk (installed if
# missing), against a bare Django floor and the portal's middleware stack measured in the same run.
bench: bench-database
	command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	DATABASE_URL=$(BENCH_DATABASE_URL) CACHE_URL=$(BENCH_CACHE_URL) $(PY) manage.py bench $(BENCH_ARGS)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_search

# The search at the same scale, median of each search rendered in-process against the 50 ms target.
bench-search: bench-database
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench_search $(BENCH_ARGS)

# GNU gettext is needed here only, never to run the portal: the compiled catalogues are committed. One extraction
# for every language of settings.LANGUAGES but English (a new language gets its locale/<code>/ here), then every
# catalogue is compiled, locale_django/'s Maltese for Django's own strings included.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=.validators
.PHONY: messages
messages: install
	$(PY) manage.py makemessages --no-obsolete $(MESSAGES_IGNORE) $$($(PY) -c "from resilient_borders.settings \
	import LANGUAGES, LANGUAGE_CODE; print(' '.join('-l ' + code for code, _ in LANGUAGES if code != LANGUAGE_CODE))")
	$(PY) manage.py compilemessages $(MESSAGES_IGNORE)
