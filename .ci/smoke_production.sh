#!/usr/bin/env bash
# Production smoke test: README's production section, run for real, then requested as a TLS proxy would.
#
#   .ci/smoke_production.sh                     # PostgreSQL database `smoke` on 127.0.0.1 (dropped and re-created)
#   SMOKE_DATABASE_URL=sqlite .ci/smoke_production.sh   # a throwaway SQLite file instead
#   SMOKE_DATABASE_URL=postgres://user@host:5432/name .ci/smoke_production.sh
#
# Steps (each command below is README's, character for character — portal/tests/test_readme_production.py checks it):
# migrate, collectstatic into a temporary STATIC_ROOT, check --deploy, createsuperuser, load_demo, gunicorn on a
# free loopback port, and the background worker (`manage.py db_worker`), which must run a queued task.
# Then .ci/smoke_requests.py: HTTP→HTTPS redirect, login page with HSTS, a stylesheet by its hashed name with a
# year-long Cache-Control, login and dashboard as every demo account load_demo prints and as the superuser (also
# the admin index and a missing page, the Russian 404), and
# an evidence upload (item status change with a small PDF) and its download byte for byte. Stops what it started;
# exits non-zero with a message on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }
[ -x .venv/bin/gunicorn ] || fail ".venv is not installed (run make install)"

WORK=$(mktemp -d -t vsoko-smoke.XXXXXX)
GUNICORN_PID="" WORKER_PID=""
cleanup() {
    local code=$?
    for pid in $WORKER_PID $GUNICORN_PID; do
        kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    done
    if [ "$code" != 0 ]; then
        if [ -s "$WORK/gunicorn.log" ]; then echo "--- gunicorn log (last 60 lines) ---" >&2; tail -n 60 "$WORK/gunicorn.log" >&2; fi
        if [ -s "$WORK/worker.log" ]; then echo "--- worker log (last 30 lines) ---" >&2; tail -n 30 "$WORK/worker.log" >&2; fi
    fi
    rm -rf "$WORK"
    exit "$code"
}
trap cleanup EXIT

# --- the database: a fresh one every run -------------------------------------------------------------------
SMOKE_DATABASE_URL=${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/smoke}
if [ "$SMOKE_DATABASE_URL" = sqlite ]; then
    SMOKE_DATABASE_URL="sqlite:///$WORK/smoke.sqlite3"
else
    .venv/bin/python - "$SMOKE_DATABASE_URL" <<'PY' || fail "cannot re-create the database of $SMOKE_DATABASE_URL"
import sys
from urllib.parse import urlsplit, urlunsplit
import psycopg2
url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
conn = psycopg2.connect(urlunsplit(url._replace(path="/postgres")))
conn.autocommit = True
with conn.cursor() as cur:
    cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
    cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
    cur.execute(f'CREATE DATABASE "{name}"')
conn.close()
PY
fi

# --- README's environment, with throwaway values -----------------------------------------------------------
PORT=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export PORT
export DJANGO_PROFILE=production SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
       ALLOWED_HOSTS=vsoko.example.ru DATABASE_URL=$SMOKE_DATABASE_URL MEDIA_ROOT=$WORK/media \
       STATIC_ROOT=$WORK/static DJANGO_SUPERUSER_PASSWORD=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(16))')
export PORTAL_BASE_URL=https://vsoko.example.ru AXES_ENABLED=1
unset DEBUG DJANGO_ALLOW_ASYNC_UNSAFE
echo "Smoke test: production profile, $([[ $DATABASE_URL == sqlite* ]] && echo SQLite || echo "PostgreSQL ${DATABASE_URL##*/}"), gunicorn on 127.0.0.1:$PORT"

run() { echo "+ $*"; "$@" >"$WORK/step.log" 2>&1 || { tail -n 40 "$WORK/step.log" >&2; fail "$* exited with an error"; }; }

# --- README, step by step ----------------------------------------------------------------------------------
run .venv/bin/python manage.py migrate --noinput
run .venv/bin/python manage.py collectstatic --noinput
run .venv/bin/python manage.py check --deploy --fail-level WARNING
run .venv/bin/python manage.py createsuperuser --noinput --username vsoko_admin --email admin@vsoko.example.ru
echo "+ .venv/bin/python manage.py load_demo"
.venv/bin/python manage.py load_demo >"$WORK/accounts.txt" 2>&1 || { tail -n 40 "$WORK/accounts.txt" >&2; fail "load_demo exited with an error"; }
printf '| vsoko_admin | %s | администратор | создан createsuperuser |\n' "$DJANGO_SUPERUSER_PASSWORD" >>"$WORK/accounts.txt"

echo "+ .venv/bin/gunicorn portal.wsgi:application --bind 127.0.0.1:\${PORT:-8000} --workers 3 --timeout 120 &"
.venv/bin/gunicorn portal.wsgi:application --bind 127.0.0.1:${PORT:-8000} --workers 3 --timeout 120 >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!

echo "+ .venv/bin/python manage.py db_worker &"
.venv/bin/python manage.py db_worker >"$WORK/worker.log" 2>&1 &
WORKER_PID=$!

for _ in $(seq 1 60); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || fail "gunicorn exited at start"
    .venv/bin/python -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 1).close()" 2>/dev/null && break
    sleep 0.5
done
.venv/bin/python -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1).close()" 2>/dev/null \
    || fail "gunicorn does not listen on 127.0.0.1:$PORT after 30 s"

# --- requests as a proxy would make them ---------------------------------------------------------------------
.venv/bin/python .ci/smoke_requests.py "http://127.0.0.1:$PORT" vsoko.example.ru "$WORK/accounts.txt"

# --- the worker runs a task enqueued through the portal's queue ---------------------------------------------
kill -0 "$WORKER_PID" 2>/dev/null || fail "the background worker (manage.py db_worker) died: see its log"
TASK_ID=$(.venv/bin/python manage.py shell -c "from portal.tasks import worker_ping; print(worker_ping.enqueue('smoke').id)" | tail -n 1)
for _ in $(seq 1 60); do
    STATUS=$(.venv/bin/python manage.py shell -c "from django_tasks import default_task_backend as b; print(b.get_result('$TASK_ID').status)" | tail -n 1)
    case "$STATUS" in *SUCCESSFUL*) break ;; *FAILED*) fail "the worker failed the smoke task: see its log" ;; esac
    sleep 0.5
done
case "$STATUS" in *SUCCESSFUL*) echo "  ok  background worker (manage.py db_worker) ran a queued task" ;;
    *) fail "the background worker did not run a queued task within 30 s (status $STATUS)" ;; esac
kill -0 "$GUNICORN_PID" 2>/dev/null || fail "gunicorn died during the requests"
grep -q "Traceback" "$WORK/gunicorn.log" && fail "gunicorn logged a traceback"
echo "Production smoke test passed."
