import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in English: a request to /fr/ leaves French active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def programme(db):
    """The real programme data, as `make run` loads it."""
    call_command("load_programme", verbosity=0)


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
