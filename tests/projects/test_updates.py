import xml.etree.ElementTree as ET

import pytest

from core.text import excerpt_html
from projects.models import PilotAction, ProgressReport
from tests.factories import PilotActionFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def reports(programme):
    drava = PilotAction.objects.get(code="CM1")
    riviera = PilotAction.objects.get(title__startswith="Riviera")
    first = ProgressReportFactory(pilot_action=drava, title="Joint action plan drafted", body="**Plan** done")
    second = ProgressReportFactory(pilot_action=riviera, title="Rail study", body="<script>alert(1)</script>Trains")
    ProgressReport.objects.filter(pk=first.pk).update(published_at=second.published_at.replace(year=2025))
    ProgressReportFactory(pilot_action=drava, title="Unfinished draft", status="draft")
    hidden = PilotActionFactory(status="rejected")
    ProgressReportFactory(pilot_action=hidden, title="Report of a rejected application")
    return first, second


def test_updates_page_lists_published_reports_newest_first(client, reports):
    content = client.get("/updates/").content.decode()
    assert content.index("Rail study") < content.index("Joint action plan drafted")
    assert "Unfinished draft" not in content and "rejected application" not in content
    assert "<script>alert" not in content


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"group": "spatial-planning"}, ["Rail study"]),
        ({"theme": "floods"}, ["Joint action plan drafted"]),
        ({"border": "france-italy"}, ["Rail study"]),
        ({"border": "bulgaria-greece"}, []),
    ],
)
def test_updates_filters(client, reports, query, titles):
    response = client.get("/updates/", query)
    assert [report.title for report in response.context["object_list"]] == titles


@pytest.mark.parametrize("query", [{"theme": "nope"}, {"group": "x\x00"}, {"page": "-3"}])
def test_updates_bad_parameters_give_a_message(client, reports, query):
    response = client.get("/updates/", query)
    assert response.status_code == 200
    if "page" not in query:
        assert response.context["filter"].form.errors


def test_atom_and_rss_feeds(client, reports):
    atom = client.get("/feeds/updates/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(atom.content).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Riviera Node Mobilities: Challenges for planning: Rail study",
        "CM1 Enhancing flood and drought resilience along the river Drava: Joint action plan drafted",
    ]
    assert "<script" not in atom.content.decode()
    rss = client.get("/feeds/updates/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert len(ET.fromstring(rss.content).findall("./channel/item")) == 2


def test_pilot_action_feed(client, reports):
    response = client.get("/feeds/pilot-actions/enhancing-flood-and-drought-resilience-along-the-river-drava/")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text.split(": ")[-1] for entry in entries] == ["Joint action plan drafted"]
    hidden = PilotAction.objects.get(record_confidence="partial")
    assert client.get(f"/feeds/pilot-actions/{hidden.slug}/").status_code == 404
    assert client.get("/feeds/pilot-actions/no-such-thing/rss/").status_code == 404


@pytest.mark.parametrize("many_pilot_actions", [20, 500], indirect=True)
def test_query_budgets(client, many_pilot_actions, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/updates/", {"theme": "floods"}).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/feeds/updates/").status_code == 200


LONG_BODY = "Intro " * 8 + "\n\n| Town | Minutes |\n| --- | --- |\n" + "| Kehl | 4 |\n" * 40 + "\nAfter the table."


def test_a_long_report_is_cut_on_updates_without_breaking_its_table(client):
    """The excerpt used to end inside a table row, with its "…" as loose text among the rows (invalid HTML, shown
    above the table): a table or list that does not fit is left out whole, and a "…" paragraph says there is more."""
    report = ProgressReportFactory(body=LONG_BODY)
    content = client.get("/updates/").content.decode()
    article = content[content.index(f'id="report-{report.pk}"') : content.index("</article>")]
    assert "Intro Intro" in article
    assert "<table>" not in article and "<tr>" not in article and "After the table" not in article
    assert article.rstrip().removesuffix("</div>").endswith("<p>…</p>")  # the body sits in its own element
    assert "Kehl" in client.get(report.pilot_action.get_absolute_url()).content.decode()


def test_a_long_paragraph_is_cut_between_words():
    assert (
        excerpt_html("<p>one <em>two three</em> four</p>\n<ul>\n<li>five</li>\n</ul>", 2) == "<p>one <em>two…</em></p>"
    )
    assert excerpt_html("<p>one two</p>\n<hr>\n<p>three</p>", 2) == "<p>one two</p>\n<hr>\n<p>…</p>"
    assert excerpt_html("<p>one two</p>", 5) == "<p>one two</p>"
