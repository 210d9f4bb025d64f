"""One content version behind every public cache: every kind of public change moves it on, bulk updates
included, once per committed transaction; nothing else moves it, so what is derived from it (ETags, cached pages
and fragments) stays the same while the content does."""

import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from borders.models import Border
from core import pagecache
from core.models import ContentVersion
from programme.models import FrequentlyAskedQuestion
from projects.models import PilotAction, ProgressReport, Theme
from projects.signals import is_public_content
from results.models import Output
from tests.factories import (
    BorderFactory,
    FrequentlyAskedQuestionFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ThemeFactory,
    WebinarFactory,
)
from webinars.models import Webinar

GEOJSON = "projects:pilot-actions-geojson"


def public_models():
    """Every model whose rows a public page may show (history and what is derived from the content aside)."""
    return [model for model in apps.get_models() if is_public_content(model)]


def test_derived_tables_are_not_content():
    """Map cells are rebuilt after every change: were they content, rebuilding them would be another change."""
    assert not is_public_content(apps.get_model("projects", "MapCell"))
    assert is_public_content(PilotAction) and is_public_content(Border)


def test_every_public_model_reports_its_bulk_changes():
    """A model added to a public app without the queryset that reports bulk changes would serve stale pages."""
    models = public_models()
    assert models
    for model in models:
        assert isinstance(model._default_manager.all(), pagecache.PublicContentQuerySet), model._meta.label


def pilot_action_changes():
    """(what it is, a change to public content): each kind of change the portal makes, signals or none."""

    def first():
        return PilotAction.objects.public().order_by("pk").first()

    def save():
        pilot_action = first()
        pilot_action.title = "Renamed"
        pilot_action.save()

    def add_theme():
        first().themes.add(ThemeFactory())

    def clear_themes():
        first().themes.clear()

    def bulk_update():
        pilot_actions = list(PilotAction.objects.public()[:2])
        for pilot_action in pilot_actions:
            pilot_action.summary = "Bulk"
        PilotAction.objects.bulk_update(pilot_actions, ["summary"])

    return {
        "save": save,
        "delete": lambda: first().delete(),
        "m2m add": add_theme,
        "m2m clear": clear_themes,
        "queryset update": lambda: PilotAction.objects.filter(pk=first().pk).update(title="Updated in bulk"),
        "queryset delete": lambda: PilotAction.objects.filter(pk=first().pk).delete(),
        "bulk create": lambda: Theme.objects.bulk_create([Theme(name="Drought", slug="drought-bulk")]),
        "bulk update": bulk_update,
        "a report": lambda: ProgressReportFactory(pilot_action=first(), status=ProgressReport.Status.PUBLISHED),
        "reports in bulk": lambda: ProgressReport.objects.update(title="Same title for all"),
        "a border in bulk": lambda: Border.objects.update(name="Renamed border"),
        "an output": lambda: OutputFactory(pilot_action=first()),
        "outputs in bulk": lambda: Output.objects.update(title="Renamed output"),
        "a webinar": lambda: WebinarFactory(),
        "webinars in bulk": lambda: Webinar.objects.update(title="Renamed webinar"),
        "a question": lambda: FrequentlyAskedQuestionFactory(),
        "questions in bulk": lambda: FrequentlyAskedQuestion.objects.update(order=7),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(pilot_action_changes()))
