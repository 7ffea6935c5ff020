# Phonlap — the two set-up commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=
# The suite always runs on SQLite; when DATABASE_URL names PostgreSQL it runs there too.
PG_URL := $(DATABASE_URL)

.PHONY: install demo test lint check-migrations test-sqlite test-postgres browser vendor clean bench bench-data load-test

install: $(VENV)/.installed node_modules/.installed src/phonlap/static/vendor/.copied locale

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/phonlap/static/vendor/.copied: node_modules/.installed scripts/vendor_static.sh
	bash scripts/vendor_static.sh
	touch $@

# Compiled catalogues are build output (.mo), made from the committed .po files with GNU
# gettext's msgfmt (Debian's gettext package, installed here if the machine lacks it).
locale: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	DJANGO_SETTINGS_MODULE=phonlap.settings.test $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Debian packages the tests use: Chromium for the browser paths (never a browser download),
# sqlite3 and the PostgreSQL client for the backup/restore tests. Installed only if missing.
browser:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v sqlite3 >/dev/null || missing="$$missing sqlite3"; \
	command -v pg_dump >/dev/null || missing="$$missing postgresql-client"; \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

lint: install
	$(VENV)/bin/ruff check src tests $(wildcard bench)
	$(VENV)/bin/lint-imports

check-migrations: install
	DJANGO_SETTINGS_MODULE=phonlap.settings.test $(PY) manage.py makemigrations --check --dry-run -v 0

test-sqlite: install browser
	DATABASE_URL= $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install browser
	@if [[ "$(PG_URL)" == postgres* ]]; then \
	  DATABASE_URL="$(PG_URL)" $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS); \
	else echo "DATABASE_URL does not name PostgreSQL: the PostgreSQL run is skipped"; fi

test: lint check-migrations test-sqlite test-postgres

clean:
	rm -rf $(VENV) node_modules src/phonlap/static/vendor var

# The spec 07 benchmark (issue 6) against the reference dataset in BENCH_DATABASE_URL (PostgreSQL;
# fill it first with `make bench-data`). Prints the table and writes bench/out/results.json.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/phonlap_bench
bench: install
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.bench \
	  $(PY) manage.py bench $(BENCH_ARGS)

# The reference dataset of spec 07 (issue 6) in BENCH_DATABASE_URL (create the database first:
# `createdb -h 127.0.0.1 -U postgres phonlap_bench`): migrated, rebuilt from the seed (replacing
# what is there), then checked against the domain's invariants. BENCH_DATA_ARGS e.g. --scale 0.1.
bench-data: install
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.development \
	  $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.development \
	  $(PY) manage.py bench_data --flush $(BENCH_DATA_ARGS)
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.development \
	  $(PY) manage.py bench_check

# The load test of spec 07 (issue 6): 50 connections for 5 minutes against gunicorn on loopback,
# on the reference dataset in BENCH_DATABASE_URL, mixing the public, an applicant, an
# organisation manager and staff (Debian's wrk, installed here if missing). wrk counts an answer
# slower than --timeout as an error: 10 s, as a browser would wait. LOAD_ARGS e.g. -d30s.
LOAD_ARGS ?= -t4 -c50 -d300s --timeout 10s
load-test: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	mkdir -p bench/out
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.bench \
	  $(PY) manage.py load_script bench/out/load.lua
	DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_SETTINGS_MODULE=phonlap.settings.bench \
	  $(VENV)/bin/gunicorn phonlap.wsgi -w 4 -b 127.0.0.1:8765 --pid bench/out/gunicorn.pid \
	  --daemon --error-logfile bench/out/gunicorn.log
	sleep 3
	wrk $(LOAD_ARGS) -s bench/out/load.lua http://127.0.0.1:8765 | tee bench/out/load.txt; \
	  status=$$?; kill $$(cat bench/out/gunicorn.pid); exit $$status
