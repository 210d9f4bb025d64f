"""Issue #5 as a new user would try it, end to end through the portal's own pages and emails."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PilotActionFactory, pdf_upload, photo_upload

pytestmark = pytest.mark.django_db


def link_from(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_invite_write_publish_and_be_read(admin_client, client, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://testserver"
    pilot_action = PilotActionFactory(title="Cross-border flood warning on the Oder")

    # A reader subscribes, and confirms from the email.
    reader = client.__class__()
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(
            reverse("notifications:subscribe"), {"email": "reader@example.org", "pilot_action": pilot_action.slug}
        )
    reader.post(link_from(mail.outbox.pop()))

    # Staff invite the coordinator from admin.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:workspace_invitation_add"),
            {"email": "coordinator@example.org", "first_name": "Jan", "pilot_actions": [pilot_action.pk]},
        )
    invitation = mail.outbox.pop()
    assert invitation.to == ["coordinator@example.org"]

    # The coordinator chooses a password and lands in the workspace.
    form_page = client.get(link_from(invitation), follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Oder-floods-2025", "new_password2": "Oder-floods-2025"}
    )
    dashboard = client.get(reverse("workspace:dashboard")).content.decode()
    assert pilot_action.title in dashboard

    # ...writes a report with a photo and a PDF, and publishes it.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workspace:report-create", args=[pilot_action.slug]),
            {
                "title": "Sirens tested on both banks",
                "period_start": "2025-02-01",
                "period_end": "2025-05-31",
                "body": "The **first joint alert** reached both towns.",
                "photos-TOTAL_FORMS": "1",
                "photos-INITIAL_FORMS": "0",
                "photos-0-image": photo_upload(),
                "photos-0-caption": "The siren on the bridge",
                "photos-0-alt_text": "A siren mounted on a bridge railing",
                "documents-TOTAL_FORMS": "1",
                "documents-INITIAL_FORMS": "0",
                "documents-0-file": pdf_upload("test-protocol.pdf"),
                "documents-0-title": "Test protocol",
                "publish": "",
            },
        )
    assert response.status_code == 302

    # The public sees it on the pilot action's page, on /updates/ and in the feed.
    public = client.__class__()
    page = public.get(pilot_action.get_absolute_url()).content.decode()
    assert "Sirens tested on both banks" in page and "<strong>first joint alert</strong>" in page
    assert 'alt="A siren mounted on a bridge railing"' in page and "Test protocol</a> (PDF" in page
    assert "Sirens tested on both banks" in public.get(reverse("projects:update-list")).content.decode()
    assert "Sirens tested on both banks" in public.get(reverse("projects:updates-feed")).content.decode()

    # The subscriber received exactly one email about it.
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]
    assert "Sirens tested on both banks" in mail.outbox[0].body
