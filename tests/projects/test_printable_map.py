import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from borders.models import Border
from core.pagecache import content_version
from projects import tasks
from projects.models import PilotAction, ThematicGroup
from projects.printable_map import render_map
from projects.tasks import current_map_edition, printable_map_path, regenerate_printable_map
from webinars.models import Webinar

pytestmark = pytest.mark.django_db


def pdf_text(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def normalised(text):
    return " ".join(text.split())


def test_pdf_names_every_selected_pilot_action_and_no_hidden_one(programme):
    content = render_map("pdf")
    assert content.startswith(b"%PDF")
    text = normalised(pdf_text(content))
    for pilot_action in PilotAction.objects.public():
        assert normalised(pilot_action.title) in text, pilot_action.title
    partial = PilotAction.objects.get(record_confidence="partial")
    assert "Lithuanian" not in text and partial.title not in text
    assert f"Generated on {timezone.localdate():%-d %B %Y}" in text
    assert "Cross-border crisis management" in text and "Bulgaria – Greece" in text


def test_png_is_an_a4_landscape_image(programme):
    image = Image.open(io.BytesIO(render_map("png")))
    assert image.format == "PNG"
    width, height = image.size
    assert width > 1600 and 1.3 < width / height < 1.5


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        render_map("svg")


def test_downloads_are_served_from_storage_with_conditional_get(client, programme):
    pdf = client.get("/downloads/map.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert default_storage.exists(printable_map_path("pdf", "en"))
    assert client.get("/downloads/map.pdf", headers={"if-modified-since": pdf["Last-Modified"]}).status_code == 304
    png = client.get("/downloads/map.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"


def test_command_regenerates_by_hand(programme):
    call_command("render_printable_map", stdout=io.StringIO())
    for language in ("en", "fr"):
        with default_storage.open(printable_map_path("pdf", language)) as stored:
            assert "Riviera Node Mobilities" in pdf_text(stored.read())


def test_task_is_idempotent(programme):
    regenerate_printable_map.delay()
    regenerate_printable_map.delay()
    _, files = default_storage.listdir("downloads")
    edition = current_map_edition()
    assert edition == content_version()
    assert sorted(files) == [f"map-{edition}-{name}" for name in ("en.pdf", "en.png", "fr.pdf", "fr.png")] + [
        "map-edition.txt"
    ]


FRENCH_TITLE = "Resilient Borders – actions pilotes sélectionnées"


def test_the_french_map_is_in_french(programme):
    """Title, group and border names, captions and date in French, from the same data."""
    english, french = render_map("pdf", "en"), render_map("pdf", "fr")
    text = normalised(pdf_text(french))
    assert FRENCH_TITLE in text and "selected pilot actions" not in text
    assert "Resilient Borders – selected pilot actions" in normalised(pdf_text(english))
    with translation.override("fr"):
        generated = date_format(timezone.localdate(), "DATE_FORMAT")
        groups = [group.name for group in ThematicGroup.objects.all()]
        borders = {
            border.name for pilot_action in PilotAction.objects.public() for border in pilot_action.borders.all()
        }
    assert f"Généré le {generated}" in text
    assert "Generated on" not in text and "Country shapes" not in text
    for name in [*groups, *borders]:
        assert normalised(name) in text, name
    assert render_map("png", "fr") != render_map("png", "en")


def test_each_language_downloads_its_own_map(client, programme):
    english = b"".join(client.get("/downloads/map.pdf").streaming_content)
    response = client.get("/fr/downloads/map.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    french = b"".join(response.streaming_content)
    assert FRENCH_TITLE in normalised(pdf_text(french))
    assert FRENCH_TITLE not in normalised(pdf_text(english))
    assert default_storage.exists(printable_map_path("pdf", "fr"))
    png = client.get("/fr/downloads/map.png")
    assert png.status_code == 200
    assert default_storage.exists(printable_map_path("png", "fr"))
    assert b"".join(png.streaming_content) != b"".join(client.get("/downloads/map.png").streaming_content)


@pytest.mark.parametrize("change", ["pilot_action", "border", "group", "border_link"])
def test_changes_regenerate_the_map_once_per_transaction(
    programme, settings, django_capture_on_commit_callbacks, change
):
    settings.PRINTABLE_MAP_AUTO_REGENERATE = True
    with mock.patch("projects.tasks.regenerate_printable_map.delay") as delay:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            if change == "pilot_action":
                for pilot_action in PilotAction.objects.all():
                    pilot_action.save()
            elif change == "border":
                Border.objects.get(slug="france-italy").save()
            elif change == "group":
                ThematicGroup.objects.get(slug="spatial-planning").save()
            else:
                PilotAction.objects.get(code="CM1").borders.add(Border.objects.get(slug="austria-hungary"))
        assert delay.call_count == 1


def test_nothing_is_regenerated_when_turned_off(programme, django_capture_on_commit_callbacks):
    with (
        mock.patch("projects.tasks.regenerate_printable_map.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        PilotAction.objects.get(code="CM1").save()
    assert delay.call_count == 0


def test_loading_the_programme_regenerates_the_map_once(db, settings, django_capture_on_commit_callbacks):
    settings.PRINTABLE_MAP_AUTO_REGENERATE = True
    with (
        mock.patch("projects.tasks.regenerate_printable_map.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("load_programme", verbosity=0)
    assert delay.call_count == 1


def test_a_pilot_action_without_a_place_is_a_hollow_ring_on_its_border_explained_in_the_legend(programme):
    from matplotlib.axes import Axes

    from projects.geojson import BORDER_PLACEMENT_LABEL

    on_border = list(PilotAction.objects.public().unlocated())
    assert on_border
    with mock.patch.object(Axes, "scatter", autospec=True, side_effect=Axes.scatter) as scatter:
        text = normalised(pdf_text(render_map("pdf")))
    assert str(BORDER_PLACEMENT_LABEL) in text
    hollow = [call for call in scatter.call_args_list if call.kwargs.get("facecolors") == "none"]
    for pilot_action in on_border:
        border = pilot_action.borders.get()
        assert any(call.args[1:3] == ([border.label_longitude], [border.label_latitude]) for call in hollow)
    filled = [call for call in scatter.call_args_list if call.kwargs.get("facecolors") != "none"]
    located = PilotAction.objects.public().located()
    assert all(any(call.args[1:3] == ([float(p.longitude)], [float(p.latitude)]) for call in filled) for p in located)


def drawn_languages(render_maps):
    return [call.args[0] for call in render_maps.call_args_list]


def test_a_change_draws_the_content_languages_and_the_others_on_their_first_request(
    client, programme, settings, django_capture_on_commit_callbacks
):
    """25 languages: a change draws the map in English and French (where Celery is eager, in the request that
    saved), each other language when it is first asked for, once per edition."""
    settings.PRINTABLE_MAP_AUTO_REGENERATE = True
    with (
        mock.patch("projects.tasks.render_maps", side_effect=tasks.render_maps) as render_maps,
        django_capture_on_commit_callbacks(execute=True),
    ):
        PilotAction.objects.get(code="CM1").save()
    assert sorted(drawn_languages(render_maps)) == sorted(settings.CONTENT_LANGUAGES)
    edition = current_map_edition()
    assert not default_storage.exists(printable_map_path("pdf", "de", edition))

    with mock.patch("projects.tasks.render_maps", side_effect=tasks.render_maps) as render_maps:
        response = client.get("/de/downloads/map.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        german = normalised(pdf_text(b"".join(response.streaming_content)))
        assert b"".join(client.get("/de/downloads/map.pdf").streaming_content).startswith(b"%PDF")
        assert client.get("/downloads/map.pdf").status_code == 200
    assert drawn_languages(render_maps) == ["de"]  # once, in the format asked for; English was drawn by the change
    assert render_maps.call_args.args[1] == ["pdf"]
    assert default_storage.exists(printable_map_path("pdf", "de", edition))
    with translation.override("de"):
        assert gettext("Resilient Borders – selected pilot actions") in german
        assert date_format(timezone.localdate(), "DATE_FORMAT") in german
    for pilot_action in PilotAction.objects.public():  # content in English where it has no German
        assert normalised(pilot_action.title) in german


def test_a_new_edition_retires_every_language_and_a_change_the_map_does_not_show_keeps_it(
    client, programme, settings, django_capture_on_commit_callbacks
):
    settings.PRINTABLE_MAP_AUTO_REGENERATE = True
    client.get("/fr/downloads/map.png")
    client.get("/el/downloads/map.pdf")
    first = current_map_edition()
    assert default_storage.exists(printable_map_path("pdf", "el", first))

    with django_capture_on_commit_callbacks(execute=True):
        Webinar.objects.first().save()  # public, but not on the map: the same edition
    assert current_map_edition() == first
    with mock.patch("projects.tasks.render_maps") as render_maps:
        assert client.get("/el/downloads/map.pdf").status_code == 200
    render_maps.assert_not_called()

    pilot_action = PilotAction.objects.public().get(code="CM1")
    pilot_action.title = "Renamed for the new edition"
    with django_capture_on_commit_callbacks(execute=True):
        pilot_action.save()
    second = current_map_edition()
    assert second != first
    _, files = default_storage.listdir("downloads")
    assert not [name for name in files if name.startswith(f"map-{first}-")]  # the old edition's files are gone
    greek = normalised(pdf_text(b"".join(client.get("/el/downloads/map.pdf").streaming_content)))
    assert "Renamed for the new edition" in greek
    with translation.override("el"):
        assert date_format(timezone.localdate(), "DATE_FORMAT") in greek  # Greek letters, extractable from the PDF


def test_every_language_of_the_interface_answers_its_map(client, programme, settings):
    """The first request in each language draws its map (the PNG, the cheaper to check); none is an error."""
    for language, _name in settings.LANGUAGES:
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        response = client.get(f"{prefix}/downloads/map.png")
        assert response.status_code == 200, language
        assert response["Content-Language"] == language
        assert f"resilient-borders-map-{language}.png" in response["Content-Disposition"]
        assert default_storage.exists(printable_map_path("png", language))


def test_the_command_draws_every_language_when_asked(programme, settings):
    with mock.patch(
        "projects.tasks.render_maps", side_effect=lambda language, formats=None: {"pdf": b"%PDF", "png": b"png"}
    ):
        call_command("render_printable_map", "--all-languages", stdout=io.StringIO())
    for language, _name in settings.LANGUAGES:
        assert default_storage.exists(printable_map_path("pdf", language)), language
