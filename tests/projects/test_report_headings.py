"""A report body's headings sit below the report's own title (an <h3> on its pilot action's page and on
/updates/), and an output's or results' text below the heading of the part it is shown in."""

import re

import pytest

from core.text import render_markdown
from tests.factories import OutputFactory, ProgressReportFactory, ResultsFactory

pytestmark = pytest.mark.django_db

SOURCE = "# A\n\nText.\n\n## B\n\n### C\n\n#### D\n\n<h2>E</h2>"


def levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])\b", html)]


def heading_level(html, text):
    return int(re.search(rf"<h([1-6])\b[^>]*>(?:<a [^>]*>)?{re.escape(text)}", html)[1])


def test_top_level_shifts_every_heading_and_caps_at_h6():
    html = render_markdown(SOURCE, top_level=4)
    assert levels(html) == [4, 5, 6, 6, 5]
    assert "<h4>A</h4>" in html and "<h5>B</h5>" in html
    assert levels(render_markdown(SOURCE, top_level=3)) == [3, 4, 5, 6, 4]


def test_a_text_starting_at_two_hashes_skips_no_level():
    """The editor's help says headings start with "## ": the highest heading written is the top level, whatever
    its number of hashes, so that no level is skipped under the page's own heading (the Nu checker's error)."""
    assert levels(render_markdown("Text.\n\n## B\n\n### C\n\n## D", top_level=4)) == [4, 5, 4]
    assert levels(render_markdown("### C\n\n#### D", top_level=3)) == [3, 4]
    assert levels(render_markdown("## B")) == [2]  # no top level: as written


@pytest.mark.parametrize("page", ["pilot action", "updates"])
def test_report_body_headings_are_below_the_report_title(client, page):
    report = ProgressReportFactory(title="Spring drill", body=SOURCE)
    assert levels(report.body_html) == [4, 5, 6, 6, 5]
    url = report.pilot_action.get_absolute_url() if page == "pilot action" else "/updates/"
    html = client.get(url).content.decode()
    title = heading_level(html, "Spring drill")
    body_levels = levels(html[html.index("Spring drill") :])
    assert min(level for level in body_levels[: len(levels(report.body_html))]) > title
    assert "<h1>A</h1>" not in html and "<h2>B</h2>" not in html


def test_output_reuse_headings_are_below_its_section_heading(client):
    output = OutputFactory(reuse="# A\n\n## B")
    assert levels(output.reuse_html) == [3, 4]
    html = client.get(output.get_absolute_url()).content.decode()
    section = heading_level(html, "What another border region can reuse")
    assert section == 2
    assert "<h3>A</h3>" in html and "<h4>B</h4>" in html


def test_results_headings_are_below_their_part_headings():
    results = ResultsFactory(achievements="# A\n\n## B", reuse="## C")
    assert levels(results.achievements_html) == [4, 5]
    assert levels(results.reuse_html) == [4]
