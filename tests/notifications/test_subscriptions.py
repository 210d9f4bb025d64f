"""Public subscriptions: double opt-in, one email per publication, one-click unsubscribe."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from core.throttle import SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX, SUBSCRIPTION_REQUESTS_PER_CLIENT
from notifications.models import Notification, Subscription
from projects.models import PilotAction, ProgressReport
from tests.factories import PilotActionFactory, ProgressReportFactory, SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_in(message, name):
    prefix = f"http://127.0.0.1:8000/subscriptions/{name}/"
    return next(line for line in message.body.splitlines() if line.startswith(prefix)).removeprefix(
        "http://127.0.0.1:8000"
    )


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def test_subscribe_confirm_and_receive(client, pilot_action, django_capture_on_commit_callbacks):
    page = client.get(pilot_action.get_absolute_url()).content.decode()
    assert f'href="{reverse("notifications:subscribe")}?pilot_action={pilot_action.slug}"' in page
    form_page = client.get(reverse("notifications:subscribe"), {"pilot_action": pilot_action.slug}).content.decode()
    assert f'value="{pilot_action.slug}"' in form_page and "csrfmiddlewaretoken" in form_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:subscribe"), {"email": "Reader@Example.org", "pilot_action": pilot_action.slug}
        )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org" and not subscription.is_confirmed
    assert len(mail.outbox) == 1
    confirm_path = link_in(mail.outbox[0], "confirm")

    # Not confirmed yet: a publication sends nothing to this address.
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReportFactory(pilot_action=pilot_action, title="Before confirming")
    assert len(mail.outbox) == 1

    # A GET (as a mail scanner does) does not confirm; the button's POST does.
    assert "Yes, subscribe me" in client.get(confirm_path).content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    assert "You are subscribed" in client.post(confirm_path).content.decode()
    subscription.refresh_from_db()
    assert subscription.is_confirmed

    with django_capture_on_commit_callbacks(execute=True):
        report = ProgressReportFactory(pilot_action=pilot_action, title="After confirming")
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == ["reader@example.org"]
    assert pilot_action.title in message.subject
    assert "After confirming" in message.body and report.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert subscription.unsubscribe_url() in message.extra_headers["List-Unsubscribe"]


def test_one_click_unsubscribe_needs_no_csrf_token(pilot_action):
    subscription = SubscriptionFactory(pilot_action=pilot_action)
    client = Client(enforce_csrf_checks=True)
    response = client.post(subscription.unsubscribe_url(), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    # Again, as a mail client may retry: still a calm answer.
    assert client.post(subscription.unsubscribe_url()).status_code == 200


def test_unsubscribe_page_asks_before_acting(client, pilot_action):
    subscription = SubscriptionFactory(pilot_action=pilot_action, email="x@example.org")
    page = client.get(subscription.unsubscribe_url()).content.decode()
    assert "Stop sending progress reports of" in page and "x@example.org" in page
    assert Subscription.objects.exists()


def test_subscription_to_everything_gets_every_report(pilot_action, django_capture_on_commit_callbacks):
    SubscriptionFactory(pilot_action=None, email="all@example.org")
    other = PilotActionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReportFactory(pilot_action=pilot_action)
        ProgressReportFactory(pilot_action=other)
    assert [message.to for message in mail.outbox] == [["all@example.org"], ["all@example.org"]]


def test_publication_emails_staff_and_subscribers_once(pilot_action, django_capture_on_commit_callbacks):
    staff = UserFactory(username="desk", email="desk@example.org", is_staff=True)
    pilot_action.group.staff_contacts.add(staff)
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")
    SubscriptionFactory(pilot_action=None, email="desk@example.org")  # staff and subscribed: one email
    SubscriptionFactory(pilot_action=pilot_action, email="later@example.org", confirmed_at=None)
    report = ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.DRAFT)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        report.status = ProgressReport.Status.PUBLISHED
        report.save()
    assert sorted(message.to[0] for message in mail.outbox) == ["desk@example.org", "reader@example.org"]
    staff_message = next(message for message in mail.outbox if message.to == ["desk@example.org"])
    assert "programme staff" in staff_message.body

    # Editing, unpublishing and publishing again announce nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        report.title = "Edited"
        report.save()
        report.status = ProgressReport.Status.DRAFT
        report.save()
        report.status = ProgressReport.Status.PUBLISHED
        report.save()
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(key__startswith=f"report-published:{report.pk}:").count() == 2


def test_reports_of_hidden_pilot_actions_announce_nothing(django_capture_on_commit_callbacks):
    hidden = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    SubscriptionFactory(pilot_action=None)
    with django_capture_on_commit_callbacks(execute=True):
        ProgressReportFactory(pilot_action=hidden)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"email": "a@example.org", "pilot_action": "no-such-pilot"}, "does not exist or is not public"),
    ],
)
def test_bad_subscription_is_a_clear_400(client, data, message):
    response = client.post(reverse("notifications:subscribe"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


def test_hidden_pilot_action_cannot_be_followed(client):
    hidden = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    response = client.post(reverse("notifications:subscribe"), {"email": "a@example.org", "pilot_action": hidden.slug})
    assert response.status_code == 400


def test_asking_twice_sends_one_confirmation_an_hour_and_reveals_nothing(
    client, pilot_action, django_capture_on_commit_callbacks
):
    data = {"email": "reader@example.org", "pilot_action": pilot_action.slug}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("notifications:subscribe"), data)
        second = client.post(reverse("notifications:subscribe"), data)
    assert first.content == second.content
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 1


def test_confirmed_subscriber_asking_again_gets_no_email(client, pilot_action, django_capture_on_commit_callbacks):
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:subscribe"), {"email": "reader@example.org", "pilot_action": pilot_action.slug}
        )
    assert response.status_code == 200 and mail.outbox == []


def test_unknown_confirmation_token_is_404(client):
    assert client.get(reverse("notifications:confirm", args=["nope"])).status_code == 404
    assert client.post(reverse("notifications:confirm", args=["nope"])).status_code == 404


def test_subscribe_page_for_everything_or_a_public_pilot_action(client):
    assert "any pilot action" in client.get(reverse("notifications:subscribe")).content.decode()
    hidden = PilotActionFactory(status=PilotAction.Status.SUBMITTED)
    assert client.get(reverse("notifications:subscribe"), {"pilot_action": hidden.slug}).status_code == 404
    assert client.put(reverse("notifications:subscribe")).status_code == 405


def test_one_confirmation_per_mailbox_whatever_the_pilot_action_case_or_tag(
    client, pilot_action, django_capture_on_commit_callbacks
):
    others = [PilotActionFactory(), PilotActionFactory()]
    spellings = ["reader@example.org", "READER@example.org"] + [f"reader+{n}@example.org" for n in range(30)]
    requests = [{"email": "reader@example.org", "pilot_action": other.slug} for other in others]
    requests += [{"email": spelling, "pilot_action": pilot_action.slug} for spelling in spellings]
    with django_capture_on_commit_callbacks(execute=True):
        # Each from another client address, as from many machines: the limit per client is not the one at stake.
        responses = [
            client.post(reverse("notifications:subscribe"), data, REMOTE_ADDR=f"192.0.2.{number}")
            for number, data in enumerate(requests)
        ]
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert {response.status_code for response in responses} == {200}
    # Every answer is the same page: none tells whether this request sent something.
    assert all("sent nothing new" in response.content.decode() for response in responses)
    assert Subscription.objects.count() == len(others) + len({spelling.lower() for spelling in spellings})


def test_asking_again_once_the_confirmation_is_old_sends_a_new_one(
    client, pilot_action, django_capture_on_commit_callbacks
):
    data = {"email": "reader@example.org", "pilot_action": pilot_action.slug}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:subscribe"), data)
    long_ago = timedelta(seconds=SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX.seconds + 1)
    Subscription.objects.update(confirmation_sent_at=Subscription.objects.get().confirmation_sent_at - long_ago)
    cache.clear()  # as if the mailbox's window had ended too
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:subscribe"), data)
    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[0], "confirm") == link_in(mail.outbox[1], "confirm")


def test_requests_are_limited_per_client_address(client, pilot_action, django_capture_on_commit_callbacks):
    def subscribe(number, remote_addr):
        data = {"email": f"reader{number}@example.org", "pilot_action": pilot_action.slug}
        return client.post(reverse("notifications:subscribe"), data, REMOTE_ADDR=remote_addr)

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(SUBSCRIPTION_REQUESTS_PER_CLIENT.count):
            assert subscribe(number, "192.0.2.1").status_code == 200
        refused = subscribe("-refused", "192.0.2.1")
        elsewhere = subscribe("-elsewhere", "192.0.2.2")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Too many subscription requests from your address" in page
    assert 'value="reader-refused@example.org"' in page and f'value="{pilot_action.slug}"' in page
    assert elsewhere.status_code == 200
    assert len(mail.outbox) == SUBSCRIPTION_REQUESTS_PER_CLIENT.count + 1
    assert not Subscription.objects.filter(email="reader-refused@example.org").exists()


@pytest.mark.django_db
def test_saving_a_published_report_again_keeps_it_announced(django_capture_on_commit_callbacks):
    """The signal claims the announcement in the database; the saved instance must know it, or its next save
    writes the empty announced_at back and the report could be announced again."""
    with django_capture_on_commit_callbacks(execute=True):
        report = ProgressReportFactory(pilot_action=PilotActionFactory())
    assert report.announced_at is not None
    report.title = "Edited after publication"
    report.save()
    report.refresh_from_db()
    assert report.announced_at is not None
