"""Run what the database backend queued, with django-tasks-db's own worker code, in this process."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks(limit: int | None = None) -> int:
    """Every ready task, run by the db_worker's ``Worker.run_task`` (claim, call, store the outcome)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="pytest", excluded_queue_names=[])
    count = 0
    while True:
        task_result = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        if task_result is None or (limit is not None and count >= limit):
            return count
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        count += 1
