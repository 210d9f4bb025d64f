"""The outbox: an email is stored once, sent once, retried on failure, and drained when the broker was down."""

from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.outbox import deliver_notification, deliver_pending_notifications, enqueue_delivery, queue_email

pytestmark = pytest.mark.django_db


def queue_one(key="test:1", recipient="ana@example.org"):
    return queue_email(
        key=key,
        recipient=recipient,
        template="password_reset",
        context={"user": type("U", (), {"get_username": lambda self: "ana"})(), "reset_path": "/x/"},
    )


def test_queue_stores_once_and_sends_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created = queue_one()
        again, created_again = queue_one()
    assert created and not created_again and first.pk == again.pk
    assert len(callbacks) == 1, "the second call queues nothing"
    assert mail.outbox == [], "nothing leaves before the commit"
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/x/" in mail.outbox[0].body
    first.refresh_from_db()
    assert first.sent_at is not None and first.attempts == 1


def test_a_repeated_task_sends_nothing_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification, _ = queue_one()
    assert len(mail.outbox) == 1
    assert deliver_notification.apply(args=[notification.pk]).get() == "nothing to send"
    assert len(mail.outbox) == 1


def test_failure_is_recorded_and_retried(monkeypatch, settings):
    notification, _ = queue_one()
    calls = []

    def flaky_send(self, fail_silently=False):
        calls.append(1)
        if len(calls) == 1:
            raise SMTPServerDisconnected("the mail server hung up")
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky_send)
    # Eager mode runs the retry at once instead of after the back-off.
    result = deliver_notification.apply(args=[notification.pk], throw=False)
    assert result.get() == "sent"
    assert len(calls) == 2
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert notification.attempts == 2


def test_failure_without_retry_left_keeps_the_email_pending(monkeypatch):
    notification, _ = queue_one()

    def broken_send(self, fail_silently=False):
        raise SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    monkeypatch.setattr(deliver_notification, "max_retries", 0)
    with pytest.raises(SMTPServerDisconnected):
        deliver_notification.apply(args=[notification.pk], throw=True)
    notification.refresh_from_db()
    assert notification.sent_at is None
    assert notification.attempts == 1
    assert "SMTPServerDisconnected: down" in notification.last_error
    assert list(Notification.objects.pending()) == [notification]


def test_broker_down_keeps_the_email_and_the_drain_sends_it(monkeypatch, django_capture_on_commit_callbacks):
    def no_broker(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(deliver_notification, "delay", no_broker)
    with django_capture_on_commit_callbacks(execute=True):
        notification, _ = queue_one()
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.sent_at is None, "the email is kept, not lost"

    monkeypatch.undo()
    assert deliver_pending_notifications.apply(kwargs={"older_than_seconds": 0}).get() == 1
    assert len(mail.outbox) == 1
    assert deliver_pending_notifications.apply(kwargs={"older_than_seconds": 0}).get() == 0


def test_drain_leaves_fresh_emails_to_their_own_task():
    queue_one()
    assert deliver_pending_notifications.apply().get() == 0
    assert mail.outbox == []


def test_enqueue_logs_when_the_broker_is_down(monkeypatch, caplog):
    monkeypatch.setattr(deliver_notification, "delay", lambda *a: (_ for _ in ()).throw(OSError("no broker")))
    enqueue_delivery(12345)
    assert "stays in the outbox" in caplog.text


def test_admin_lists_the_outbox(admin_client):
    queue_one()
    response = admin_client.get("/admin/notifications/notification/")
    assert response.status_code == 200
    assert "ana@example.org" in response.content.decode()
    assert admin_client.get("/admin/notifications/notification/add/").status_code == 403
