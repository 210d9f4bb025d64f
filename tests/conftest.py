import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from projects.models import PilotAction
from tests import programme_snapshot
from tests.factories import (
    BorderFactory,
    CountryFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ThematicGroupFactory,
    ThemeFactory,
    UserFactory,
    WebinarFactory,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Tests share the local-memory cache: each starts without what another one cached."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_printable_map_rendering(settings, tmp_path):
    """Rendering the printable map takes seconds: only the tests about it turn it on. Uploads go to a tmp dir."""
    settings.PRINTABLE_MAP_AUTO_REGENERATE = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def no_map_cells_building(settings):
    """Counting the map's cells on every change would add queries to every test that changes something: only the
    tests about them build them (projects.mapcells), and the map aggregates the rows live meanwhile."""
    settings.MAP_CELLS_AUTO_BUILD = False


@pytest.fixture(autouse=True)
def no_filter_choices_precomputing(settings):
    """The filter choices and counts computed after every change (projects.fragments) would add queries to every
    test that changes something: only the tests about it turn it on."""
    settings.PRECOMPUTE_FILTER_CHOICES = False


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing a password properly takes a quarter of a second on purpose; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in English: a request to /fr/ leaves French active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def programme_rows(django_db_setup, django_db_blocker):
    """What ``load_programme`` writes, loaded once for the session (tests/programme_snapshot.py)."""
    with django_db_blocker.unblock():
        return programme_snapshot.take()


@pytest.fixture
def programme(programme_rows, db):
    """The real programme data, as `make run` loads it: its rows written back, or the command where they would
    differ from what it does (a live server's committed transactions, reactions turned on)."""
    if programme_snapshot.usable():
        programme_snapshot.restore(programme_rows)
    else:
        call_command("load_programme", verbosity=0)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def many_pilot_actions(request):
    """``request.param`` public pilot actions spread over two groups, themes, borders and countries.

    Made in a few statements (``bulk_create``, which places them on the map as a save does), not one factory call
    each: saving 500 rows and their links one by one took 13 s for each query-budget test that asks for them."""
    groups = [ThematicGroupFactory(slug="crisis"), ThematicGroupFactory(slug="planning")]
    themes = [ThemeFactory(slug="floods"), ThemeFactory(slug="housing")]
    countries = [CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE"), CountryFactory(iso_code="IT")]
    borders = [BorderFactory(countries=countries[:2]), BorderFactory(countries=countries[::2])]
    pilot_actions = PilotAction.objects.bulk_create(
        PilotActionFactory.build(group=groups[index % 2]) for index in range(request.param)
    )
    # Bulk links send no m2m signal: the rows are placed on the map once their borders are linked, as the signal does.
    PilotAction.themes.through.objects.bulk_create(
        PilotAction.themes.through(pilotaction=pilot_action, theme=themes[index % 2])
        for index, pilot_action in enumerate(pilot_actions)
    )
    PilotAction.borders.through.objects.bulk_create(
        PilotAction.borders.through(pilotaction=pilot_action, border=borders[index % 2])
        for index, pilot_action in enumerate(pilot_actions)
    )
    PilotAction.countries.through.objects.bulk_create(
        PilotAction.countries.through(pilotaction=pilot_action, country=country)
        for index, pilot_action in enumerate(pilot_actions)
        for country in (countries[0], countries[1 + index % 2])
    )
    PilotAction.objects.place_by_id(pilot_action.pk for pilot_action in pilot_actions)
    for pilot_action in pilot_actions[:3]:
        ProgressReportFactory(pilot_action=pilot_action)
    WebinarFactory().presenting_pilot_actions.set(pilot_actions[:3])
    return pilot_actions


@pytest.fixture
def pilot_action(db):
    return PilotActionFactory(title="Flood early warning across the Meuse")


@pytest.fixture
def coordinator(pilot_action):
    user = UserFactory(username="ana@example.org", email="ana@example.org", first_name="Ana")
    pilot_action.coordinators.add(user)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client
