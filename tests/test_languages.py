"""The interface's 25 languages: each at its prefix, the chooser naming each in itself, the first visit following
the browser's language (core.middleware.FirstVisitLanguageMiddleware), and cached pages kept apart per language."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.utils.translation import get_language_info

from core.languages import NATIVE_NAMES, accepted_language, native_name

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]


def home(code):
    return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"


def vary(response):
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


class Chooser(HTMLParser):
    """The language chooser's summary text and links: (attributes, text) of each."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.summary, self.links, self.html_lang = "", [], None
        self._in_summary = self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "nav" and "language-chooser" in (attrs.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "nav":
            self.depth += 1
        if not self.depth:
            return
        if tag == "summary":
            self._in_summary = True
        if tag == "a":
            self._link = [attrs, ""]

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "nav":
            self.depth -= 1
        elif tag == "summary":
            self._in_summary = False
        elif tag == "a" and self._link:
            self.links.append((self._link[0], self._link[1].strip()))
            self._link = None

    def handle_data(self, data):
        if self._in_summary:
            self.summary += data
        if self._link:
            self._link[1] += data


def chooser(response):
    parser = Chooser()
    parser.feed(response.content.decode())
    return parser


def test_every_language_is_named_in_itself_by_the_projects_own_list():
    assert set(CODES) <= NATIVE_NAMES.keys()
    # Django's own names for these are adverbs ("česky": in Czech) or bracketed; a list of languages wants nouns.
    assert native_name("cs") == "čeština" and get_language_info("cs")["name_local"] != "čeština"
    assert native_name("sk") == "slovenčina"
    assert native_name("lt") == "lietuvių"
    assert native_name("nb") == "norsk bokmål"
    assert native_name("el") == "Ελληνικά"
    assert native_name("bg") == "български"
    # A language outside the interface (an output's document) gets Django's name.
    assert native_name("ja") == get_language_info("ja")["name_local"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("el-GR,el;q=0.9,en;q=0.8", "el"),
        ("en;q=0.5,pl;q=0.9,de;q=0.7", "pl"),
        ("en-GB,en;q=0.9,pl;q=0.8", "en"),
        ("ja,zh-CN;q=0.8", None),
        ("ja,mt;q=0.1", "mt"),
        ("nn-NO,nn;q=0.9", "nb"),
        ("no", "nb"),
        ("*", None),
        ("", None),
        (None, None),
        ("pl;q=0", None),
    ],
)
def test_the_accepted_language(header, expected):
    assert accepted_language(header) == expected


@pytest.mark.parametrize("code", CODES)
def test_every_language_answers_the_home_page_in_it(client, code):
    response = client.get(home(code))
    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()
    assert response["Content-Language"] == code


@pytest.mark.parametrize("code", ["en", "el", "bg", "pl", "mt"])
def test_the_chooser_lists_every_language_named_in_itself(client, code):
    found = chooser(client.get(home(code)))
    assert found.html_lang == code
    assert len(found.links) == len(CODES) == 25
    for (attrs, text), expected in zip(found.links, CODES, strict=True):
        assert attrs["lang"] == attrs["hreflang"] == expected
        assert text == NATIVE_NAMES[expected]
        assert attrs["href"].endswith(home(expected))
        assert ("aria-current" in attrs) == (expected == code)
    # Closed, it shows the page's language, named in itself.
    assert NATIVE_NAMES[code] in found.summary


def test_the_chooser_leads_to_the_same_page_in_each_language(client, programme):
    found = chooser(client.get("/pilot-actions/?group=spatial-planning"))
    hrefs = {attrs["hreflang"]: attrs["href"] for attrs, _text in found.links}
    assert hrefs["en"] == "http://testserver/pilot-actions/?group=spatial-planning"
    assert hrefs["el"] == "http://testserver/el/pilot-actions/?group=spatial-planning"


