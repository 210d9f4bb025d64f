"""The sitemap lists the library and each published output of a public pilot action, in every language."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from results.models import Output

pytestmark = pytest.mark.django_db

NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ORIGIN = "http://testserver"


def locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return {
        url.findtext("sm:loc", namespaces=NAMESPACES)
        for url in ET.fromstring(response.content).findall("sm:url", NAMESPACES)
    }


def test_lists_the_library_and_published_outputs_only(client, library):
    listed = locations(client)
    assert f"{ORIGIN}/outputs/" in listed and f"{ORIGIN}/fr/outputs/" in listed
    published = list(Output.objects.published())
    assert published
    for output in published:
        assert f"{ORIGIN}/outputs/{output.pk}/" in listed and f"{ORIGIN}/fr/outputs/{output.pk}/" in listed
    for hidden in library["hidden"].values():
        assert f"{ORIGIN}/outputs/{hidden.pk}/" not in listed
        assert f"{ORIGIN}/fr/outputs/{hidden.pk}/" not in listed


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_query_budget(client, many_outputs, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        listed = locations(client)
    assert len([location for location in listed if "/outputs/" in location]) == len(settings.LANGUAGES) * (
        Output.objects.published().count() + 1
    )
