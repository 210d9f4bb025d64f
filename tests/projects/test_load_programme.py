import pytest
from django.apps import apps
from django.core.management import call_command
from shapely.geometry import shape

from borders.models import Border, Country
from projects.loading import load_pilot_action, parse_organisation_entry, parse_source_entry, record_confidence
from projects.models import Organisation, Partnership, PilotAction, ThematicGroup, Theme
from tests.research import CONFIRMED_TITLES, HIDDEN, RESEARCH
from webinars.models import Webinar

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for app_label in ("borders", "projects", "webinars")
        for model in apps.get_app_config(app_label).get_models()
    }


def test_loading_twice_changes_nothing(programme):
    before = row_counts()
    call_command("load_programme", verbosity=0)
    assert row_counts() == before
    assert before["projects.PilotAction"] == len(RESEARCH)


def test_reloading_keeps_what_staff_changed(programme):
    drava = PilotAction.objects.get(code="CM1")
    drava.summary = "Rewritten by programme staff."
    drava.save()
    group = ThematicGroup.objects.get(slug="spatial-planning")
    group.description = "Edited."
    group.save()
    call_command("load_programme", verbosity=0)
    assert PilotAction.objects.get(code="CM1").summary == "Rewritten by programme staff."
    assert ThematicGroup.objects.get(slug="spatial-planning").description == "Edited."


def test_two_groups_with_their_coordinators_and_references(programme):
    groups = {group.slug: group for group in ThematicGroup.objects.select_related("coordinating_organisation")}
    assert set(groups) == {"crisis-management", "spatial-planning"}
    assert groups["crisis-management"].coordinating_organisation.acronym == "AEBR"
    assert groups["spatial-planning"].coordinating_organisation.acronym == "MOT"
    assert "mapping risks" in groups["crisis-management"].reference_title
    assert groups["spatial-planning"].reference_title == "Cross-border Governance Framework and Tool"
    assert {group.reference_year for group in groups.values()} == {2024}


def test_themes_cover_the_research(programme):
    used = {slug for record in RESEARCH for slug in record["themes"]}
    assert used <= set(Theme.objects.values_list("slug", flat=True))
    assert {"floods", "drought", "wildfires", "health-crisis", "transport", "housing"} <= used | set(
        Theme.objects.values_list("slug", flat=True)
    )


def test_only_confirmed_pilot_actions_are_public(programme):
    public = PilotAction.objects.public()
    assert set(public.values_list("title", flat=True)) == CONFIRMED_TITLES
    assert public.count() == len(CONFIRMED_TITLES)
    for record in HIDDEN:
        hidden = PilotAction.objects.get(title=record["title"])
        assert not hidden.is_public
        # Staff see why it is hidden, in the research's own words.
        assert record["confidence"] in hidden.internal_notes and record["notes"] in hidden.internal_notes
    partial = PilotAction.objects.get(record_confidence=PilotAction.Confidence.PARTIAL)
    assert partial.borders.get().slug == "lithuania-poland"
    assert partial.group is None
    assert not partial.partnerships.filter(role=Partnership.Role.LEAD).exists()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("confirmed", PilotAction.Confidence.CONFIRMED),
        ("confirmed (title, lead, partner); content inferred", PilotAction.Confidence.CONFIRMED),
        ("probable - the link to the programme is an inference", PilotAction.Confidence.PROBABLE),
        ("partial – only existence, place and date", PilotAction.Confidence.PARTIAL),
        ("unsure", PilotAction.Confidence.PARTIAL),  # what the loader cannot read stays hidden
    ],
)
def test_record_confidence_reads_the_first_word(text, expected):
    assert record_confidence(text) == expected


def test_a_probable_record_without_code_or_place_loads_hidden(programme):
    probable = PilotAction.objects.get(record_confidence=PilotAction.Confidence.PROBABLE)
    assert probable.code == "" and probable.latitude is None and probable.slug
    assert probable.title in {record["title"] for record in HIDDEN}
    assert probable not in PilotAction.objects.public()


