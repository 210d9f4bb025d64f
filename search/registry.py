"""What the search covers: the indexed kinds, each with its public objects and how one object reads in a language.

To index something more, add an ``IndexedKind`` to ``KINDS`` and, so that the index follows its changes, its model
(and the models its text reads) to ``WATCHED``. ``public()`` may return any iterable of objects with an integer
``pk``, as the programme's pages (``PAGES``) show; a rebuild (after every migrate) picks up a change of code.
"""

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from borders.models import Border, Country
from programme.models import FrequentlyAskedQuestion
from programme.views import AboutView, CallView
from projects.models import Partnership, PilotAction, ProgressReport, borders_in_programme, countries_in_programme
from results.models import Output
from webinars.models import Webinar


@dataclass(frozen=True)
class Document:
    """One object as the search reads it, in the active language."""

    title: str
    body: str
    url: str
    date: datetime.datetime | None = None


@dataclass(frozen=True)
class IndexedKind:
    key: str  # in the URL: ?type=<key>
    label: Any  # plural, for the counts
    singular: Any  # beside each result
    public: Callable[[], Any]  # the objects the public may see, with what ``document`` reads prefetched
    document: Callable[[Any], Document]  # called with the language to index active


def text_of(*parts):
    """The parts (strings, or HTML rendered from Markdown) as one plain text."""
    return "\n".join(" ".join(html.unescape(strip_tags(str(part))).split()) for part in parts if part)


def as_datetime(value):
    if value is None or isinstance(value, datetime.datetime):
        return value
    return timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))


def public_pilot_actions():
    return (
        PilotAction.objects.public()
        .select_related("group")
        .prefetch_related(
            "themes",
            models.Prefetch("borders", queryset=Border.objects.defer("line")),
            models.Prefetch("countries", queryset=Country.objects.without_shapes()),
            models.Prefetch("partnerships", queryset=Partnership.objects.select_related("organisation")),
        )
    )


def pilot_action_document(pilot_action):
    return Document(
        title=pilot_action.title,
        body=text_of(
            " ".join(part for part in (pilot_action.code, pilot_action.acronym) if part),
            pilot_action.summary,
            pilot_action.description,
            pilot_action.objectives,
            pilot_action.group.name if pilot_action.group else "",
            ", ".join(theme.name for theme in pilot_action.themes.all()),
            ", ".join(border.name for border in pilot_action.borders.all()),
            ", ".join(country.display_name for country in pilot_action.countries.all()),
            ", ".join(
                " ".join(filter(None, (str(partner.organisation), partner.organisation.city)))
                for partner in pilot_action.partnerships.all()
            ),
        ),
        url=pilot_action.get_absolute_url(),
        date=as_datetime(pilot_action.start_date),
    )


def report_document(report):
    return Document(
        title=report.title,
        body=text_of(report.body_html, report.pilot_action.title),
        url=report.get_absolute_url(),
        date=report.published_at,
    )


def output_document(output):
    return Document(
        title=output.title,
        body=text_of(output.kind.name, output.summary, output.reuse_html, output.pilot_action.title),
        url=output.get_absolute_url(),
        date=output.published_at,
    )


def webinar_document(webinar):
    return Document(
        title=webinar.title,
        body=text_of(
            webinar.description,
            *(text_of(item.title, item.speakers, item.description) for item in webinar.agenda_items.all()),
        ),
        url=webinar.get_absolute_url(),
        date=as_datetime(webinar.date),
    )


def border_document(border):
    return Document(
        title=border.name,
        body=text_of(border.description, ", ".join(country.display_name for country in border.countries.all())),
        url=border.get_absolute_url(),
    )


def country_document(country):
    # The stored (English) name and the code too: "Germany" finds Allemagne in French.
    return Document(
        title=country.display_name,
        body=text_of(country.name, country.iso_code),
        url=country.get_absolute_url(),
    )


def faq_document(question):
    return Document(title=question.question, body=text_of(question.answer_html), url=question.get_absolute_url())


@dataclass(frozen=True)
class Page:
    """A page whose text lives in its template (and ``projects.programme``): indexed as the public reads it."""

    pk: int
    url_name: str
    title: Any
    view: Any
    body_template: str  # the page's own content, without the site's frame


