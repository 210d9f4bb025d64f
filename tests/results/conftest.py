"""Fixtures of the outputs library's tests (their helpers are in ``tests.results.library``)."""

import datetime

import pytest
from django.db import connection

from projects.models import PilotAction
from results.models import Output, OutputKind
from tests.factories import (
    BorderFactory,
    CountryFactory,
    OutputFactory,
    PilotActionFactory,
    ThematicGroupFactory,
    ThemeFactory,
    pdf_upload,
)
from tests.results.library import bulk_outputs


@pytest.fixture
def library(db):
    """Three published outputs of two public pilot actions, over two groups, kinds, themes, borders, countries and
    languages; a draft, and the outputs of a probable record and of a rejected application, none of them public."""
    crisis = ThematicGroupFactory(slug="crisis-management", name="Cross-border crisis management")
    planning = ThematicGroupFactory(slug="spatial-planning", name="Cross-border spatial planning")
    floods, housing = ThemeFactory(slug="floods", name="Floods"), ThemeFactory(slug="housing", name="Housing")
    france, germany, italy = (
        CountryFactory(iso_code="FR", name="France"),
        CountryFactory(iso_code="DE", name="Germany"),
        CountryFactory(iso_code="IT", name="Italy"),
    )
    rhine = BorderFactory(name="France – Germany", slug="france-germany", countries=[france, germany])
    alps = BorderFactory(name="France – Italy", slug="france-italy", countries=[france, italy])
    rhine_action = PilotActionFactory(
        title="Flood warning on the Upper Rhine", acronym="RHINEWARN", code="CM1", group=crisis,
        borders=[rhine], countries=[france, germany],
    )  # fmt: skip
    alps_action = PilotActionFactory(
        title="Housing across the Alps", code="SP1", group=planning, borders=[alps], countries=[france, italy]
    )
    probable = PilotActionFactory(
        title="A probable record", group=crisis, borders=[rhine], countries=[france, germany],
        record_confidence=PilotAction.Confidence.PROBABLE,
    )  # fmt: skip
    rejected = PilotActionFactory(
        title="A rejected application", group=crisis, borders=[rhine], countries=[france, germany],
        status=PilotAction.Status.REJECTED,
    )  # fmt: skip
    kinds = {kind.slug: kind for kind in OutputKind.objects.all()}
    outputs = {
        "plan": OutputFactory(
            pilot_action=rhine_action, kind=kinds["joint-plan"], title="Joint flood plan for the Upper Rhine",
            summary="Who warns whom when the river rises.", reuse="The **alert chain** works on any river.",
            date=datetime.date(2025, 6, 1), languages=["de", "fr"], themes=[floods], file=pdf_upload("plan.pdf"),
            link="", licence="cc-by-4.0",
        ),
        "exercise": OutputFactory(
            pilot_action=rhine_action, kind=kinds["exercise-training"], title="Evacuation exercise at Kehl",
            date=datetime.date(2025, 9, 1), languages=["de"], themes=[floods],
        ),
        "study": OutputFactory(
            pilot_action=alps_action, kind=kinds["study"], title="Cross-border housing study",
            summary="Rents and commuters on both sides.", date=datetime.date(2025, 3, 1), languages=["it", "en"],
            themes=[housing],
        ),
    }  # fmt: skip
    hidden = {
        "draft": OutputFactory(
            pilot_action=rhine_action, kind=kinds["joint-plan"], title="Unfinished draft plan",
            status=Output.Status.DRAFT, languages=["de"], themes=[floods],
        ),
        "probable": OutputFactory(
            pilot_action=probable, kind=kinds["joint-plan"], title="Output of a probable record", languages=["de"],
            themes=[floods],
        ),
        "rejected": OutputFactory(
            pilot_action=rejected, kind=kinds["study"], title="Output of a rejected application", languages=["fr"],
            themes=[housing],
        ),
    }  # fmt: skip
    return {"outputs": outputs, "hidden": hidden, "pilot_actions": [rhine_action, alps_action]}


@pytest.fixture
def many_outputs(many_pilot_actions):
    """The public pilot actions of ``many_pilot_actions``, each with two published outputs and a draft."""
    outputs = bulk_outputs(many_pilot_actions)
    if connection.vendor == "postgresql":
        # Tables filled a moment ago have no statistics yet: the planner would take 1,500 outputs for one row and
        # nest loops over them (a second for a search that takes a millisecond). In production autovacuum
        # analyses a table soon after so many rows arrive; here it is done at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return outputs
