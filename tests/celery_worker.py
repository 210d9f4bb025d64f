"""What the tests that run a real Celery worker (a thread of the test process) share.

The worker's thread has its own database connection. It must be closed when each task ends: PostgreSQL
cannot drop a test database someone is still connected to. And the test's thread must not read a table
while the worker writes it: SQLite's in-memory test database is shared between threads through the
shared cache, which locks a written table for the whole transaction, and a read meanwhile fails at
once with "database table is locked" (there is no busy timeout to wait it out). So the tests wait for
the worker to *finish* a task, as recorded here, before they look at what it stored.
"""

import contextlib
import threading

from celery.signals import task_postrun
from django.db import connection


class FinishedTasks:
    """The names of the tasks the worker has finished, in order."""

    def __init__(self):
        self.names = []
        self._changed = threading.Condition()

    def __call__(self, sender=None, **kwargs):
        connection.close()
        with self._changed:
            self.names.append(sender.name)
            self._changed.notify_all()

    def wait_for(self, task, timeout=20):
        """True once ``task`` has finished, False if that takes over ``timeout`` seconds."""
        with self._changed:
            return self._changed.wait_for(lambda: task.name in self.names, timeout=timeout)


@contextlib.contextmanager
def finished_tasks():
    recorder = FinishedTasks()
    task_postrun.connect(recorder, weak=False)
    try:
        yield recorder
    finally:
        task_postrun.disconnect(recorder)
