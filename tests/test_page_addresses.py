"""What a page says its address is (canonical link, og:url, hreflang alternates with x-default), and how every
list, API and download treats a parameter it does not know: ignored alike, never refused."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from projects import statistics
from projects.models import PilotAction, ProgressReport, ThematicGroup
from tests.factories import OutputFactory, PilotActionFactory, ProgressReportFactory
from tests.test_sitemap import ORIGIN, in_every_language, sitemap_entries

pytestmark = pytest.mark.django_db

TRACKING = {"utm_source": "newsletter", "fbclid": "x"}


class HeadLinks(HTMLParser):
    """The canonical link, og:url and hreflang alternates of a page's head."""

    def __init__(self):
        super().__init__()
        self.canonical, self.og_url, self.alternates = [], [], {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]
        elif tag == "meta" and attrs.get("property") == "og:url":
            self.og_url.append(attrs["content"])


def head_links(response):
    parser = HeadLinks()
    parser.feed(response.content.decode())
    return parser


def canonical(response):
    links = head_links(response)
    assert len(links.canonical) == 1, links.canonical
    assert links.og_url == links.canonical
    return links.canonical[0]


@pytest.fixture
def published(programme):
    """A report and an output of a public pilot action, so that every kind of page and download has content."""
    pilot_action = PilotAction.objects.public().first()
    ProgressReportFactory(pilot_action=pilot_action, title="Spring progress")
    OutputFactory(pilot_action=pilot_action, title="Joint flood plan")
    return pilot_action


# 1. Canonical links carry only the parameters that are valid for the page.


def test_a_list_s_canonical_keeps_its_valid_filters_in_a_stable_order_and_nothing_else(client, programme):
    group = ThematicGroup.objects.order_by("slug").first()
    response = client.get(
        "/pilot-actions/?utm_source=x&theme=nonsense&country=FR&group=" + group.slug + "&sort=&fbclid=y"
    )
    assert response.status_code == 200
    assert canonical(response) == f"{ORIGIN}/pilot-actions/?group={group.slug}&country=fr"
    # The same filters written in another order name the same page.
    reordered = client.get(f"/pilot-actions/?country=fr&group={group.slug}")
    assert canonical(reordered) == canonical(response)


def test_invalid_or_unknown_parameters_leave_the_canonical_bare(client, programme):
    response = client.get("/pilot-actions/?group=nonsense&utm_source=x")
    assert canonical(response) == f"{ORIGIN}/pilot-actions/"
    assert head_links(response).alternates == in_every_language("/pilot-actions/")
    assert canonical(client.get("/?utm_source=x&gclid=1")) == f"{ORIGIN}/"
    slug = PilotAction.objects.public().first().slug
    assert canonical(client.get(f"/fr/pilot-actions/{slug}/?page=2")) == f"{ORIGIN}/fr/pilot-actions/{slug}/"


def test_alternates_carry_the_same_valid_filters_in_every_language(client, programme):
    response = client.get("/fr/map/?theme=floods&mc_cid=abc")
    assert canonical(response) == f"{ORIGIN}/fr/map/?theme=floods"
    assert head_links(response).alternates == in_every_language("/map/?theme=floods")


def test_paginated_lists_name_the_page_shown(client, db):
    PilotActionFactory.create_batch(25)
    assert canonical(client.get("/pilot-actions/?page=2")) == f"{ORIGIN}/pilot-actions/?page=2"
    assert canonical(client.get("/pilot-actions/?page=1")) == f"{ORIGIN}/pilot-actions/"
    # A page past the end shows the last one, which is the page it names.
    assert canonical(client.get("/pilot-actions/?page=99&utm_source=x")) == f"{ORIGIN}/pilot-actions/?page=2"


@pytest.mark.parametrize(
    ("path", "valid"),
    [
        ("/statistics/?family=meteorological&group=nope", "family=meteorological"),
        ("/results/?sort=colour&q=%20flood%20", "q=flood"),
        ("/outputs/?sort=-title&kind=nope&utm_medium=email", "sort=-title"),
        ("/updates/?theme=floods&border=atlantis", "theme=floods"),
    ],
)
def test_every_filtered_page_keeps_only_its_valid_filters(client, published, path, valid):
    response = client.get(path)
    assert response.status_code == 200
    assert canonical(response) == f"{ORIGIN}{urlsplit(path).path}?{valid}"


def test_search_and_subscription_pages_keep_their_own_valid_parameters(client, published):
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)
    response = client.get("/search/?utm_source=x&type=nonsense&q=%20Riviera%20%20Node")
    assert canonical(response) == f"{ORIGIN}/search/?q=Riviera+Node"
    typed = client.get("/fr/search/?type=pilot-action&q=Riviera&gclid=1")
    assert canonical(typed) == f"{ORIGIN}/fr/search/?q=Riviera&type=pilot-action"
    assert canonical(client.get("/search/?q=")) == f"{ORIGIN}/search/"
    subscribe = client.get(f"/subscriptions/?pilot_action={published.slug}&utm_campaign=x")
    assert canonical(subscribe) == f"{ORIGIN}/subscriptions/?pilot_action={published.slug}"
    assert canonical(client.get("/subscriptions/?fbclid=y")) == f"{ORIGIN}/subscriptions/"


