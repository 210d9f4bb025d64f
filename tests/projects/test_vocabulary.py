"""Short labels in every interface language: thematic groups and themes through the catalogues
(``projects.vocabulary``, ``core.content_language.catalogue_name``), borders through their countries' names
(``Border.display_name``); each marked with ``lang`` where it is left in English."""

import json
import pickle
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_countries import countries

from borders.models import Border, Country, countries_named
from core.content_language import displayed_language
from core.languages import collation_key
from core.templatetags.content_language import lang_attr
from projects import vocabulary
from projects.models import ThematicGroup, Theme
from tests.factories import BorderFactory, CountryFactory, PilotActionFactory, ThematicGroupFactory, ThemeFactory

pytestmark = pytest.mark.django_db

PROGRAMME_DATA = Path(settings.BASE_DIR) / "projects" / "data" / "programme.json"
INTERFACE_ONLY = [code for code, _name in settings.LANGUAGES if code not in settings.CONTENT_LANGUAGES]


def opening_tag(html, text):
    match = re.search(r"(<(?:span|a|h\d)\b[^>]*>)" + re.escape(text) + "<", html)
    assert match, f"{text!r} is not on the page"
    return match.group(1)


def test_the_vocabulary_names_what_the_programme_data_names():
    data = json.loads(PROGRAMME_DATA.read_text())
    assert [str(name) for name in vocabulary.GROUP_NAMES] == [group["name"] for group in data["groups"]]
    assert [str(name) for name in vocabulary.THEME_NAMES] == [theme["name"] for theme in data["themes"]]


@pytest.mark.parametrize("code", INTERFACE_ONLY)
def test_every_interface_language_translates_the_vocabulary(code):
    for context, names in (
        (vocabulary.GROUP_CONTEXT, vocabulary.GROUP_NAMES),
        (vocabulary.THEME_CONTEXT, vocabulary.THEME_NAMES),
    ):
        for name in names:
            english = str(name)
            with translation.override(code):
                assert translation.pgettext(context, english) != english, f"{code}: {english}"


def test_a_greek_card_names_group_themes_and_border_in_greek_unmarked(client):
    group = ThematicGroupFactory(
        name_en="Cross-border crisis management", name_fr="Gestion transfrontalière des crises"
    )
    theme = ThemeFactory(name_en="Wildfires", name_fr="Feux de forêt")
    bulgaria, greece = CountryFactory(iso_code="BG", name="Bulgaria"), CountryFactory(iso_code="GR", name="Greece")
    border = BorderFactory(name_en="Bulgaria – Greece", name_fr="Bulgarie – Grèce", countries=[bulgaria, greece])
    pilot_action = PilotActionFactory(group=group)
    pilot_action.themes.add(theme)
    pilot_action.borders.add(border)

    html = client.get("/el/pilot-actions/").content.decode()
    with translation.override("el"):
        greek_group = translation.pgettext("thematic group", "Cross-border crisis management")
        greek_theme = translation.pgettext("theme", "Wildfires")
        greek_border = " – ".join(sorted([str(countries.name("BG")), str(countries.name("GR"))]))
    assert greek_border == "Βουλγαρία – Ελλάδα"
    for text in (greek_group, greek_theme, greek_border):
        assert "lang=" not in opening_tag(html, text)
    assert "Cross-border crisis management" not in html and "Bulgaria – Greece" not in html

    french = client.get("/fr/pilot-actions/").content.decode()  # a content language: its own columns
    assert "lang=" not in opening_tag(french, "Gestion transfrontalière des crises")
    assert "lang=" not in opening_tag(french, "Bulgarie – Grèce")

    with translation.override("el"):
        border_url = border.get_absolute_url()
    border_page = client.get(border_url).content.decode()
    assert f"<title>{greek_border}" in border_page


def test_names_staff_changed_stay_as_written_and_are_marked(client):
    group = ThematicGroupFactory(name_en="Civil protection pilots", name_fr="")
    theme = ThemeFactory(name_en="Heatwaves", name_fr="")
    border = BorderFactory(name_en="The Upper Rhine", name_fr="")
    pilot_action = PilotActionFactory(group=group)
    pilot_action.themes.add(theme)
    pilot_action.borders.add(border)

    html = client.get("/pl/pilot-actions/").content.decode()
    for text in ("Civil protection pilots", "Heatwaves", "The Upper Rhine"):
        assert 'lang="en"' in opening_tag(html, text)
    english = client.get("/pilot-actions/").content.decode()
    assert "lang=" not in opening_tag(english, "Civil protection pilots")


