import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from resilient_borders.celery import app as celery_app
from tests.research import started_phrase

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_home_page_tells_how_many_pilot_actions_are_documented(client, programme, django_assert_max_num_queries):
    # 12, and 1 for the newest outputs (the results app's block; tests/results: with outputs published)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("projects:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert started_phrase() in content
    assert "Association of European Border Regions" in content


@pytest.mark.django_db
def test_home_page_answers_in_french(client):
    response = client.get("/fr/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"


def run_manage(*args, **env):
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a3f9c0e1d2b4a6c8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_celery_runs_tasks_eagerly_without_a_broker():
    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured for this run")
    assert celery_app.conf.task_always_eager is True


@pytest.mark.django_db
def test_dates_and_numbers_are_localised(client, programme):
    english = client.get("/").content.decode()
    french = client.get("/fr/").content.decode()
    assert "€40,000" in english and "February 2025" in english
    assert "40\u202f000\u00a0€" in french and "février 2025" in french  # the CLDR's narrow no-break space
    assert "27 janvier 2025" in client.get("/fr/webinars/launch-webinar-2025/").content.decode()
    assert "27 January 2025" in client.get("/webinars/launch-webinar-2025/").content.decode()


@pytest.mark.django_db
def test_unknown_address_gets_the_portal_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page and 'href="/pilot-actions/"' in page


@pytest.mark.django_db
def test_oversized_request_is_refused_with_413_before_reading(client, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1000
    response = client.generic("POST", "/subscriptions/", b"x" * 1001, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "larger than 1000" in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "eager"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_degraded_but_in_service_without_broker(client, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"].startswith("error")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status", "text"),
    [
        ("database", 503, "Back in a moment"),  # an outage: come back later
        ("bug", 500, "Something went wrong"),
    ],
)
def test_errors_in_a_view_get_a_page_never_a_traceback(monkeypatch, error, status, text):
    from django.db import OperationalError
    from django.test import Client

    from projects.views import HomeView

    def failing(self, **kwargs):
        raise OperationalError("connection refused") if error == "database" else ValueError("a bug")

    monkeypatch.setattr(HomeView, "get_context_data", failing)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == status
    assert text in response.content.decode()
    assert "connection refused" not in response.content.decode() and "a bug" not in response.content.decode()
    assert (response.get("Retry-After") == "30") is (status == 503)
