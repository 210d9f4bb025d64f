"""Security headers, Content Security Policy, CSRF on forms, and throttled sign-in."""

import logging
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import ProgressReportFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/pilot-actions/",
    "/map/",
    "/updates/",
    "/borders/",
    "/countries/",
    "/webinars/",
    "/about/",
    "/call/",
    "/faq/",
    "/accounts/login/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_content_security_policy_forbids_inline_scripts(client, programme, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    # Nothing the browser would run inline: every script has a src or carries JSON data.
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_no_inline_event_handlers_anywhere(client, programme):
    for path in PUBLIC_PAGES:
        page = client.get(path).content.decode()
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), path


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/login/", {"username": "x", "password": "y"}),
        ("/accounts/password/reset/", {"email": "x@example.org"}),
        ("/subscriptions/", {"email": "x@example.org"}),
    ],
)
def test_forms_need_a_csrf_token(path, data):
    assert Client(enforce_csrf_checks=True).post(path, data).status_code == 403


def test_workspace_forms_need_a_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(reverse("workspace:preview"), {"body": "x"}).status_code == 403


def test_sign_in_is_throttled_after_five_wrong_passwords(client):
    UserFactory(username="target@example.org")
    UserFactory(username="bystander@example.org")
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "target@example.org", "password": "guess"})
        assert response.status_code == 200 and "Please enter a correct" in response.content.decode()
    response = client.post(reverse("login"), {"username": "target@example.org", "password": "guess"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Even the right password is refused during the lockout...
    response = client.post(reverse("login"), {"username": "target@example.org", "password": "a-long-test-password"})
    assert response.status_code == 429
    # ...while other accounts sign in as usual.
    response = client.post(reverse("login"), {"username": "bystander@example.org", "password": "a-long-test-password"})
    assert response.status_code == 302


def test_admin_login_is_throttled_too(client):
    UserFactory(username="staff", is_staff=True)
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "staff", "password": "guess"})
    assert response.status_code == 429


def test_a_success_resets_the_count(client):
    UserFactory(username="ana@example.org")
    for _ in range(4):
        client.post(reverse("login"), {"username": "ana@example.org", "password": "guess"})
    assert (
        client.post(reverse("login"), {"username": "ana@example.org", "password": "a-long-test-password"}).status_code
        == 302
    )
    client.post(reverse("logout"))
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "ana@example.org", "password": "guess"})
    assert response.status_code == 200


def test_a_foreign_host_is_a_quiet_400(settings, caplog):
    """A Host header not in ALLOWED_HOSTS (a scanner, a misdirected DNS name) gets the 400 page, which
    prints no address on that host, and at most a one-line warning: no traceback, no error to alert on."""
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["portal.example"]
    client = Client(raise_request_exception=False)
    for path in ["/", "/pilot-actions/", "/fr/map/"]:
        response = client.get(path, HTTP_HOST="evil.example")
        assert response.status_code == 400, path
        page = response.content.decode()
        assert "Bad request" in page or "Requête" in page
        assert "evil.example" not in page
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR or record.exc_info]
    assert {record.levelname for record in caplog.records if "evil.example" in record.getMessage()} == {"WARNING"}


def cache_control(response):
    return {directive.strip() for directive in response.get("Cache-Control", "").split(",") if directive.strip()}


def test_signed_in_pages_are_private_and_never_stored(coordinator_client, coordinator, pilot_action):
    """A shared proxy or the browser's back button after sign-out must keep nothing of a signed-in page."""
    report = ProgressReportFactory(pilot_action=pilot_action, author=coordinator, status="draft")
    for url in [
        reverse("workspace:dashboard"),
        reverse("workspace:report-create", args=[pilot_action.slug]),
        reverse("workspace:report-edit", args=[report.pk]),
        reverse("password_change"),
        "/",  # a public page too, once it greets someone by name
    ]:
        response = coordinator_client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_control(response), url


def test_admin_pages_are_private_and_never_stored(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_session_without_a_user_is_private_too(client, programme):
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-session-key"
    assert {"private", "no-store"} <= cache_control(client.get("/pilot-actions/"))


def test_anonymous_public_pages_keep_their_caching(client, programme):
    response = client.get("/borders/")
    assert "Cache-Control" not in response
    assert client.get("/borders/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    # A view's own Cache-Control stands.
    assert client.get(reverse("projects:open-data-csv"))["Cache-Control"] == "public, max-age=300"