def test_display_names_never_query_and_say_their_language():
    group = ThematicGroupFactory(name_en="Cross-border spatial planning", name_fr="")
    theme = ThemeFactory(name_en="Floods", name_fr="Inondations")
    border = BorderFactory(name_en="Hungary – Slovakia", name_fr="Hongrie – Slovaquie")
    group, theme, border = (type(obj).objects.get(pk=obj.pk) for obj in (group, theme, border))
    with CaptureQueriesContext(connection) as queries:
        with translation.override("hu"):
            assert str(group) == "Határokon átnyúló területrendezés"
            assert displayed_language(group, "display_name") == "hu"
            assert lang_attr(theme, "display_name") == ""
            assert border.display_name == "Magyarország – Szlovákia"
            kept = pickle.loads(pickle.dumps(border.display_name))  # noqa: S301 (as caches keep it; our own bytes)
            assert (kept, kept.language) == ("Magyarország – Szlovákia", "hu")
        with translation.override("fr"):
            # its French column is empty: the catalogue's French, as in any interface language
            assert group.display_name == "Aménagement du territoire transfrontalier"
            assert lang_attr(group, "display_name") == ""
            renamed = ThematicGroup(name_en="Civil protection pilots", name_fr="")
            assert renamed.display_name == "Civil protection pilots"
            assert lang_attr(renamed, "display_name") == ' lang="en"'
            assert theme.display_name == "Inondations" and border.display_name == "Hongrie – Slovaquie"
    assert len(queries) == 0


def test_only_a_join_of_known_country_names_is_translated():
    assert countries_named("Bulgaria – Greece") == ("BG", "GR")
    assert countries_named("Czechia – Slovakia") == ("CZ", "SK")
    assert countries_named("Greece") is None
    assert countries_named("The Upper Rhine – Alsace") is None
    assert countries_named("") is None


def test_every_programme_border_has_a_name_in_every_language(programme):
    for border in Border.objects.all():
        assert countries_named(border.name_en), f"{border.name_en} is not a join of country names"
    for code in INTERFACE_ONLY:
        with translation.override(code):
            for border in Border.objects.all():
                assert displayed_language(border, "display_name") == code, (code, border.name_en)
            for model in (ThematicGroup, Theme):
                for obj in model.objects.all():
                    assert displayed_language(obj, "display_name") == code, (code, obj.name_en)


def test_a_reference_publication_s_title_is_marked_as_english(client):
    group = ThematicGroupFactory(
        name_en="Cross-border crisis management", reference_title="Mapping risks", reference_url="https://example.org/"
    )
    PilotActionFactory(group=group)
    with translation.override("lt"):
        address = group.get_absolute_url()
    assert '<cite lang="en">Mapping risks</cite>' in client.get(address).content.decode()
    with translation.override("en"):
        address = group.get_absolute_url()
    assert "<cite>Mapping risks</cite>" in client.get(address).content.decode()


@pytest.mark.parametrize("code", ["el", "de", "fr"])
def test_filter_choices_of_borders_and_countries_sort_by_the_names_shown(client, programme, code, settings):
    for shortcuts in (True, False):  # the cached choices and the ones built for each page
        settings.RENDERING_SHORTCUTS = shortcuts
        html = client.get(f"/{code}/pilot-actions/").content.decode()
        for name in ("border", "country"):
            select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
            labels = [
                re.sub(r" \(\d+\)$", "", label) for label in re.findall(r'<option value="[^"]+"[^>]*>([^<]*)<', select)
            ]
            assert len(labels) > 3
            assert labels == sorted(labels, key=collation_key), (code, name, shortcuts)


@pytest.mark.parametrize(
    ("code", "bulgaria_greece"),
    [("ga", "An Bhulgáir – An Ghréig"), ("mt", "Il-Bulgarija – Il-Greċja"), ("el", "Βουλγαρία – Ελλάδα")],
)
def test_countries_are_named_in_languages_django_countries_lacks(code, bulgaria_greece):
    """django-countries has no Irish or Maltese: the CLDR's names through Babel, not English marked as Irish."""
    border = Border(name_en="Bulgaria – Greece", name_fr="Bulgarie – Grèce")
    kosovo = Country(iso_code="XK", name="Kosovo")  # which django-countries does not list at all
    with translation.override(code):
        assert (border.display_name, border.display_name.language) == (bulgaria_greece, code)
        assert kosovo.display_name.language == code and kosovo.display_name != "Kosovo"
