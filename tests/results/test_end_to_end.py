"""Issue #12's walk, through the portal's own pages and emails: a coordinator adds an output with a PDF and a
link, fills the results with two obstacles and publishes both; the public then finds the output everywhere it
should be, /results/ counts the two obstacles, and a subscriber gets exactly one email."""

import csv
import io

import feedparser
import pytest
from django.core import mail
from django.urls import reverse

from results.models import Language, Licence, Obstacle, Output, OutputKind
from tests.factories import SubscriptionFactory, ThemeFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(pilot_action):
    return SubscriptionFactory(email="reader@example.org", pilot_action=pilot_action)


def test_a_coordinator_publishes_an_output_and_results_and_the_public_finds_them(
    coordinator_client, pilot_action, subscriber, client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    kind = OutputKind.objects.get(slug="joint-plan")
    theme = ThemeFactory(name="Floods", slug="floods")
    pilot_action.themes.add(theme)
    funding, legal = Obstacle.objects.get(slug="funding"), Obstacle.objects.get(slug="legal-administrative")

    # The coordinator adds the output with its PDF and a link, and publishes it.
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("workspace:output-create", args=[pilot_action.slug]),
            {
                "kind": kind.pk,
                "title": "Joint flood plan of the valley",
                "summary": "The plan both councils adopted in September.",
                "date": "2025-09-30",
                "languages": list(Language.objects.filter(code__in=["en", "fr"]).values_list("pk", flat=True)),
                "themes": [theme.pk],
                "file": pdf_upload("plan.pdf"),
                "link": "https://example.org/flood-plan",
                "licence": Licence.CC_BY,
                "reuse": "The **alert chain** works as it is.",
                "publish": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    output = Output.objects.get()
    assert output.is_published and output.file and output.link == "https://example.org/flood-plan"

    # The results, with two obstacles, published.
    response = coordinator_client.post(
        reverse("workspace:results-edit", args=[pilot_action.slug]),
        {
            "achievements": "A joint plan, adopted by both councils.",
            "reuse": "The alert chain.",
            f"obstacles-met_{funding.pk}": "on",
            f"obstacles-note_{funding.pk}": "Co-financing came late.",
            f"obstacles-met_{legal.pk}": "on",
            f"obstacles-note_{legal.pk}": "Two civil-protection laws.",
            "follow_ups-TOTAL_FORMS": "0",
            "follow_ups-INITIAL_FORMS": "0",
            "publish": "",
        },
    )
    assert response.status_code == 302

    # The library, with its facets.
    library = client.get(reverse("results:output-list")).content.decode()
    assert output.title in library
    assert f"{kind.name} (1)" in library and f"{theme.name} (1)" in library
    filtered = client.get(reverse("results:output-list"), {"kind": kind.slug, "language": "fr"}).content.decode()
    assert output.title in filtered

    # Its page, with the document and the link.
    page = client.get(output.get_absolute_url()).content.decode()
    assert output.title in page and output.file.url in page and "https://example.org/flood-plan" in page
    assert client.get(output.file.url)["Content-Type"] == "application/pdf"

    # The pilot action's page shows the output and the results.
    pilot_page = client.get(pilot_action.get_absolute_url()).content.decode()
    assert output.title in pilot_page and 'id="results"' in pilot_page
    assert funding.name in pilot_page and "Co-financing came late." in pilot_page

    # The feed and the open data.
    feed = feedparser.parse(client.get(reverse("results:outputs-feed")).content)
    assert not feed.bozo and len(feed.entries) == 1 and output.title in feed.entries[0].title
    rows = list(csv.DictReader(io.StringIO(client.get("/downloads/outputs.csv").content.decode())))
    assert [row["title"] for row in rows] == [output.title]

    # /results/ counts the two obstacles, and only those.
    comparison = client.get(reverse("results:comparison"))
    times_met = {obstacle.slug: obstacle.times_met for obstacle in comparison.context["comparison"].obstacles}
    assert times_met == {obstacle.slug: int(obstacle in (funding, legal)) for obstacle in Obstacle.objects.all()}
    assert comparison.context["comparison"].with_results == 1
    assert "Co-financing came late." in comparison.content.decode()

    # One email to the subscriber, however often the output is saved again.
    emails = [message for message in mail.outbox if message.to == [subscriber.email]]
    assert len(emails) == 1 and output.title in emails[0].body
    with django_capture_on_commit_callbacks(execute=True):
        output.summary = "Edited after publication."
        output.save()
    assert len([message for message in mail.outbox if message.to == [subscriber.email]]) == 1
