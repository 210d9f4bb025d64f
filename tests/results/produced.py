"""Results and outputs for many pilot actions at once, and a reader for the comparison table, shared by
test_comparison.py and test_pilot_action_page.py."""

import datetime
from html.parser import HTMLParser

from django.utils import timezone

from results.models import FollowUp, Language, Obstacle, ObstacleMet, Output, OutputKind, Results


def add_results_and_outputs(pilot_actions):
    """Results for two pilot actions in three (one published, one draft, each naming two obstacles with notes
    and a follow-up), and for every pilot action a published output and a draft one. In bulk: at 500 pilot
    actions the factories would take most of the test's time. Returns the published results."""
    obstacles = list(Obstacle.objects.all())
    kind = OutputKind.objects.order_by("order").first()
    now = timezone.now()
    results = Results.objects.bulk_create(
        Results(
            pilot_action=pilot_action,
            achievements=f"Achieved by {pilot_action.title}.",
            achievements_html=f"<p>Achieved by {pilot_action.title}.</p>",
            status=Results.Status.PUBLISHED if index % 3 == 0 else Results.Status.DRAFT,
            published_at=now if index % 3 == 0 else None,
        )
        for index, pilot_action in enumerate(pilot_actions)
        if index % 3 != 2
    )
    ObstacleMet.objects.bulk_create(
        ObstacleMet(results=each, obstacle=obstacles[(index + offset) % len(obstacles)], note=f"Note {index}.")
        for index, each in enumerate(results)
        for offset in (0, 1)
    )
    FollowUp.objects.bulk_create(
        FollowUp(results=each, title=f"Follow-up {index}", link=f"https://example.org/follow-up/{index}")
        for index, each in enumerate(results)
    )
    outputs = Output.objects.bulk_create(
        Output(
            pilot_action=pilot_action,
            kind=kind,
            title=f"{status.label} output of {pilot_action.title}",
            summary="A joint plan.",
            date=datetime.date(2025, 9, 1) + datetime.timedelta(days=index % 90),
            link=f"https://example.org/outputs/{index}/{status}",
            status=status,
            published_at=now if status == Output.Status.PUBLISHED else None,
        )
        for index, pilot_action in enumerate(pilot_actions)
        for status in (Output.Status.PUBLISHED, Output.Status.DRAFT)
    )
    languages = list(Language.objects.filter(code__in=["de", "fr"]))
    Output.languages.through.objects.bulk_create(
        Output.languages.through(output=output, language=language) for output in outputs for language in languages
    )
    return [each for each in results if each.status == Results.Status.PUBLISHED]


class ComparisonTable(HTMLParser):
    """The page's comparison table: its caption, whether it sits in a scrolling region, and each section's rows,
    a row being a list of cells: {"tag", "scope", "colspan", "text", "links", "details"}."""

    def __init__(self, content):
        super().__init__(convert_charrefs=True)
        self.caption = None
        self.caption_id = None
        self.region_label = None
        self.sections = {"thead": [], "tbody": [], "tfoot": []}
        self.section = None
        self.cell = None
        self.in_caption = False
        self.in_table = False
        self.done = False
        self.feed(content)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "div" and "table-scroll" in (attrs.get("class") or "").split() and not self.in_table:
            self.region_label = (attrs.get("role"), attrs.get("aria-labelledby"), attrs.get("tabindex"))
        elif tag == "table" and "comparison-table" in (attrs.get("class") or "").split():
            self.in_table = True
        if not self.in_table:
            return
        if tag == "caption":
            self.caption, self.caption_id, self.in_caption = "", attrs.get("id"), True
        elif tag in self.sections:
            self.section = tag
        elif tag == "tr":
            self.sections[self.section].append([])
        elif tag in ("th", "td"):
            self.cell = {
                "tag": tag,
                "scope": attrs.get("scope"),
                "colspan": int(attrs.get("colspan", 1)),
                "text": "",
                "links": [],
                "details": False,
            }
        elif tag == "a" and self.cell is not None:
            self.cell["links"].append(attrs.get("href"))
        elif tag == "details" and self.cell is not None:
            self.cell["details"] = True

    def handle_endtag(self, tag):
        if not self.in_table or self.done:
            return
        if tag == "caption":
            self.in_caption = False
            self.caption = " ".join(self.caption.split())
        elif tag in ("th", "td") and self.cell is not None:
            self.cell["text"] = " ".join(self.cell["text"].split())
            self.sections[self.section][-1].append(self.cell)
            self.cell = None
        elif tag == "table":
            self.done = True

    def handle_data(self, data):
        if self.in_caption:
            self.caption += data
        elif self.cell is not None:
            self.cell["text"] += data

    @property
    def column_headers(self):
        return self.sections["thead"][0]

    @property
    def rows(self):
        """{row header's text: the row's cells after it}."""
        return {row[0]["text"]: row[1:] for row in self.sections["tbody"]}
