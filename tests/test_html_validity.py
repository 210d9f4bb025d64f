"""Every page type, in English, French and Greek (a second content language, and a language of the interface only,
in another script, whose pages mark English content with ``lang``), is valid HTML for the W3C Nu checker: with
content in every part (published reports with photos and documents, outputs, results, webinars past and upcoming),
its forms with their errors shown, and the coordinator's workspace.

A page type the portal gains must be added here: the test fails for a public URL name it does not check."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views import defaults

from core.views import server_error
from projects.models import PilotAction, ProgressReport, ReportDocument, ReportPhoto, ThematicGroup
from projects.views import PilotActionListView
from results.models import Obstacle, Output, Results
from tests.factories import (
    AgendaItemFactory,
    FrequentlyAskedQuestionFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ReportingDeadlineFactory,
    ResultsFactory,
    SubscriptionFactory,
    UserFactory,
    WebinarFactory,
    follow_up,
    obstacle_met,
    pdf_upload,
    photo_upload,
)
from tests.validators import NU_JAR, nu_messages, require_validator

# What is not an HTML page: files, feeds and APIs (by their addresses), Django's admin, and the addresses that
# only answer a POST or redirect.
NOT_HTML_ROUTE = re.compile(r"^(downloads|feeds|api)/|\.(csv|xlsx|geojson|ics|pdf|png|ico|xml|txt)$")
NOT_HTML_PAGES = {
    "healthz",
    "report-attachment",
    "set_language",
    "logout",
    "workspace:report-publish",
    "workspace:report-unpublish",
    "workspace:output-publish",
    "workspace:output-unpublish",
    "workspace:preview",
    "bench-floor",
    "projects:map-results",  # the list part of the map page, checked there (same includes, same HTML)
}
NOT_HTML_NAMESPACES = ("admin:",)

REPORT_BODY = """We met **twice** across the border, with [the fire brigades](https://example.org/brigades).

## What we did

1. A joint drill on the bridge.
2. A shared map of the flood zones.

> The alert reached both towns in four minutes.

| Town | Minutes |
| --- | --- |
| Kehl | 4 |
| Strasbourg | 3 |

### Next

- a second drill
- `alert-chain` rules, written down
"""


def url_patterns(patterns=None, namespace="", prefix=""):
    """(name with its namespaces, route) of every named URL pattern of the project: ("projects:home", "")."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, inner, route)
        elif pattern.name:
            yield namespace + pattern.name, route


def pages_needing_validation():
    return {
        name
        for name, route in url_patterns()
        if name not in NOT_HTML_PAGES
        and not name.startswith(NOT_HTML_NAMESPACES)
        and not NOT_HTML_ROUTE.search(route.lstrip("^").rstrip("$"))
    }


@pytest.fixture
def content(programme, django_capture_on_commit_callbacks):
    """The real programme, and on it what a year of the programme adds: reports, outputs, results, webinars."""
    pilot_actions = list(PilotAction.objects.public().order_by("code")[:3])
    assert len(pilot_actions) == 3, "the programme data has public pilot actions"
    main, other, third = pilot_actions
    coordinator = UserFactory(username="ana@example.org", email="ana@example.org", first_name="Ana")
    main.coordinators.add(coordinator)
    other.coordinators.add(coordinator)

    published_at = timezone.now() - datetime.timedelta(days=3, microseconds=123456)
    report = ProgressReportFactory(pilot_action=main, author=coordinator, body=REPORT_BODY, published_at=published_at)
    with django_capture_on_commit_callbacks(execute=True):
        ReportPhoto.objects.create(
            report=report, image=photo_upload("bridge.jpg"), caption="The drill on the bridge", alt_text="Firefighters"
        )
    ReportDocument.objects.create(report=report, file=pdf_upload("minutes.pdf"), title="Minutes of the drill")
    ProgressReportFactory(pilot_action=other, author=coordinator, published_at=published_at)
    draft = ProgressReportFactory(pilot_action=main, author=coordinator, status=ProgressReport.Status.DRAFT)

    output = OutputFactory(
        pilot_action=main,
        file=pdf_upload("plan.pdf"),
        languages=["en", "fr"],
        reuse="## The alert chain\n\nAs it is.\n\n### Who calls whom\n\n- the mayor\n- the brigade",
    )
    OutputFactory(pilot_action=other, link="https://example.org/a-link-only")
    draft_output = OutputFactory(pilot_action=main, status=Output.Status.DRAFT, reuse="The **alert chain**.")

    first_obstacle, second_obstacle = Obstacle.objects.values_list("slug", flat=True)[:2]
    for pilot_action in (main, other):
        results = ResultsFactory(
            pilot_action=pilot_action,
            achievements="## A joint plan\n\nAdopted.\n\n### By whom\n\nBoth councils.",
            reuse="# The alert chain\n\n*As it is*.",
        )
        obstacle_met(results, first_obstacle, note="Two budgets, two calendars.")
        obstacle_met(results, second_obstacle)
        follow_up(results, "A second drill", link="https://example.org/drill")
        follow_up(results, "A shared budget")

    today = timezone.localdate()
    past = WebinarFactory(
        title="Floods across borders",
        date=today - datetime.timedelta(days=30),
        description="Recorded: see [the slides](https://example.org/slides).",
        platform="Zoom",
        recording_url="https://example.org/recording",
        materials_url="https://example.org/materials",
    )
    upcoming = WebinarFactory(title="Shared hospitals", date=today + datetime.timedelta(days=30), platform="Teams")
    WebinarFactory(
        title="Date to be confirmed", date=today + datetime.timedelta(days=60), start_time=None, duration=None
    )
    for webinar in (past, upcoming):
        webinar.presenting_pilot_actions.set([main, third])
        AgendaItemFactory(webinar=webinar, start_time=datetime.time(10, 0), speakers="Ana, Jo", description="Why.")
        AgendaItemFactory(webinar=webinar, start_time=datetime.time(10, 45))
    FrequentlyAskedQuestionFactory(answer="Yes:\n\n## Who\n\n- one\n- two\n\nSee [the call](https://example.org/call).")
    ReportingDeadlineFactory(group=main.group, title="Mid-term report")
    # More pilot actions than a list page holds, so that the lists show their pagination.
    page_size = PilotActionListView.paginate_by
    PilotActionFactory.create_batch(max(0, page_size + 1 - PilotAction.objects.public().count()), group=main.group)
    subscription = SubscriptionFactory(pilot_action=main, confirmed_at=None)
    call_command("rebuild_search_index", verbosity=0)
    return {
        "main": main,
        "report": report,
        "draft": draft,
        "output": output,
        "draft_output": draft_output,
        "past": past,
        "upcoming": upcoming,
        "subscription": subscription,
        "coordinator": coordinator,
        "group": ThematicGroup.objects.filter(pilot_actions__in=pilot_actions).first(),
        "border": main.borders.first(),
        "country": main.countries.first(),
    }


def fetched_pages(content, language):
    """(label, response) for every page, in ``language``: GET pages, then forms sent with errors."""
    main = content["main"]
    visitor, coordinator = Client(), Client()
    coordinator.force_login(content["coordinator"])
    with translation.override(language):
        pages = [
            ("home", visitor.get(reverse("projects:home"))),
            ("pilot action list", visitor.get(reverse("projects:pilot-action-list"))),
            (
                "pilot action list, filtered",
                visitor.get(reverse("projects:pilot-action-list"), {"group": main.group.slug, "sort": "-added"}),
            ),
            ("pilot action list, none found", visitor.get(reverse("projects:pilot-action-list"), {"q": "zzzznothing"})),
            (
                "pilot action list, bad parameters",
                visitor.get(reverse("projects:pilot-action-list"), {"country": "ZZ", "sort": "x", "page": "9999"}),
            ),
            ("pilot action list, page 2", visitor.get(reverse("projects:pilot-action-list"), {"page": "2"})),
            ("pilot action", visitor.get(main.get_absolute_url())),
            ("group", visitor.get(reverse("projects:group-detail", args=[content["group"].slug]))),
            ("map", visitor.get(reverse("projects:map"))),
            ("updates", visitor.get(reverse("projects:update-list"))),
            ("open data", visitor.get(reverse("projects:open-data"))),
            ("statistics", visitor.get(reverse("projects:statistics"))),
            ("statistics, bad parameters", visitor.get(reverse("projects:statistics"), {"group": "nowhere"})),
            ("borders", visitor.get(reverse("borders:border-list"))),
            ("border", visitor.get(reverse("borders:border-detail", args=[content["border"].slug]))),
            ("countries", visitor.get(reverse("borders:country-list"))),
            ("country", visitor.get(reverse("borders:country-detail", args=[content["country"].iso_code]))),
            ("webinars", visitor.get(reverse("webinars:webinar-list"))),
            ("past webinar", visitor.get(content["past"].get_absolute_url())),
            ("upcoming webinar", visitor.get(content["upcoming"].get_absolute_url())),
            ("outputs", visitor.get(reverse("results:output-list"))),
            ("outputs, bad parameters", visitor.get(reverse("results:output-list"), {"kind": "nothing"})),
            ("output", visitor.get(content["output"].get_absolute_url())),
            ("results", visitor.get(reverse("results:comparison"))),
            ("results, filtered", visitor.get(reverse("results:comparison"), {"group": main.group.slug})),
            ("map, filtered", visitor.get(reverse("projects:map"), {"group": main.group.slug})),
            ("statistics, filtered", visitor.get(reverse("projects:statistics"), {"group": main.group.slug})),
            ("search", visitor.get(reverse("search:results"))),
            ("search, found", visitor.get(reverse("search:results"), {"q": main.title.split()[0]})),
            ("search, one type", visitor.get(reverse("search:results"), {"q": "border", "type": "pilot-action"})),
            ("search, too long", visitor.get(reverse("search:results"), {"q": "flood " * 50, "type": "nothing"})),
            ("about", visitor.get(reverse("programme:about"))),
            ("call", visitor.get(reverse("programme:call"))),
            ("faq", visitor.get(reverse("programme:faq"))),
            ("subscribe", visitor.get(reverse("notifications:subscribe"), {"pilot_action": main.slug})),
            (
                "subscribe, error",
                visitor.post(
                    reverse("notifications:subscribe"), {"email": "not-an-address", "pilot_action": main.slug}
                ),
            ),
            ("subscription to confirm", visitor.get(content["subscription"].confirm_url())),
            ("unsubscribe", visitor.get(content["subscription"].unsubscribe_url())),
            ("unsubscribed", visitor.get(reverse("notifications:unsubscribe", args=["no-such-token"]))),
            ("not found", visitor.get("/no-such-page/" if language == "en" else f"/{language}/no-such-page/")),
            ("login", visitor.get(reverse("login"))),
            ("login, error", visitor.post(reverse("login"), {"username": "ana@example.org", "password": "wrong"})),
            ("password reset", visitor.get(reverse("password_reset"))),
            ("password reset sent", visitor.get(reverse("password_reset_done"))),
            ("password reset, bad link", visitor.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))),
            ("password reset complete", visitor.get(reverse("password_reset_complete"))),
            ("home, signed in", coordinator.get(reverse("projects:home"))),
            ("pilot action, signed in", coordinator.get(main.get_absolute_url())),
            ("workspace", coordinator.get(reverse("workspace:dashboard"))),
            ("new report", coordinator.get(reverse("workspace:report-create", args=[main.slug]))),
            ("report editor", coordinator.get(reverse("workspace:report-edit", args=[content["report"].pk]))),
            (
                "report editor, error",
                coordinator.post(reverse("workspace:report-edit", args=[content["draft"].pk]), report_with_errors()),
            ),
            ("report deletion", coordinator.get(reverse("workspace:report-delete", args=[content["draft"].pk]))),
            ("new output", coordinator.get(reverse("workspace:output-create", args=[main.slug]))),
            ("output editor", coordinator.get(reverse("workspace:output-edit", args=[content["draft_output"].pk]))),
            (
                "output editor, error",
                coordinator.post(
                    reverse("workspace:output-edit", args=[content["draft_output"].pk]),
                    {"title": "", "link": "https//example.org"},
                ),
            ),
            ("output deletion", coordinator.get(reverse("workspace:output-delete", args=[content["draft_output"].pk]))),
            ("results editor", coordinator.get(reverse("workspace:results-edit", args=[main.slug]))),
            (
                "results editor, error",
                coordinator.post(reverse("workspace:results-edit", args=[main.slug]), results_with_errors(main)),
            ),
            ("password change", coordinator.get(reverse("password_change"))),
            ("password change, error", coordinator.post(reverse("password_change"), {"old_password": "wrong"})),
            ("password change done", coordinator.get(reverse("password_change_done"))),
        ]
        user = content["coordinator"]
        link = (urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user))
        pages.append(
            ("password reset, new password", Client().get(reverse("password_reset_confirm", args=link), follow=True))
        )
        pages.append(("invitation", Client().get(reverse("invitation-accept", args=link), follow=True)))
    return pages


