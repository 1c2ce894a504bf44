"""manage.py db_worker_threads [--threads 16] [--batch]: one process, many django-tasks-db workers in threads.

Website checks wait on the network, not the CPU: one process with N threads checks N sites at once, where
`manage.py db_worker` checks one. Each thread is django-tasks-db's own Worker loop (claiming with the database's
locks, so any number of these processes and plain db_workers can share the queue). SIGINT/SIGTERM: every thread
finishes its running task, then the process exits.
"""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker


class Command(BaseCommand):
    help = "Фоновый обработчик задач: несколько потоков в одном процессе (для проверки сайтов)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threads", type=int, default=settings.SITECHECK_THREADS, help="потоков (по умолчанию %(default)s)"
        )
        parser.add_argument("--queue-name", default="default", help="очереди через запятую (по умолчанию %(default)s)")
        parser.add_argument("--interval", type=float, default=1.0, help="пауза при пустой очереди, с")
        parser.add_argument("--batch", action="store_true", help="выполнить всё, что в очереди, и выйти")

    def handle(self, *args, threads: int, queue_name: str, interval: float, batch: bool, **options):
        base = get_random_string(20)
        workers = [
            Worker(queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name="default",
                   startup_delay=False, max_tasks=None, worker_id=f"{base}-{i}", excluded_queue_names=[])
            for i in range(max(1, threads))
        ]

        def stop(signum, frame):
            for worker in workers:
                worker.running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

        def run(worker):
            try:
                worker.run()
            finally:
                connections.close_all()

        pool = [threading.Thread(target=run, args=(w,), name=w.worker_id) for w in workers]
        for thread in pool:
            thread.start()
        for thread in pool:
            while thread.is_alive():
                thread.join(0.5)
