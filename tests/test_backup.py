"""`backup` and `restore`: the whole programme, data and uploaded files, into an empty database, nothing lost."""

import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from notifications.models import Subscription
from projects.models import PilotAction, ProgressReport, ReportDocument, ReportPhoto
from resilient_borders.management.commands.backup import counted_models
from search.models import SearchEntry
from selection.models import Decision, Evaluation
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ProgressReportFactory,
    SubscriptionFactory,
    UserFactory,
    juror,
    pdf_upload,
    photo_upload,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def whole_programme():
    call_command("load_programme", verbosity=0)
    pilot_action = PilotAction.objects.public().first()
    coordinator = UserFactory(username="ana@example.org", first_name="Ana")
    pilot_action.coordinators.add(coordinator)
    report = ProgressReportFactory(pilot_action=pilot_action, author=coordinator, title="Drill done")
    ReportPhoto.objects.create(report=report, image=photo_upload(), caption="The drill", alt_text="People")
    ReportDocument.objects.create(report=report, file=pdf_upload(), title="Minutes")
    SubscriptionFactory(pilot_action=pilot_action, email="reader@example.org")
    alice = juror("alice")
    call = CallFactory(jurors=[alice])
    criterion = CriterionFactory(call=call)
    application = PilotAction.objects.create(title="An application", slug="an-application", call=call, group=call.group)
    evaluation = Evaluation.objects.create(application=application, juror=alice)
    evaluation.scores.create(criterion=criterion, value=7)
    evaluation.submit()
    Decision.objects.create(
        application=application,
        outcome="rejected",
        previous_status="submitted",
        rationale="Out of scope.",
        decided_by=alice,
    )
    return report


def private_names(photo, document):
    return [photo.image.name, photo.thumbnail.name, photo.web_image.name, document.file.name]


def test_backup_then_restore_into_an_empty_database_loses_nothing(whole_programme, tmp_path):
    before = counted_models()
    assert before["projects.PilotAction"] > 9 and before["projects.HistoricalPilotAction"] > 0
    photo, document = ReportPhoto.objects.get(), ReportDocument.objects.get()
    # Report attachments live in the private storage, outside public media: the backup carries both.
    private_files = {
        name: Path(settings.PRIVATE_MEDIA_ROOT, name).read_bytes() for name in private_names(photo, document)
    }
    assert photo.thumbnail.name, "the thumbnail task ran"
    (Path(settings.MEDIA_ROOT) / "downloads").mkdir(parents=True, exist_ok=True)
    Path(settings.MEDIA_ROOT, "downloads", "map.pdf").write_bytes(b"%PDF-1.4 the printable map")
    archive = tmp_path / "backups" / "portal.tar.gz"

    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "data.json"} <= set(tar.getnames())

    # An empty database (as after `migrate` on a new server) and no uploaded files.
    call_command("flush", interactive=False, verbosity=0)
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        shutil.rmtree(root)
    assert not PilotAction.objects.exists()

    call_command("restore", str(archive), verbosity=0)
    assert counted_models() == before
    assert private_names(ReportPhoto.objects.get(), ReportDocument.objects.get()) == list(private_files)
    for name, content in private_files.items():
        assert Path(settings.PRIVATE_MEDIA_ROOT, name).read_bytes() == content, name
    assert Path(settings.MEDIA_ROOT, "downloads", "map.pdf").read_bytes() == b"%PDF-1.4 the printable map"
    assert ProgressReport.objects.get().body_html == whole_programme.body_html
    assert Subscription.objects.get().is_confirmed
    assert Evaluation.objects.get().total is not None and Decision.objects.get().rationale == "Out of scope."
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="ana@example.org", password="a-long-test-password") is not None
    assert get_user_model().objects.get(username="alice").groups.filter(name="Jury").exists()
    # The search index is derived, not carried: rebuilt from what was restored.
    public = PilotAction.objects.public().first()
    assert SearchEntry.objects.filter(url=public.get_absolute_url()).exists()


def test_restore_refuses_a_database_with_data(whole_programme, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive), verbosity=0)


def test_restore_refuses_what_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    stranger = tmp_path / "stranger.tar.gz"
    (tmp_path / "notes.txt").write_text("hello")
    with tarfile.open(stranger, "w:gz") as tar:
        tar.add(tmp_path / "notes.txt", arcname="notes.txt")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(stranger))
