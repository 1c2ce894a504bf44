"""Background tasks that belong to no domain app: a ping to prove a worker is alive (tests, `make run`)."""

from django_tasks import task


@task()
def worker_ping(text: str) -> str:
    """Returns the text reversed, from whichever worker ran it."""
    return text[::-1]
