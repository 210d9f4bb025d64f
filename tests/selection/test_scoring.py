"""Weighted scores, blind visibility, conflicts and the per-application figures staff rank by."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from projects.models import PilotAction
from selection.models import Application, ConflictOfInterest, Evaluation, Score
from tests.factories import CallFactory, CriterionFactory, PilotActionFactory, juror

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_setup():
    alice, bob = juror("alice"), juror("bob")
    call = CallFactory(jurors=[alice, bob])
    relevance = CriterionFactory(call=call, name="Relevance", weight=2, max_score=10)
    feasibility = CriterionFactory(call=call, name="Feasibility", weight=1, max_score=5)
    application = PilotActionFactory(call=call, status=PilotAction.Status.SUBMITTED)
    return {"alice": alice, "bob": bob, "call": call, "criteria": (relevance, feasibility), "application": application}


def evaluate(application, user, values, submit=True):
    evaluation = Evaluation.objects.create(application=application, juror=user)
    for criterion, value in zip(application.call.criteria.all(), values, strict=False):
        Score.objects.create(evaluation=evaluation, criterion=criterion, value=value)
    if submit:
        evaluation.submit()
    return evaluation


def test_weighted_total_is_a_percentage(call_setup):
    evaluation = evaluate(call_setup["application"], call_setup["alice"], [8, 5])
    # (8/10 × 2 + 5/5 × 1) / 3 = 0.8667
    assert evaluation.total == Decimal("86.67")
    assert evaluation.is_submitted


def test_cannot_submit_before_every_criterion_is_scored(call_setup):
    evaluation = evaluate(call_setup["application"], call_setup["alice"], [8], submit=False)
    with pytest.raises(ValidationError, match="Score every criterion"):
        evaluation.submit()
    evaluation.refresh_from_db()
    assert not evaluation.is_submitted and evaluation.total is None


def test_score_cannot_exceed_the_maximum_or_come_from_another_call(call_setup):
    evaluation = Evaluation.objects.create(application=call_setup["application"], juror=call_setup["alice"])
    feasibility = call_setup["criteria"][1]
    with pytest.raises(ValidationError, match="At most 5"):
        Score(evaluation=evaluation, criterion=feasibility, value=6).full_clean()
    foreign = CriterionFactory()
    with pytest.raises(ValidationError, match="another call"):
        Score(evaluation=evaluation, criterion=foreign, value=1).full_clean()


def test_blind_until_own_evaluation_is_submitted(call_setup):
    alice, bob, application = call_setup["alice"], call_setup["bob"], call_setup["application"]
    bobs = evaluate(application, bob, [4, 2])
    alices = evaluate(application, alice, [9, 5], submit=False)
    assert list(Evaluation.objects.visible_to(alice)) == [alices]

    alices.submit()
    assert set(Evaluation.objects.visible_to(alice)) == {alices, bobs}

    # Bob's later draft on another application stays hidden from Alice.
    other = PilotActionFactory(call=call_setup["call"], status=PilotAction.Status.SUBMITTED)
    bobs_draft = evaluate(other, bob, [1, 1], submit=False)
    assert bobs_draft not in Evaluation.objects.visible_to(alice)


def test_conflict_of_interest_forbids_scoring(call_setup):
    alice, application = call_setup["alice"], call_setup["application"]
    ConflictOfInterest.objects.create(juror=alice, application=application, reason="My employer is a partner.")
    with pytest.raises(ValidationError, match="conflict of interest"):
        Evaluation(application=application, juror=alice).full_clean()


def test_conflict_after_scoring_started_is_refused(call_setup):
    alice, application = call_setup["alice"], call_setup["application"]
    evaluate(application, alice, [1], submit=False)
    with pytest.raises(ValidationError, match="already started"):
        ConflictOfInterest(juror=alice, application=application, reason="Late").full_clean()


def test_juror_of_another_call_cannot_evaluate(call_setup):
    outsider = juror("carol")
    with pytest.raises(ValidationError, match="not in a call you are a juror of"):
        Evaluation(application=call_setup["application"], juror=outsider).full_clean()


def test_average_count_and_spread(call_setup):
    application = call_setup["application"]
    evaluate(application, call_setup["alice"], [10, 5])  # 100
    evaluate(application, call_setup["bob"], [5, 0])  # 33.33
    carol = juror("carol")
    call_setup["call"].jurors.add(carol)
    evaluate(application, carol, [10, 5], submit=False)  # a draft counts for nothing
    scored = Application.objects.with_scores().get(pk=application.pk)
    assert scored.evaluation_count == 2
    assert scored.average_score == pytest.approx(Decimal("66.665"), abs=Decimal("0.01"))
    assert scored.score_spread == pytest.approx(Decimal("66.67"), abs=Decimal("0.01"))