def error_pages(language):
    """(label, HTML) of the error pages no address leads to on purpose, rendered as their handlers render them."""
    request = RequestFactory().get("/pilot-actions/" if language == "en" else f"/{language}/pilot-actions/")
    request.user, request.session = AnonymousUser(), {}
    with translation.override(language):
        return [
            ("bad request", defaults.bad_request(request, SuspiciousOperation()).content),
            ("forbidden", defaults.permission_denied(request, PermissionDenied()).content),
            ("too large", render_to_string("413.html", {"limit": settings.UPLOAD_MAX_REQUEST_BYTES}, request)),
            ("server error", server_error(request).content),
            ("database unreachable", render_to_string("503.html")),
            ("query timeout", render_to_string("query_timeout.html")),
        ]


def report_with_errors():
    return {
        "title": "",
        "period_start": "2025-05-01",
        "period_end": "2025-02-01",
        "body": "",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-0-title": "A title without its file",
    }


def results_with_errors(pilot_action):
    results = Results.objects.get(pilot_action=pilot_action)
    return {
        "achievements": "",
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-title": "",
        "follow_ups-0-link": "not a link",
        **{f"obstacles-note_{row.obstacle_id}": "A note" for row in results.obstacles_met.all()},
    }


EXPECTED_STATUS = {"not found": 404, "subscribe, error": 400}


