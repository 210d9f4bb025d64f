import pytest
from django.core.exceptions import ValidationError

from projects.models import PilotAction
from results.models import Language, Obstacle, Output, OutputKind
from tests.factories import OutputFactory, PilotActionFactory, ResultsFactory, obstacle_met, pdf_upload

pytestmark = pytest.mark.django_db


def test_kinds_obstacles_and_languages_are_seeded_as_data():
    assert OutputKind.objects.filter(slug="joint-plan").exists()
    assert Obstacle.objects.filter(slug="continuity").exists()
    assert Language.objects.get(code="sv").local_name == "svenska"


def test_published_outputs_are_those_of_public_pilot_actions_only():
    shown = OutputFactory()
    OutputFactory(status=Output.Status.DRAFT)
    OutputFactory(pilot_action=PilotActionFactory(record_confidence=PilotAction.Confidence.PROBABLE))
    assert list(Output.objects.published()) == [shown]


def test_an_output_needs_a_file_or_a_link():
    output = OutputFactory.build(link="", pilot_action=PilotActionFactory())
    with pytest.raises(ValidationError):
        output.clean()


def test_an_ftp_link_is_refused():
    output = OutputFactory.build(link="ftp://example.org/plan.pdf", pilot_action=PilotActionFactory())
    with pytest.raises(ValidationError) as refused:
        output.full_clean()
    assert "link" in refused.value.message_dict


def test_reuse_and_achievements_are_rendered_once_and_sanitised():
    output = OutputFactory(reuse="**Template**<script>alert(1)</script>")
    assert "<strong>Template</strong>" in output.reuse_html and "<script" not in output.reuse_html
    results = ResultsFactory(achievements="A *plan*")
    obstacle_met(results, "funding", "Co-financing rules differ.")
    assert "<em>plan</em>" in results.achievements_html
    assert list(results.obstacles.values_list("slug", flat=True)) == ["funding"]


def test_a_published_outputs_file_is_public_and_a_drafts_is_not(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    published = OutputFactory(file=pdf_upload("plan.pdf"))
    draft = OutputFactory(file=pdf_upload("draft.pdf"), status=Output.Status.DRAFT)
    answer = client.get(f"/attachments/{published.file.name}")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert client.get(f"/attachments/{draft.file.name}").status_code == 404


def test_every_seeded_language_has_a_name_in_both_languages():
    from django.utils import translation

    for language in Language.objects.all():
        assert language.name != language.code and language.local_name != language.code
    with translation.override("fr"):
        assert Language.objects.get(code="mt").name == "Maltais"  # capitalised as Django names the others ("Allemand")


def test_the_admin_form_names_the_rule_for_links():
    from django.forms import modelform_factory

    form = modelform_factory(Output, fields=["link"])({"link": "ftp://example.org/plan.pdf"})
    assert form.errors["link"] == ["Give a web address that starts with http:// or https://."]
