"""The library's free-text search is bounded like the pilot actions' (issue #11): every hostile search answers
each searching address of the library, at 500 pilot actions with outputs, with a page or a clean refusal, and
at most a second more in the database than twice the unsearched page's (search_budget)."""

import pytest
from django.urls import reverse

from tests.projects.test_query_limits import WORST_QUERIES, search_budget, timed_until

pytestmark = pytest.mark.django_db

SEARCHING_URLS = [
    "results:output-list",
    "results:outputs-feed",
    "results:outputs-rss",
    "results:outputs-csv",
    "results:outputs-csv-excel",
    "results:outputs-xlsx",
]


@pytest.mark.parametrize("many_pilot_actions", [500], indirect=True)
def test_the_worst_queries_answer_every_url_within_a_second(client, many_outputs):
    every_filter = {"group": "crisis", "theme": "floods", "country": "fr", "language": "de", "sort": "-title"}
    slow_or_failed = []
    for url_name in SEARCHING_URLS:
        allowed_database, _allowed = search_budget(client, reverse(url_name))
        for label, query in WORST_QUERIES.items():
            for other_filters in ({}, every_filter):
                response, database_seconds, seconds = timed_until(
                    client,
                    reverse(url_name),
                    {"q": query, **other_filters},
                    lambda database_seconds, _s: database_seconds < allowed_database,  # noqa: B023
                )
                if response.status_code not in (200, 400) or database_seconds >= allowed_database:
                    slow_or_failed.append(
                        (url_name, label, bool(other_filters), response.status_code,
                         f"{database_seconds:.2f}s of {allowed_database:.2f}s in the database, {seconds:.2f}s in all")
                    )  # fmt: skip
    assert not slow_or_failed, slow_or_failed


@pytest.mark.parametrize("url_name", SEARCHING_URLS)
def test_one_word_too_many_is_refused_with_the_reason(client, db, url_name):
    response = client.get(reverse(url_name), {"q": WORST_QUERIES["one word too many"]})
    if url_name == "results:output-list":
        assert response.status_code == 200 and "q" in response.context["filter"].form.errors
    else:
        assert response.status_code == 400 and "q" in response.json()["errors"]