def test_every_page_type_is_valid_html_in_three_languages(content, tmp_path):
    require_validator(NU_JAR)
    files, checked_names, wrong_status = {}, set(), []
    for language in ("en", "fr", "el"):
        for label, response in fetched_pages(content, language):
            expected = EXPECTED_STATUS.get(label, 200)
            if response.status_code != expected:
                wrong_status.append(f"{language} {label}: {response.status_code}, not {expected}")
                continue
            if response.status_code != 404:
                with translation.override(language):  # the client resolves the path lazily, in the active language
                    checked_names.add(response.resolver_match.view_name)
            path = tmp_path / f"{language}-{re.sub(r'[^a-z]+', '-', label)}.html"
            path.write_bytes(response.content)
            files[f"file:{path}"] = f"{language} {label} ({response.request['PATH_INFO']})"
        for label, html in error_pages(language):
            path = tmp_path / f"{language}-{re.sub(r'[^a-z]+', '-', label)}.html"
            path.write_bytes(html if isinstance(html, bytes) else html.encode())
            files[f"file:{path}"] = f"{language} {label}"
    assert not wrong_status

    errors = [
        f"{files.get(message.get('url'), message.get('url'))}, line {message.get('lastLine')}: {message['message']}"
        f"\n    {message.get('extract', '').strip()}"
        for message in nu_messages(files and [name.removeprefix("file:") for name in files])
    ]
    assert not errors, "\n".join(errors)
    assert pages_needing_validation() - checked_names == set(), "page types without HTML validation"
