# The two commands of README.md:
#   make run   — install into .venv, migrate, load the demo data, serve on http://127.0.0.1:8000
#   make test  — install what the tests need (incl. Debian's chromium) and run every test,
#                on SQLite and on PostgreSQL
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# Where `make run` serves: `make run HOST=0.0.0.0:8080` (then list the name others use in ALLOWED_HOSTS).
HOST ?= 127.0.0.1:8000
# The suite runs in parallel, one pytest-xdist process per core (each with its own test database and Redis DB);
# `make test-sqlite XDIST=` runs it in one process.
XDIST ?= -n auto

.PHONY: run install install-dev demo test test-sqlite test-postgres chromium check-deploy smoke bench clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --address $(HOST)

# The portal and a background worker from one command; the worker stops with the server (Ctrl+C).
# TASKS_BACKEND=rq REDIS_URL=redis://... make run runs an RQ worker instead of the database one.
WORKER_CMD = $(if $(filter rq,$(TASKS_BACKEND)),rqworker --job-class django_tasks_rq.Job default,db_worker --queue-name default)
run: demo
	@DEBUG=1 $(PY) manage.py $(WORKER_CMD) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Background worker started (pid $$worker): manage.py $(WORKER_CMD)"; \
	DEBUG=1 ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost,$$(hostname)} $(PY) manage.py runserver $(HOST)

# The browser tests drive Debian's chromium; install it where it is missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null \
			|| { echo "ERROR: could not install chromium (apt-get install chromium); browser tests cannot run" >&2; exit 1; }; \
	fi
	@/usr/bin/chromium --version

test-sqlite: install-dev chromium
	env -u DATABASE_URL $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: install-dev chromium
	@$(PY) -c "import psycopg2,sys; psycopg2.connect('$(PG_TEST_URL)').close()" \
		|| { echo "ERROR: PostgreSQL is not reachable at $(PG_TEST_URL) (set PG_TEST_URL)" >&2; exit 1; }
	DATABASE_URL=$(PG_TEST_URL) $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test: test-sqlite test-postgres

check-deploy: install
	DJANGO_PROFILE=production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=vsoko.example.ru $(PY) manage.py check --deploy --fail-level WARNING

# README's production section run for real (gunicorn, production profile), then requested as a proxy would.
# SMOKE_DATABASE_URL=sqlite make smoke uses a throwaway SQLite file instead of PostgreSQL database `smoke`.
smoke: install
	.ci/smoke_production.sh

bench: install-dev
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
