from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from projects.models import Partnership, PilotAction, ProgressReport
from tests.factories import OrganisationFactory, PartnershipFactory, PilotActionFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        (Decimal("90.5"), Decimal("10"), "latitude"),
        (Decimal("45"), Decimal("-180.1"), "longitude"),
        (Decimal("45"), None, "longitude"),
    ],
)
def test_location_must_be_a_real_place(latitude, longitude, field):
    pilot_action = PilotActionFactory.build(latitude=latitude, longitude=longitude)
    with pytest.raises(ValidationError) as error:
        pilot_action.full_clean(exclude=["group", "slug"])
    assert field in error.value.message_dict


def test_end_date_before_start_is_refused():
    pilot_action = PilotActionFactory.build(start_date="2025-09-30", end_date="2025-02-01")
    with pytest.raises(ValidationError) as error:
        pilot_action.clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("submitted", "shortlisted", True),
        ("shortlisted", "selected", True),
        ("shortlisted", "rejected", True),
        ("selected", "withdrawn", True),
        ("submitted", "selected", False),
        ("rejected", "selected", False),
        ("withdrawn", "selected", False),
    ],
)
def test_status_lifecycle(start, target, allowed):
    pilot_action = PilotActionFactory(status=start)
    pilot_action.status = target
    if allowed:
        pilot_action.clean()
    else:
        with pytest.raises(ValidationError) as error:
            pilot_action.clean()
        assert "status" in error.value.message_dict


def test_only_selected_and_confirmed_are_public():
    visible = PilotActionFactory(status=PilotAction.Status.SELECTED)
    for status in ("submitted", "shortlisted", "rejected", "withdrawn"):
        PilotActionFactory(status=status)
    PilotActionFactory(status=PilotAction.Status.SELECTED, record_confidence=PilotAction.Confidence.PARTIAL)
    assert list(PilotAction.objects.public()) == [visible]
    assert visible.is_public


def test_one_lead_per_pilot_action():
    lead = PartnershipFactory(role=Partnership.Role.LEAD)
    with pytest.raises(IntegrityError):
        PartnershipFactory(pilot_action=lead.pilot_action, organisation=OrganisationFactory(), role="lead")


def test_report_markdown_is_rendered_once_and_sanitised():
    report = ProgressReportFactory(
        body='**Done** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'
    )
    assert "<strong>Done</strong>" in report.body_html
    for payload in ("<script", "javascript:", "onerror", "<img"):
        assert payload not in report.body_html
    assert report.published_at is not None


def test_drafts_and_reports_of_hidden_pilot_actions_are_not_published():
    published = ProgressReportFactory()
    ProgressReportFactory(status=ProgressReport.Status.DRAFT)
    ProgressReportFactory(pilot_action=PilotActionFactory(status="rejected"))
    assert list(ProgressReport.objects.published()) == [published]
    assert ProgressReportFactory(status="draft").published_at is None


def test_str_reads_well():
    pilot_action = PilotActionFactory(code="CM1", acronym="DRAVA", title="Drava")
    assert str(pilot_action) == "CM1 DRAVA"
    assert str(PilotActionFactory(title="Riviera Node")) == "Riviera Node"