PAGES = [
    Page(1, "programme:about", _("About Resilient Borders"), AboutView, "programme/includes/about_body.html"),
    Page(2, "programme:call", _("The 2024 call for proposals"), CallView, "programme/includes/call_body.html"),
]


def page_document(page):
    """The page's own content, rendered in the active language with its view's context, as plain text.

    Only the content, not the whole page: the site's frame needs the static files' manifest, which a
    deployment writes after ``migrate`` rebuilds the index, and its header and breadcrumbs are no text of the
    page's."""
    url = reverse(page.url_name)
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    view = page.view()
    view.setup(request)
    content = render_to_string(page.body_template, view.get_context_data(), request=request)
    return Document(title=str(page.title), body=text_of(content), url=url)


KINDS = {
    kind.key: kind
    for kind in (
        IndexedKind("pilot-action", _("Pilot actions"), _("Pilot action"), public_pilot_actions, pilot_action_document),
        IndexedKind(
            "report",
            _("Progress reports"),
            _("Progress report"),
            lambda: ProgressReport.objects.published().select_related("pilot_action"),
            report_document,
        ),
        IndexedKind(
            "output",
            _("Outputs"),
            _("Output"),
            lambda: Output.objects.published().select_related("pilot_action", "kind"),
            output_document,
        ),
        IndexedKind(
            "webinar",
            _("Webinars"),
            _("Webinar"),
            lambda: Webinar.objects.prefetch_related("agenda_items"),
            webinar_document,
        ),
        IndexedKind(
            "border",
            _("Borders"),
            _("Border"),
            lambda: borders_in_programme().with_countries(),
            border_document,
        ),
        IndexedKind("country", _("Countries"), _("Country"), lambda: countries_in_programme(), country_document),
        IndexedKind(
            "faq",
            _("Frequently asked questions"),
            _("Frequently asked question"),
            lambda: FrequentlyAskedQuestion.objects.published(),
            faq_document,
        ),
        IndexedKind("page", _("Programme pages"), _("Programme page"), lambda: PAGES, page_document),
    )
}


def ids(queryset):
    return list(queryset.values_list("pk", flat=True))


def pilot_action_dependents(pilot_action):
    """A pilot action's own entry, and those whose text or whose public state follows it."""
    return {
        "pilot-action": {pilot_action.pk},
        "report": set(ids(ProgressReport.objects.filter(pilot_action=pilot_action))),
        "output": set(ids(Output.objects.filter(pilot_action=pilot_action))),
        "border": set(ids(Border.objects.filter(pilot_actions=pilot_action))),
        "country": set(ids(Country.objects.filter(pilot_actions=pilot_action))),
    }


# Model label -> the entries to index again when one of its objects changes: {kind key: {pk, ...}}.
WATCHED = {
    "projects.PilotAction": pilot_action_dependents,
    "projects.ProgressReport": lambda report: {"report": {report.pk}},
    "projects.Partnership": lambda partner: {"pilot-action": {partner.pilot_action_id}},
    "projects.Organisation": lambda organisation: {"pilot-action": set(ids(organisation.pilot_actions.all()))},
    # /about/ lists the groups.
    "projects.ThematicGroup": lambda group: {"pilot-action": set(ids(group.pilot_actions.all())), "page": {1}},
    "projects.Theme": lambda theme: {"pilot-action": set(ids(theme.pilot_actions.all()))},
    "results.Output": lambda output: {"output": {output.pk}},
    "results.OutputKind": lambda kind: {"output": set(ids(kind.outputs.all()))},
    "webinars.Webinar": lambda webinar: {"webinar": {webinar.pk}},
    "webinars.AgendaItem": lambda item: {"webinar": {item.webinar_id}},
    "borders.Border": lambda border: {"border": {border.pk}, "pilot-action": set(ids(border.pilot_actions.all()))},
    "borders.Country": lambda country: {
        "country": {country.pk},
        "border": set(ids(country.borders.all())),
        "pilot-action": set(ids(country.pilot_actions.all())),
    },
    "programme.FrequentlyAskedQuestion": lambda question: {"faq": {question.pk}},
}
