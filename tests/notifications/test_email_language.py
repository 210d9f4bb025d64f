"""Emails are written in their reader's language: the one of the page they subscribed on, the one they were invited
in (and so their reminders), the one of the page a password reset was asked on; each says so in Content-Language,
and its links open the pages under that language's prefix."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification, Subscription
from notifications.outbox import queue_email, user_language
from notifications.tasks import send_deadline_reminders
from tests.factories import ProgressReportFactory, ReportingDeadlineFactory, SubscriptionFactory, UserFactory
from workspace.models import Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def translated(language, text):
    with translation.override(language):
        return translation.gettext(text)


def test_subscribing_on_a_greek_page_writes_the_confirmation_in_greek(
    client, pilot_action, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/el/subscriptions/", {"email": "reader@example.org", "pilot_action": pilot_action.slug})
    assert response.status_code == 200
    assert Subscription.objects.get().language == "el"
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "el"
    assert message.subject == translated("el", "Confirm your Resilient Borders subscription")
    assert "http://127.0.0.1:8000/el/subscriptions/confirm/" in message.body


def test_subscribing_again_from_another_language_follows_it(client, pilot_action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/el/subscriptions/", {"email": "reader@example.org", "pilot_action": pilot_action.slug})
        client.post("/fr/subscriptions/", {"email": "reader@example.org", "pilot_action": pilot_action.slug})
    assert Subscription.objects.get().language == "fr"


def test_a_publication_reaches_each_subscriber_in_their_language(pilot_action, django_capture_on_commit_callbacks):
    SubscriptionFactory(email="fr@example.org", pilot_action=pilot_action, language="fr")
    SubscriptionFactory(email="en@example.org", pilot_action=None)
    with django_capture_on_commit_callbacks(execute=True):
        report = ProgressReportFactory(pilot_action=pilot_action, title="Premier rapport")
    by_address = {message.to[0]: message for message in mail.outbox}
    french, english = by_address["fr@example.org"], by_address["en@example.org"]
    assert french.extra_headers["Content-Language"] == "fr" and english.extra_headers["Content-Language"] == "en"
    assert translated("fr", "Read it on the portal:") != "Read it on the portal:"
    assert translated("fr", "Read it on the portal:") in french.body
    assert f"/fr{report.get_absolute_url()}" in french.body
    assert "Read it on the portal:" in english.body and "/fr/" not in english.body
    # the one-click unsubscribe headers are kept beside the language
    assert french.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_invitation_is_written_in_the_language_staff_invite_in(
    admin_client, pilot_action, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/fr/admin/workspace/invitation/add/", {"email": "nora@example.org", "pilot_actions": [pilot_action.pk]}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.language == "fr"
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert message.body.startswith("Bonjour")
    assert "http://127.0.0.1:8000/fr/accounts/" in message.body


def test_staff_may_choose_the_invitation_language(admin_client, pilot_action, django_capture_on_commit_callbacks):
    form = admin_client.get(reverse("admin:workspace_invitation_add")).content.decode()
    assert '<option value="en" selected>' in form and '<option value="nb">' in form
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:workspace_invitation_add"),
            {"email": "lars@example.org", "pilot_actions": [pilot_action.pk], "language": "nb"},
        )
    assert Invitation.objects.get().language == "nb"
    assert mail.outbox[0].extra_headers["Content-Language"] == "nb"


def test_reminders_follow_the_language_the_coordinator_was_invited_in(pilot_action, django_capture_on_commit_callbacks):
    coordinator = UserFactory(email="jonas@example.org")
    pilot_action.coordinators.add(coordinator)
    invitation = Invitation.objects.create(email="jonas@example.org", user=coordinator, language="de")
    assert user_language(coordinator) == "de"
    today = datetime.date(2025, 6, 2)
    ReportingDeadlineFactory(title="Zwischenbericht", due_date=today + datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders.apply(kwargs={"today": today}).get() == 1
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "de"
    assert "9. Juni 2025" in message.subject  # German conventions: the day with its point, the month named
    assert "/de/workspace/" in message.body
    # never invited: the site's default
    invitation.delete()
    assert user_language(coordinator) == "en"


def test_a_password_reset_is_written_in_the_language_it_was_asked_in(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/password/reset/", {"email": "ana@example.org"})
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert "http://127.0.0.1:8000/fr/accounts/" in message.body


def test_an_unknown_language_falls_back_to_the_default(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification, _ = queue_email(
            "test:1", "x@example.org", "subscription_confirm", {"subscription": SubscriptionFactory()}, language="xx"
        )
    assert Notification.objects.get().headers["Content-Language"] == "en"
    assert notification.subject == "Confirm your Resilient Borders subscription"