@pytest.mark.parametrize("path", ["/no-such-page/?utm_source=x", "/fr/pilot-actions/no-such-action/"])
def test_the_404_page_has_no_canonical_link_nor_alternates(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    links = head_links(response)
    assert (links.canonical, links.og_url, links.alternates) == ([], [], {})
    assert 'rel="canonical"' not in response.content.decode()


def test_the_400_and_403_pages_have_no_canonical_link(client, db, rf):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.views import defaults

    request = rf.get("/pilot-actions/?page=2")
    for response in (
        defaults.bad_request(request, SuspiciousOperation()),
        defaults.permission_denied(request, PermissionDenied()),
        defaults.page_not_found(request, Exception()),
    ):
        assert response.status_code in (400, 403, 404)
        links = head_links(response)
        assert (links.canonical, links.og_url, links.alternates) == ([], [], {})
    with override_settings(ALLOWED_HOSTS=["portal.example.org"]):
        stranger = client.get("/", headers={"host": "evil.example"})
    assert stranger.status_code == 400
    assert 'rel="canonical"' not in stranger.content.decode()


def test_the_500_and_503_pages_have_no_canonical_link(client, rf):
    from django.db import OperationalError

    from core.views import server_error

    for error in (RuntimeError("boom"), OperationalError("down")):
        try:
            raise error
        except Exception:
            response = server_error(rf.get("/pilot-actions/"))
        assert response.status_code in (500, 503)
        assert "canonical" not in response.content.decode()
        assert "hreflang" not in response.content.decode()


# 2. The pages' alternates are the sitemap's, x-default included.


def test_every_sitemap_page_names_the_alternates_the_sitemap_gives_it(client, published):
    entries = sitemap_entries(client)
    assert f"{ORIGIN}/outputs/{published.outputs.get().pk}/" in entries  # every kind of page is walked
    # Every page in English, French and Greek (a language whose content is shown in English); all 25 would take
    # 25 times as long for what the sitemap's own tests check already: that it lists each page in every language.
    walked = [
        location
        for location, alternates in entries.items()
        if location in (alternates["en"], alternates["fr"], alternates["el"])
    ]
    assert len(walked) == 3 * len(entries) // len(settings.LANGUAGES)
    for location in walked:
        alternates = entries[location]
        response = client.get(location)
        assert response.status_code == 200, location
        assert canonical(response) == location
        assert head_links(response).alternates == alternates, location
        assert set(alternates) == {code for code, _name in settings.LANGUAGES} | {"x-default"}


# 3. Unknown parameters are ignored alike by every list, map, API and download.


def parameterised_routes():
    """Every route of the site, as (name, pattern string), walking includes (the i18n patterns among them)."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns, "", ""))


def data_endpoints(pilot_action):
    """Every download, feed and API address: each route under downloads/, api/ and feeds/, and each chart's CSV."""
    urls = []
    for name, route in parameterised_routes():
        if not re.search(r"(^|/)(downloads|api|feeds)/|\.csv", route):
            continue
        if "<slug:chart>" in route:
            urls += [reverse(name, kwargs={"chart": chart}) for chart in statistics.chart_slugs()]
        elif "<slug:slug>" in route:
            urls.append(reverse(name, kwargs={"slug": pilot_action.slug}))
        else:
            urls.append(reverse(name))
    return urls


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        # The workbook's own metadata holds the time it was written: compare what it holds.
        return [list(sheet.values) for sheet in load_workbook(io.BytesIO(content)).worksheets]
    return content


def test_every_download_feed_and_api_ignores_tracking_parameters(client, published, settings):
    settings.PRINTABLE_MAP_AUTO_REGENERATE = False
    urls = data_endpoints(published)
    for expected in ("/downloads/pilot-actions.csv", "/downloads/outputs.xlsx", "/statistics/groups.csv"):
        assert expected in urls
    assert "/api/pilot-actions.geojson" in urls and "/downloads/map.pdf" in urls
    for url in urls:
        plain = client.get(url)
        tracked = client.get(url, TRACKING)
        assert plain.status_code == 200, url
        assert tracked.status_code == 200, (url, tracked.content[:300])
        assert body(tracked) == body(plain), url


def test_the_lists_keep_their_filters_and_downloads_keep_refusing_a_bad_value(client, published):
    theme = published.themes.first().slug
    tracked = client.get("/downloads/pilot-actions.geojson", {"theme": theme, **TRACKING})
    assert tracked.status_code == 200
    assert tracked.content == client.get("/downloads/pilot-actions.geojson", {"theme": theme}).content
    bad = client.get("/downloads/pilot-actions.csv", {"theme": "nonsense", **TRACKING})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"theme"}
    api = client.get("/api/pilot-actions.geojson", {"group": "nonsense", **TRACKING})
    assert api.status_code == 400 and set(api.json()["errors"]) == {"group"}
    page = client.get("/pilot-actions/", {"theme": theme, **TRACKING})
    assert page.status_code == 200 and not page.context["filter"].form.errors
    assert ProgressReport.objects.published().exists()
    assert dict(parse_qsl(urlsplit(canonical(page)).query)) == {"theme": theme}
