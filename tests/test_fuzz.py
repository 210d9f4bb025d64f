"""Property-based: random and hostile query strings and paths never get a 5xx, and nothing comes back unescaped."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "/", "/pilot-actions/", "/map/", "/updates/", "/borders/", "/countries/", "/webinars/", "/open-data/",
    "/fr/pilot-actions/", "/api/pilot-actions.geojson", "/api/borders.geojson", "/api/countries.geojson",
    "/downloads/pilot-actions.csv", "/downloads/pilot-actions.geojson", "/feeds/updates/", "/feeds/updates/rss/",
    "/sitemap.xml", "/robots.txt", "/healthz", "/accounts/login/", "/accounts/password/reset/",
    "/about/", "/call/", "/faq/", "/statistics/", "/statistics/groups.csv", "/statistics/timeline.csv",
]  # fmt: skip
DETAIL_PATTERNS = [
    "/pilot-actions/{}/", "/groups/{}/", "/borders/{}/", "/countries/{}/", "/webinars/{}/", "/webinars/{}.ics",
    "/feeds/pilot-actions/{}/", "/subscriptions/confirm/{}/", "/subscriptions/unsubscribe/{}/",
]  # fmt: skip
PARAMETERS = ["q", "group", "family", "theme", "border", "country", "sort", "page", "bbox", "zoom", "next", "lang", "x"]

# Each hostile value carries a marker tag: if it came back unescaped, the marker would be in the page.
MARKER = "<x-probe>"
hostile = st.sampled_from(
    [
        MARKER,
        f'"{MARKER}',
        f"'><script>{MARKER}</script>",
        f"javascript:{MARKER}",
        f"{MARKER}%00",
        f"{MARKER}\x00",
        f"../../{MARKER}",
        f"{MARKER}" + "A" * 3000,
        f"{MARKER}{{{{ settings.SECRET_KEY }}}}",
        f"{MARKER}' OR '1'='1",
    ]
)
values = st.one_of(st.text(max_size=60), hostile, st.integers().map(str), st.floats().map(str))
query = st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=10)), values, max_size=5)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_safe(response, url):
    """No 5xx; and no markup-bearing answer (HTML, XML) echoes the input unescaped. JSON may quote it: it is
    served as application/json with nosniff, which no browser renders as a page."""
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        return
    body = response.content.decode(errors="replace")
    assert MARKER not in body, f"{url} reflected its input unescaped ({content_type})"


@FUZZ
@given(page=st.sampled_from(LIST_PAGES), parameters=query)
@example(page="/pilot-actions/", parameters={"q": "\x00", "group": "\x00"})
@example(page="/downloads/pilot-actions.csv", parameters={"q": "flood\x00"})
def test_query_strings_never_break_a_page(client, programme, page, parameters):
    url = f"{page}?{urlencode(parameters)}"
    assert_safe(client.get(url), url)


@FUZZ
@given(pattern=st.sampled_from(DETAIL_PATTERNS), segment=st.one_of(st.text(min_size=1, max_size=80), hostile))
# Found on PostgreSQL, which refuses NUL in text: a token with \x00 once reached the database.
@example(pattern="/subscriptions/confirm/{}/", segment="\x00")
@example(pattern="/subscriptions/unsubscribe/{}/", segment=f"{MARKER}\x00")
def test_hostile_paths_are_404_not_500(client, programme, pattern, segment):
    url = pattern.format(quote(segment, safe=""))
    assert_safe(client.get(url), url)


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["email", "pilot_action", "x"]), values, max_size=3))
def test_subscription_form_never_breaks(client, programme, data):
    assert_safe(client.post("/subscriptions/", data), "/subscriptions/")
