"""A serving process does its first-request work when it starts, without reading a row."""

import pytest
from django.template import engines

from resilient_borders import warmup


@pytest.mark.django_db
def test_warm_up_compiles_the_templates_and_reads_no_row(django_assert_num_queries):
    names = set(warmup.template_names())
    assert {"base.html", "projects/map.html", "includes/pilot_action_card.html"} <= names
    with django_assert_num_queries(0):
        warmup.warm_up()


@pytest.mark.django_db
def test_the_wsgi_application_warms_up_when_it_is_loaded(monkeypatch):
    import importlib

    import resilient_borders.wsgi

    calls = []
    monkeypatch.setattr(warmup, "warm_up", lambda: calls.append(True))
    importlib.reload(resilient_borders.wsgi)
    assert calls == [True]
    assert engines["django"].engine.template_loaders  # the cached loader that now holds the compiled templates


@pytest.mark.django_db
def test_warm_up_builds_every_languages_url_tables():
    """Every page links to itself in every language (the chooser, hreflang): a worker that had built only some
    languages' tables would build the others on its first page, some 30 ms each."""
    from django.conf import settings
    from django.urls import clear_url_caches, get_resolver

    clear_url_caches()
    warmup.warm_up()
    assert set(get_resolver()._reverse_dict) >= {code for code, _name in settings.LANGUAGES}
