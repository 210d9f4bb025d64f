"""The sitemap lists the library and each published output of a public pilot action, in every language."""

import pytest
from django.conf import settings

from results.models import Output
from tests.sitemaps import ORIGIN, sitemap_entries

pytestmark = pytest.mark.django_db


def test_lists_the_library_and_published_outputs_only(client, library):
    listed = sitemap_entries(client)
    assert f"{ORIGIN}/outputs/" in listed and f"{ORIGIN}/fr/outputs/" in listed
    published = list(Output.objects.published())
    assert published
    for output in published:
        assert f"{ORIGIN}/outputs/{output.pk}/" in listed and f"{ORIGIN}/fr/outputs/{output.pk}/" in listed
    for hidden in library["hidden"].values():
        assert f"{ORIGIN}/outputs/{hidden.pk}/" not in listed
        assert f"{ORIGIN}/fr/outputs/{hidden.pk}/" not in listed


# 100 pilot actions, not the 500 of the pages' budgets: their 200 outputs already fill six files of outputs (each
# output is 25 addresses, a file holds 1,000), and each file more only took another 1.5 s to write and read.
@pytest.mark.parametrize("many_pilot_actions", [20, 100], indirect=True)
def test_query_budget(client, many_outputs, django_assert_max_num_queries):
    """However many outputs, the index and each of its files keep their budgets (tests/sitemaps.py)."""
    listed = sitemap_entries(client, django_assert_max_num_queries)
    assert len([location for location in listed if "/outputs/" in location]) == len(settings.LANGUAGES) * (
        Output.objects.published().count() + 1
    )