def test_two_records_without_code_get_their_own_slugs(db):
    call_command("load_programme", verbosity=0)
    record = next(record for record in RESEARCH if not record["code"])
    twin = {**record, "title": record["title"] + " (second)"}
    assert load_pilot_action(twin)
    slugs = list(PilotAction.objects.filter(code="").values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_no_partner_is_invented(programme):
    for record in RESEARCH:
        pilot_action = PilotAction.objects.get(title=record["title"])
        expected = len(record["partners"]) + (1 if record["lead_organisation"] else 0)
        assert pilot_action.partnerships.count() == expected
        assert pilot_action.sources.count() == 1 + len(record["additional_sources"])
        assert pilot_action.start_date is None and pilot_action.eu_contribution is None


def test_every_country_referenced_by_a_border_has_a_shape(programme):
    for border in Border.objects.prefetch_related("countries"):
        countries = list(border.countries.all())
        assert len(countries) == 2, border
        assert all(country.shape and country.is_eligible for country in countries), border
    for record in RESEARCH:
        assert Border.objects.between(record["border"].split("-")).count() == 1
        assert Country.objects.filter(iso_code__in=record["countries"]).count() == len(record["countries"])


def test_each_border_line_lies_on_the_shared_edge_of_its_countries(programme):
    assert Border.objects.count() >= 13
    for border in Border.objects.prefetch_related("countries"):
        line = shape(border.line)
        assert line.length > 0.1, border
        for country in border.countries.all():
            outline = shape(country.shape).boundary
            assert outline.buffer(1e-4).contains(line), f"{border} leaves the outline of {country}"
        assert (
            shape({"type": "Point", "coordinates": [border.label_longitude, border.label_latitude]}).distance(line)
            < 1e-3
        )


def test_launch_webinar_is_loaded_without_invented_details(programme):
    launch = Webinar.objects.get(date="2025-01-27")
    assert launch.start_time is None and launch.recording_url == ""
    assert set(launch.organisers.values_list("acronym", flat=True)) == {"AEBR", "MOT"}
    assert set(launch.attending_organisations.values_list("acronym", flat=True)) == {"DG REGIO", "OECD", "Technopolis"}
    assert not launch.agenda_items.exists()


def test_organisations_are_not_duplicated(programme):
    names = list(Organisation.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("Virovitica-Podravina County (HR)", ("Virovitica-Podravina County", "HR", "")),
        ("City of Frankfurt (Oder) (DE)", ("City of Frankfurt (Oder)", "DE", "")),
        (
            "NÖ.Regional / baum_cityregion (AT, organisational support)",
            ("NÖ.Regional / baum_cityregion", "AT", "organisational support"),
        ),
        ("Pannon EGTC (professional support, per bama.hu)", ("Pannon EGTC", None, "professional support, per bama.hu")),
        (
            "Kalvarija District Municipality (LT) – attended the final conference",
            ("Kalvarija District Municipality", "LT", "attended the final conference"),
        ),
        (
            "EGTC GO (European Grouping of Territorial Cooperation of Gorizia)",
            ("EGTC GO (European Grouping of Territorial Cooperation of Gorizia)", None, ""),
        ),
        (
            "Communauté d'agglomération de la Riviera française – CARF (FR)",
            ("Communauté d'agglomération de la Riviera française – CARF", "FR", ""),
        ),
        (
            "Border region ARKO (Swedish-Norwegian cooperation of 10 municipalities; the applicant is not stated)",
            (
                "Border region ARKO",
                None,
                "Swedish-Norwegian cooperation of 10 municipalities; the applicant is not stated",
            ),
        ),
        (
            "Local action groups of the border municipalities",
            ("Local action groups of the border municipalities", None, ""),
        ),
    ],
)
def test_parse_organisation_entry(entry, expected):
    assert parse_organisation_entry(entry) == expected


def test_parse_source_entry():
    assert parse_source_entry("https://example.org/a (AEBR news, 3 Feb 2025)") == (
        "https://example.org/a",
        "AEBR news, 3 Feb 2025",
    )
    assert parse_source_entry("https://example.org/b") == ("https://example.org/b", "")


def test_groups_themes_and_borders_have_french_names(programme):
    from django.utils.translation import override

    with override("fr"):
        assert ThematicGroup.objects.get(slug="crisis-management").name == "Gestion transfrontalière des crises"
        assert Theme.objects.get(slug="floods").name == "Inondations"
        assert Border.objects.get(slug="france-germany").name == "Allemagne – France"
        assert PilotAction.objects.get(code="CM1").summary.startswith("Hungarian and Croatian")
