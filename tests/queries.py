"""Counting the SQL queries of a page (the query-count tests: a page must not issue more as the data grows)."""
from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str) -> int:
    """The number of SQL queries a GET of ``url`` issues; the page must answer 200."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx)
