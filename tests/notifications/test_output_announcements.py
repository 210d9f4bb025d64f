"""Publishing an output emails, once, the confirmed subscribers of its pilot action and those of every one."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, Subscription
from projects.models import PilotAction
from results.models import Output, OutputKind
from tests.factories import OutputFactory, PilotActionFactory, SubscriptionFactory, pdf_upload

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def subscribers(pilot_action):
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")
    SubscriptionFactory(pilot_action=None, email="all@example.org")
    SubscriptionFactory(pilot_action=pilot_action, email="all@example.org")  # both: one email
    SubscriptionFactory(pilot_action=pilot_action, email="later@example.org", confirmed_at=None)
    SubscriptionFactory(pilot_action=PilotActionFactory(), email="elsewhere@example.org")
    return ["all@example.org", "reader@example.org"]


def recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_for_pilot_action_is_confirmed_subscribers_of_it_or_of_everything(pilot_action, subscribers):
    found = Subscription.objects.for_pilot_action(pilot_action.pk)
    assert sorted({subscription.email for subscription in found}) == subscribers
    assert all(subscription.is_confirmed for subscription in found)


def test_publishing_from_the_workspace_emails_each_subscriber_once(
    coordinator_client, pilot_action, subscribers, django_capture_on_commit_callbacks
):
    output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, title="Joint flood plan")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("workspace:output-publish", args=[output.pk]))
    assert response.status_code == 302
    assert recipients() == subscribers
    message = next(message for message in mail.outbox if message.to == ["reader@example.org"])
    assert pilot_action.title in message.subject
    assert "Joint flood plan" in message.body and output.kind.name in message.body
    assert f"{SITE_URL}{output.get_absolute_url()}\n" in message.body
    subscription = Subscription.objects.get(email="reader@example.org")
    assert f"{SITE_URL}{subscription.unsubscribe_url()}" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{SITE_URL}{subscription.unsubscribe_url()}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    output.refresh_from_db()
    assert output.announced_at is not None
    keys = set(Notification.objects.values_list("key", flat=True))
    assert keys == {f"output-published:{output.pk}:{email}" for email in subscribers}


def test_publishing_twice_editing_and_republishing_send_nothing_more(
    coordinator_client, pilot_action, subscribers, django_capture_on_commit_callbacks
):
    output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT)
    publish = reverse("workspace:output-publish", args=[output.pk])
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(publish)
        coordinator_client.post(publish)
        coordinator_client.post(
            reverse("workspace:output-edit", args=[output.pk]),
            {
                "kind": str(output.kind_id),
                "title": "Edited after publishing",
                "summary": output.summary,
                "date": "2025-10-01",
                "link": output.link,
                "licence": output.licence,
                "reuse": "",
                "save": "",
            },
        )
        # Someone who subscribes after the announcement is not sent it when the output comes back.
        SubscriptionFactory(pilot_action=pilot_action, email="newcomer@example.org")
        coordinator_client.post(reverse("workspace:output-unpublish", args=[output.pk]))
        coordinator_client.post(publish)
        # And the same instance saved again in code, as a shell or a script would.
        output.refresh_from_db()
        output.status = Output.Status.DRAFT
        output.save()
        output.status = Output.Status.PUBLISHED
        output.save()
    output.refresh_from_db()
    assert output.title == "Edited after publishing" and output.is_published
    assert recipients() == subscribers
    assert Notification.objects.filter(key__startswith=f"output-published:{output.pk}:").count() == len(subscribers)


def test_an_instance_saved_after_its_announcement_keeps_it(
    pilot_action, subscribers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = OutputFactory(pilot_action=pilot_action)
    assert output.announced_at is not None, "the instance learns it was announced"
    output.title = "Renamed"
    output.save()
    assert Output.objects.get(pk=output.pk).announced_at is not None


def test_publishing_in_admin_emails_subscribers(
    admin_client, pilot_action, subscribers, django_capture_on_commit_callbacks
):
    output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT, title="From the admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:results_output_change", args=[output.pk]),
            {
                "pilot_action": str(pilot_action.pk),
                "kind": str(output.kind_id),
                "title": "From the admin",
                "summary": output.summary,
                "date": "2025-09-15",
                "link": output.link,
                "licence": output.licence,
                "reuse": "",
                "status": Output.Status.PUBLISHED,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert recipients() == subscribers
    assert all("From the admin" in message.body for message in mail.outbox)


def test_a_new_published_output_with_a_file_is_announced(pilot_action, subscribers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OutputFactory(pilot_action=pilot_action, file=pdf_upload(), link="", kind=OutputKind.objects.last())
    assert recipients() == subscribers


def test_drafts_announce_nothing(coordinator_client, pilot_action, subscribers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        output = OutputFactory(pilot_action=pilot_action, status=Output.Status.DRAFT)
        output.title = "Still a draft"
        output.save()
    assert mail.outbox == []
    assert Output.objects.get(pk=output.pk).announced_at is None


def test_outputs_of_hidden_pilot_actions_announce_nothing(django_capture_on_commit_callbacks):
    hidden = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    probable = PilotActionFactory(record_confidence=PilotAction.Confidence.PROBABLE)
    for pilot_action in (hidden, probable):
        SubscriptionFactory(pilot_action=pilot_action)
    SubscriptionFactory(pilot_action=None)
    with django_capture_on_commit_callbacks(execute=True):
        for pilot_action in (hidden, probable):
            OutputFactory(pilot_action=pilot_action)
    assert mail.outbox == []
    assert not Output.objects.filter(announced_at__isnull=False).exists()
