"""A persistent database connection killed from the database side costs nothing: the next request reconnects.

Runs on PostgreSQL only (``make test-postgres``): it terminates the portal's backend with
``pg_terminate_backend`` from a second connection between two requests. The requests go through Django's real
WSGI handler (not the test client, which switches off the per-request connection housekeeping), so
``request_started`` → ``close_old_connections`` → the health check happen exactly as under gunicorn.
"""
import io

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def _get(path: str, cookie: str) -> int:
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "HTTP_COOKIE": cookie, "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    status = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(response)
    finally:
        response.close()  # fires request_finished, as a WSGI server does
    return int(status[0].split()[0])


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int) -> None:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    other = psycopg2.connect(**params)
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


@pytest.fixture
def logged_in_cookie(settings):
    settings.DEBUG = False
    user = make_user("reconnect_admin", role="admin")
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _kill_between_two_requests(cookie: str) -> tuple[int, int, int]:
    dashboard = reverse("dashboard")
    first = _get(dashboard, cookie)
    pid = _backend_pid()  # the connection the request used, kept open by CONN_MAX_AGE
    _terminate(pid)
    second = _get(dashboard, cookie)
    return first, second, pid


def test_a_request_after_the_database_killed_the_connection_succeeds(logged_in_cookie):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    first, second, old_pid = _kill_between_two_requests(logged_in_cookie)
    assert (first, second) == (200, 200)
    assert _backend_pid() != old_pid


def test_without_health_checks_the_same_request_fails(logged_in_cookie):
    """The control: the scenario above really breaks a persistent connection when nothing checks it."""
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.close()  # the flag is read when a connection opens
    try:
        first, second, _ = _kill_between_two_requests(logged_in_cookie)
    finally:
        connection.settings_dict["CONN_HEALTH_CHECKS"] = True
        connection.close()
    assert (first, second) == (200, 500)