@pytest.mark.parametrize(
    ("path", "header", "target"),
    [
        ("/", "el-GR,el;q=0.9,en;q=0.8", "/el/"),
        ("/pilot-actions/", "en;q=0.5,pl;q=0.9,de;q=0.7", "/pl/pilot-actions/"),
        ("/pilot-actions/?group=spatial-planning", "pl", "/pl/pilot-actions/?group=spatial-planning"),
        ("/map/", "bg", "/bg/map/"),
        ("/about/", "nb-NO,nb;q=0.9,en;q=0.5", "/nb/about/"),
    ],
)
@pytest.mark.parametrize("method", ["get", "head"])
def test_a_first_visit_goes_to_the_browsers_language(client, programme, path, header, target, method):
    response = getattr(client, method)(path, headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response["Location"] == target
    assert {"accept-language", "cookie"} <= vary(response)


@pytest.mark.parametrize("header", [None, "ja,zh;q=0.8", "en-GB,en;q=0.9,el;q=0.8", "*"])
def test_english_stays_for_english_unknown_or_no_language(client, header):
    headers = {"Accept-Language": header} if header is not None else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    # A shared cache must not serve this English page to the next visitor, who may be redirected.
    assert {"accept-language", "cookie"} <= vary(response)


@pytest.mark.parametrize("chosen", ["en", "el", "fr"])
def test_a_chosen_language_is_kept(client, chosen):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = chosen
    response = client.get("/", headers={"Accept-Language": "pl"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_a_page_reached_from_one_of_ours_is_not_a_first_visit(client):
    """Picking English in the chooser on /el/ leads to / with a Referer of ours: the visitor stays in English,
    even without the chooser's script (no cookie). A link from elsewhere is a first visit."""
    greek = {"Accept-Language": "el"}
    response = client.get("/pilot-actions/", headers={**greek, "Referer": "http://testserver/el/pilot-actions/"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "referer" in vary(response)
    elsewhere = client.get("/pilot-actions/", headers={**greek, "Referer": "https://news.example.org/testserver/"})
    assert elsewhere["Location"] == "/el/pilot-actions/"


def test_pages_in_a_language_are_left_as_they_are(client):
    response = client.get("/fr/", headers={"Accept-Language": "el"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "accept-language" not in vary(response)


@pytest.mark.parametrize(
    "path",
    [
        "/api/borders.geojson",
        "/feeds/updates/",
        "/downloads/pilot-actions.csv",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_what_is_not_a_page_is_not_redirected(client, programme, path):
    response = client.get(path, headers={"Accept-Language": "el"})
    assert "/el/" not in response.get("Location", "")


def test_a_form_is_not_redirected(client):
    response = client.post("/search/", headers={"Accept-Language": "el"})
    assert response.status_code != 302


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600


def test_cached_pages_are_kept_per_language(client, programme, page_cache_on):
    greek = client.get("/el/pilot-actions/")
    assert client.get("/el/pilot-actions/")["X-Page-Cache"] == "hit"
    polish = client.get("/pl/pilot-actions/")
    assert "X-Page-Cache" not in polish
    assert '<html lang="pl">' in polish.content.decode() and '<html lang="el">' in greek.content.decode()
    assert client.get("/pl/pilot-actions/")["Content-Language"] == "pl"


def test_a_cached_english_page_does_not_keep_a_first_visit_from_its_language(client, programme, page_cache_on):
    client.get("/pilot-actions/")
    cached = client.get("/pilot-actions/")
    assert cached["X-Page-Cache"] == "hit" and {"accept-language", "cookie"} <= vary(cached)
    redirected = client.get("/pilot-actions/", headers={"Accept-Language": "el"})
    assert redirected.status_code == 302 and redirected["Location"] == "/el/pilot-actions/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    kept = client.get("/pilot-actions/", headers={"Accept-Language": "el"})
    assert kept.status_code == 200 and kept["X-Page-Cache"] == "hit"


def test_the_chooser_script_is_loaded_and_knows_the_cookie(client):
    content = client.get("/").content.decode()
    assert f'data-cookie-name="{settings.LANGUAGE_COOKIE_NAME}"' in content
    assert "js/language-chooser" in content


@pytest.mark.parametrize("code", ["el", "bg", "pl"])
def test_alternates_name_every_language_and_x_default(client, code):
    content = client.get(home(code)).content.decode()
    for other in CODES:
        assert f'<link rel="alternate" hreflang="{other}" href="http://testserver{home(other)}">' in content
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/">' in content


def test_robots_keeps_crawlers_out_of_the_admin_in_every_language(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    for code in CODES:
        if code != settings.LANGUAGE_CODE:
            assert f"Disallow: /{code}/admin/" in lines, code


@pytest.mark.parametrize(("code", "locale"), [("en", "en_GB"), ("fr", "fr_FR"), ("el", "el_GR"), ("nb", "nb_NO")])
def test_open_graph_names_the_pages_locale(client, code, locale):
    prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
    assert f'<meta property="og:locale" content="{locale}">' in client.get(f"{prefix}/").content.decode()


def test_every_language_has_an_open_graph_locale():
    from core.languages import OPEN_GRAPH_LOCALES

    assert {code for code, _name in settings.LANGUAGES} <= OPEN_GRAPH_LOCALES.keys()
