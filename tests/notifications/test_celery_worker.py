"""For real: a Celery worker consuming from the Redis at 127.0.0.1:6379 sends the publication email.

Everywhere else tasks run eagerly. Here the task crosses a real broker: it is published after the
commit, picked up by a worker (Celery's embedded test worker, in a thread of this process, so it
shares the test database and Django's test mailbox), and a second delivery of it sends nothing.
Skipped, with the reason, only where no Redis answers; in CI (``CI`` set) that fails instead.
"""

import os
import uuid

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult, EagerResult
from django.core import mail

from notifications.models import Notification
from notifications.outbox import deliver_notification
from resilient_borders.celery import app as portal_app
from tests.celery_worker import finished_tasks
from tests.factories import PilotActionFactory, ProgressReportFactory, SubscriptionFactory

REDIS_URL = os.environ.get("CELERY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


@pytest.fixture
def redis_worker():
    if not redis_answers():
        message = f"No Redis answers at {REDIS_URL}: this test needs a real broker (.ci/run starts one)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    app = Celery("resilient_borders_redis_test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        # A queue of its own, so nothing left in Redis by another run is consumed here.
        task_default_queue=f"portal-test-{uuid.uuid4().hex[:12]}",
        broker_connection_retry_on_startup=False,
    )
    app.set_current()
    try:
        with (
            finished_tasks() as finished,
            start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=20),
        ):
            yield finished
    finally:
        portal_app.set_current()


def test_worker_on_redis_sends_the_publication_email_once(redis_worker):
    pilot_action = PilotActionFactory(title="Wildfire watch on the Pyrenees")
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")

    report = ProgressReportFactory(pilot_action=pilot_action, title="Joint patrols started")

    assert redis_worker.wait_for(deliver_notification), "the worker did not run the delivery"
    assert len(mail.outbox) == 1, "the worker did not send the email"
    message = mail.outbox[0]
    assert message.to == ["reader@example.org"]
    assert "Joint patrols started" in message.body
    notification = Notification.objects.get(key=f"report-published:{report.pk}:reader@example.org")
    assert notification.sent_at is not None

    # The same task delivered again (a redelivery after a lost acknowledgement, say) sends nothing.
    result = deliver_notification.delay(notification.pk)
    assert isinstance(result, AsyncResult) and not isinstance(result, EagerResult), "not through the broker"
    assert result.get(timeout=20) == "nothing to send"
    assert len(mail.outbox) == 1
