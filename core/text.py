"""Markdown written by people, rendered once into HTML that is safe to print as is."""

import re
from html.parser import HTMLParser

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
    "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)

# The level of a text's highest heading where each text is shown: below the heading the page gives the text itself.
SECTION_TEXT = 3  # under a section's <h2> (an output's reuse text, a FAQ answer, a preview)
REPORT_BODY = 4  # under a progress report's <h3> title, on its pilot action's page and on /updates/
RESULTS_TEXT = 4  # under the <h3> of the "Results" section's parts


def shift_headings(html, top_level):
    """The text's highest heading becomes ``<h{top_level}>`` and the others keep their distance below it, none
    deeper than ``<h6>``: a text whose headings start at ``##`` (as the editor's help suggests) or at ``#`` is
    outlined the same, with no level skipped under the heading of the page's part it sits in."""
    written = [int(level) for closing, level in HEADING_TAG.findall(html) if not closing]
    if not written:
        return html
    shift = top_level - min(written)
    return HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}", html)


def render_markdown(source, top_level=None):
    """Markdown to sanitised HTML: no script, no event handler, no javascript: link survives. Its highest heading
    is ``<h{top_level}>`` (None leaves them as written, ``<h1>`` then removed), so that none outranks, and no level
    is skipped below, the heading of the page's part it sits in: pass the level below that heading.
    """
    html = markdown.markdown(source or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html if top_level is None else shift_headings(html, top_level),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


VOID_TAGS = {"br", "hr"}
CUT_INSIDE_TAGS = {"p"}  # text, links and emphasis only: cut between two words, the open tags closed


class TopLevelBlocks(HTMLParser):
    """The HTML of each top-level element (paragraph, list, table…) of a rendered text, in order."""

    def __init__(self, html):
        super().__init__(convert_charrefs=False)
        self.html, self.blocks, self.depth, self.start = html, [], 0, 0
        self.line_offsets = [0]
        for line in html.splitlines(keepends=True):
            self.line_offsets.append(self.line_offsets[-1] + len(line))
        self.feed(html)
        self.close()

    def position(self):
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.start = self.position()
        if tag in VOID_TAGS:
            if self.depth == 0:
                self.blocks.append(self.get_starttag_text())
            return
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.html.index(">", self.position()) + 1
            self.blocks.append(self.html[self.start : end])


def excerpt_html(html, words):
    """The first ``words`` words of a rendered text, still valid HTML: whole paragraphs, lists and tables while
    they fit, then the paragraph that does not fit cut short, or, for a list or a table (whose rows and items
    cannot end in a loose "…"), a paragraph "…" in its place."""
    kept = []
    for block in TopLevelBlocks(html).blocks:
        block_words = len(strip_tags(block).split())
        if block_words <= words:
            kept.append(block)
            words -= block_words
            continue
        tag = re.match(r"<([a-z0-9]+)", block)[1]
        kept.append(Truncator(block).words(words, html=True) if tag in CUT_INSIDE_TAGS and words else "<p>…</p>")
        break
    return "\n".join(kept)