def test_every_kind_of_public_change_drops_cached_pages(kind, client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    borders = [BorderFactory(), BorderFactory()]
    for _ in range(3):
        pilot_action = PilotActionFactory(themes=[ThemeFactory()], borders=borders)
        ProgressReportFactory(pilot_action=pilot_action, status=ProgressReport.Status.PUBLISHED)
        OutputFactory(pilot_action=pilot_action)
    WebinarFactory()
    FrequentlyAskedQuestionFactory()
    client.get("/pilot-actions/")
    assert client.get("/pilot-actions/")["X-Page-Cache"] == "hit"
    version = pagecache.content_version()

    pilot_action_changes()[kind]()

    assert pagecache.content_version() != version
    assert "X-Page-Cache" not in client.get("/pilot-actions/")


@pytest.mark.django_db
def test_a_queryset_change_that_changes_nothing_keeps_the_version(programme):
    version = pagecache.content_version()
    PilotAction.objects.filter(pk=-1).update(title="Nobody")
    PilotAction.objects.filter(pk=-1).delete()
    assert pagecache.content_version() == version


@pytest.mark.django_db
def test_the_version_is_a_count_kept_in_the_database(programme):
    """Not a random token, nor one that lives only in the cache: a flushed cache brings the same version back."""
    before = pagecache.content_version()
    cache.clear()
    assert pagecache.content_version() == before == str(ContentVersion.objects.get().number)
    PilotActionFactory()
    assert int(pagecache.content_version()) > int(before)


@pytest.mark.django_db
def test_the_geojson_etag_stays_while_nothing_changes(client, programme, monkeypatch):
    """Time passing, a flushed cache, a restarted worker: the same content keeps its ETag and is answered 304."""
    url = reverse(GEOJSON)
    first = client.get(url)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cache.clear()
    again = client.get(url)
    assert again["ETag"] == etag and again["Last-Modified"] == last_modified
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    PilotAction.objects.filter(pk=PilotAction.objects.public().first().pk).update(status="withdrawn")
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.django_db
def test_shapes_etags_stay_while_nothing_changes(client, programme):
    for name in ("borders:borders-geojson", "borders:countries-geojson"):
        etag = client.get(reverse(name))["ETag"]
        cache.clear()
        assert client.get(reverse(name), headers={"if-none-match": etag}).status_code == 304, name


@pytest.mark.django_db
def test_values_cached_for_the_content_are_computed_once_per_version(programme):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert pagecache.cached_for_content("test-value", compute) == 1
    assert pagecache.cached_for_content("test-value", compute) == 1
    PilotAction.objects.filter(pk=PilotAction.objects.first().pk).update(title="Changed")
    assert pagecache.cached_for_content("test-value", compute) == 2


@pytest.mark.django_db(transaction=True)
def test_in_a_transaction_the_version_moves_once_at_commit_and_never_on_rollback(programme):
    """Moved before the commit, the version would let a request render the old rows and store them under the
    new number; moved on rollback, it would drop every cached page for nothing."""
    received = []

    def receiver(**kwargs):
        received.append(pagecache.content_version())

    pagecache.content_changed.connect(receiver, dispatch_uid="test-content-changed")
    try:
        version = pagecache.content_version()
        with transaction.atomic():
            PilotAction.objects.update(title="Renamed in a transaction")
            PilotActionFactory()
            assert pagecache.content_version() == version
        # Moved on once for the transaction's rows, and once more when the search index has taken them in.
        assert int(pagecache.content_version()) == int(version) + 2
        assert received == [str(int(version) + 1), pagecache.content_version()]

        version = pagecache.content_version()
        with pytest.raises(RuntimeError), transaction.atomic():
            PilotAction.objects.update(title="Never committed")
            raise RuntimeError
        assert pagecache.content_version() == version
        assert len(received) == 2
    finally:
        pagecache.content_changed.disconnect(dispatch_uid="test-content-changed")


@pytest.mark.django_db
def test_a_cached_page_is_answered_above_the_rest_of_the_stack(client, programme, settings, django_assert_num_queries):
    """A stored page keeps every header the stack below added on its first rendering."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    first = client.get("/borders/")
    with django_assert_num_queries(0):
        hit = client.get("/borders/")
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "ETag"):
        assert hit[header] == first[header], header


@pytest.mark.django_db
def test_no_precomputing_is_asked_for_while_migrations_run():
    """Data migrations change content before every table is there: the version moves, nobody is asked to compute."""
    received = []

    def receiver(**kwargs):
        received.append(True)

    pagecache.content_changed.connect(receiver, dispatch_uid="test-migrations")
    try:
        pagecache.migration_starts()
        version = pagecache.content_version()
        PilotActionFactory()
        assert pagecache.content_version() != version and not received
        pagecache.migration_ends()
        PilotActionFactory()
        assert received
    finally:
        pagecache.migration_ends()
        pagecache.content_changed.disconnect(dispatch_uid="test-migrations")


@pytest.mark.django_db
def test_a_bulk_job_counts_as_one_change():
    received = []

    def receiver(**kwargs):
        received.append(pagecache.content_version())

    pagecache.content_changed.connect(receiver, dispatch_uid="test-one-change")
    try:
        version = pagecache.content_version()
        with pagecache.one_change():
            for _ in range(3):
                PilotActionFactory()
            with pagecache.one_change():
                PilotAction.objects.update(summary="Batch")
            assert pagecache.content_version() == version and not received
        assert int(pagecache.content_version()) == int(version) + 1
        assert received == [pagecache.content_version()]
        with pagecache.one_change():
            pass  # nothing changed: nothing moves
        assert len(received) == 1
    finally:
        pagecache.content_changed.disconnect(dispatch_uid="test-one-change")
