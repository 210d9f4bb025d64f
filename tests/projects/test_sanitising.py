"""What people write in a progress report cannot run in a visitor's browser.

The payloads are well-known filter-evasion vectors (OWASP XSS cheat sheet style), as raw HTML and as Markdown.
The output is tokenised with ``html.parser`` (which decodes character references in attribute values, as a
browser does) and checked element by element, attribute by attribute, rather than searched for substrings.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.text import SECTION_TEXT, render_markdown
from tests.factories import PilotActionFactory, ProgressReportFactory, UserFactory

BASE64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
ENCODED_JAVASCRIPT = "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
PADDED_JAVASCRIPT = "".join(f"&#{ord(char):07d}" for char in "javascript:")
HEX_JAVASCRIPT = "".join(f"&#x{ord(char):X}" for char in "javascript:")

PAYLOADS = [
    # Raw HTML.
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', id="svg-xlink-href"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="a-javascript"),
    pytest.param('<a HREF="JaVaScRiPt:alert(1)">x</a>', id="a-javascript-mixed-case"),
    pytest.param("<a href=javascript:alert(1)>x</a>", id="a-javascript-unquoted"),
    pytest.param('<a href=" javascript:alert(1)">x</a>', id="a-javascript-leading-space"),
    pytest.param('<a href="\x01javascript:alert(1)">x</a>', id="a-javascript-leading-control-char"),
    pytest.param('<a href="javascript&colon;alert(1)">x</a>', id="a-javascript-colon-entity"),
    pytest.param(f'<a href="{ENCODED_JAVASCRIPT}alert(1)">x</a>', id="a-javascript-decimal-entities"),
    pytest.param(f'<a href="{PADDED_JAVASCRIPT}alert(1)">x</a>', id="a-javascript-padded-entities-no-semicolon"),
    pytest.param(f'<a href="{HEX_JAVASCRIPT}alert(1)">x</a>', id="a-javascript-hex-entities-no-semicolon"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="a-javascript-tab-entity"),
    pytest.param('<a href="jav&NewLine;ascript:alert(1)">x</a>', id="a-javascript-newline-entity"),
    pytest.param('<a href="java\tscript:alert(1)">x</a>', id="a-javascript-literal-tab"),
    pytest.param('<a href="java\nscript:alert(1)">x</a>', id="a-javascript-literal-newline"),
    pytest.param(f'<a href="data:text/html;base64,{BASE64_SCRIPT}">x</a>', id="a-data-base64"),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', id="a-vbscript"),
    pytest.param('<a href="https://example.org" onclick="alert(1)">x</a>', id="a-onclick"),
    pytest.param('<abbr title="x" onmouseover="alert(1)">x</abbr>', id="abbr-onmouseover"),
    pytest.param('<iframe src="javascript:alert(1)"></iframe>', id="iframe-src"),
    pytest.param("<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'></iframe>", id="iframe-srcdoc"),
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param('<div style="background:url(javascript:alert(1))">x</div>', id="div-style"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="allowed-tag-style"),
    pytest.param("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="math-mglyph-mutation"),
    pytest.param('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', id="noscript-mutation"),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object"),
    pytest.param('<embed src="javascript:alert(1)">', id="embed"),
    pytest.param('<form action="javascript:alert(1)"><button>go</button></form>', id="form-action"),
    pytest.param('<button formaction="javascript:alert(1)">go</button>', id="button-formaction"),
    pytest.param("<input autofocus onfocus=alert(1)>", id="input-autofocus"),
    pytest.param("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    pytest.param('<video><source onerror="alert(1)"></video>', id="video-source-onerror"),
    pytest.param('"><script>alert(1)</script>', id="attribute-breakout"),
    pytest.param("<scr<script>ipt>alert(1)</scr</script>ipt>", id="nested-script"),
    pytest.param("<<SCRIPT>alert(1);//<</SCRIPT>", id="double-open-bracket"),
    pytest.param('<IMG """><SCRIPT>alert(1)</SCRIPT>">', id="img-quotes"),
    pytest.param('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param('<link rel=import href="https://evil.example/x.html">', id="link-import"),
    pytest.param('<style>@import "javascript:alert(1)";</style>', id="style-import"),
    pytest.param('<table background="javascript:alert(1)"><tr><td onclick="alert(1)">x</td></tr></table>', id="table"),
    pytest.param('<blockquote cite="javascript:alert(1)">q</blockquote>', id="blockquote-cite"),
    pytest.param("<template><script>alert(1)</script></template>", id="template"),
    pytest.param("<!--[if gte IE 4]><script>alert(1)</script><![endif]-->", id="ie-conditional-comment"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="cdata"),
    pytest.param('<div markdown="1">[x](javascript:alert(1))</div>', id="markdown-in-html"),
    # HTML-entity encoded markup: it must stay text.
    pytest.param("&lt;script&gt;alert(1)&lt;/script&gt;", id="named-entities"),
    pytest.param("&#60;script&#62;alert(1)&#60;/script&#62;", id="numeric-entities"),
    # Markdown.
    pytest.param("[click](javascript:alert(1))", id="md-javascript"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="md-javascript-mixed-case"),
    pytest.param("[x](  javascript:alert(1))", id="md-javascript-leading-spaces"),
    pytest.param("[x](jav&#x09;ascript:alert(1))", id="md-javascript-tab-entity"),
    pytest.param("[x](java\tscript:alert(1))", id="md-javascript-literal-tab"),
    pytest.param("[x](&#106;avascript:alert(1))", id="md-javascript-decimal-entity"),
    pytest.param("[x](javascript&#58;alert(1))", id="md-javascript-colon-entity"),
    pytest.param("[x](<javascript:alert(1)>)", id="md-javascript-angle-brackets"),
    pytest.param("[x](javascript://%0Aalert(1))", id="md-javascript-comment-newline"),
    pytest.param("[x](\\javascript:alert(1))", id="md-javascript-backslash"),
    pytest.param(f"[x](data:text/html;base64,{BASE64_SCRIPT})", id="md-data-base64"),
    pytest.param("[x](vbscript:msgbox(1))", id="md-vbscript"),
    pytest.param("![x](javascript:alert(1))", id="md-image-javascript"),
    pytest.param('![x](https://example.org/x.png" onerror="alert(1))', id="md-image-attribute-breakout"),
    pytest.param('[x](https://example.org "t\\" onmouseover=\\"alert(1)")', id="md-title-breakout"),
    pytest.param("<javascript:alert(1)>", id="md-autolink-javascript"),
    pytest.param("[x][1]\n\n[1]: javascript:alert(1)", id="md-reference-javascript"),
    pytest.param('[x][1]\n\n[1]: javascript:alert(1) "title"', id="md-reference-javascript-title"),
    pytest.param('*[x]: " onmouseover=alert(1) x="\n\nx', id="md-abbreviation-breakout"),
    pytest.param('[x](https://example.org){: onclick="alert(1)" }', id="md-attr-list-onclick"),
    pytest.param('[x](https://example.org){: href="javascript:alert(1)" }', id="md-attr-list-href"),
    pytest.param('## Heading {: onmouseover="alert(1)" style="color:red" }', id="md-attr-list-heading"),
    pytest.param("[^1]\n\n[^1]: <script>alert(1)</script> note", id="md-footnote-script"),
    pytest.param("| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |", id="md-table"),
    pytest.param("```html\n<script>alert(1)</script>\n```", id="md-fenced-code"),
    pytest.param("`<script>alert(1)</script>`", id="md-inline-code"),
]

# Strings every payload carries, that nothing on a page may carry outside of text.
SIGNATURES = ("alert(", "msgbox(", "evil.example", BASE64_SCRIPT)

DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "style", "svg", "math", "form", "input", "meta", "base", "link",
    "applet", "frame", "frameset", "noscript", "template", "portal", "button", "textarea", "select", "keygen",
    "img", "image", "video", "audio", "source", "body", "details",
}  # fmt: skip
FORBIDDEN_ATTRIBUTES = {"style", "srcdoc"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "background", "cite", "poster", "srcset", "xlink:href",
    "longdesc", "lowsrc", "dynsrc", "ping", "codebase", "classid", "manifest", "icon", "profile", "usemap",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# As the WHATWG URL parser does: trim C0 controls and spaces, then drop tabs and newlines anywhere.
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOOPENER = {"noopener", "noreferrer", "nofollow"}


def url_problem(value):
    """Why a URL attribute's value could run code, or None. Relative URLs, ``#`` and ``/`` are fine."""
    url = re.sub(r"[\t\n\r]", "", (value or "").strip(C0_AND_SPACE)).lower()
    match = SCHEME.match(url)
    if match and match.group(1) not in SAFE_SCHEMES:
        return f"{match.group(1)}: URL"
    return None


class Collector(HTMLParser):
    """Every element with its attributes, the text of script and style, comments and declarations."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.raw_text = []
        self.other_markup = []
        self.text = []
        self.in_raw_text = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self.in_raw_text = tag in {"script", "style"}

    def handle_endtag(self, tag):
        self.in_raw_text = False

    def handle_data(self, data):
        (self.raw_text if self.in_raw_text else self.text).append(data)

    def handle_comment(self, data):
        self.other_markup.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.other_markup.append(f"<!{decl}>")

    def unknown_decl(self, data):
        self.other_markup.append(f"<![{data}]>")

    def handle_pi(self, data):
        self.other_markup.append(f"<?{data}>")

    def dangerous_attributes(self):
        """(description, value) of each event handler, style, srcdoc, or URL with a scheme that runs code."""
        for tag, attrs in self.elements:
            for name, value in attrs:
                if name.startswith("on") or name in FORBIDDEN_ATTRIBUTES:
                    yield f"{name} attribute on <{tag}>", value or ""
                elif name in URL_ATTRIBUTES and (problem := url_problem(value)):
                    yield f"{problem} in {name}={value!r} on <{tag}>", value

    def problems(self):
        found = [f"<{tag}> element" for tag, _ in self.elements if tag in DANGEROUS_TAGS]
        found.extend(description for description, _ in self.dangerous_attributes())
        found.extend(f"markup {markup!r}" for markup in self.other_markup)
        return found

    def links(self):
        return [dict(attrs) for tag, attrs in self.elements if tag == "a"]


class ReportArticles(HTMLParser):
    """What each ``<article class="report">`` holds, by its ``aria-labelledby``; the rest of the page is skipped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.articles = {}
        self.current = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if self.current is None:
            attributes = dict(attrs)
            if tag == "article" and "report" in (attributes.get("class") or "").split():
                self.current = self.articles[attributes.get("aria-labelledby")] = Collector()
                self.depth = 1
            return
        self.current.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag not in VOID_ELEMENTS:
            self.depth -= 1
        if self.depth == 0:
            self.current = None
        else:
            self.current.handle_endtag(tag)

    def handle_data(self, data):
        if self.current:
            self.current.handle_data(data)

    def handle_comment(self, data):
        if self.current:
            self.current.handle_comment(data)

    def handle_decl(self, decl):
        if self.current:
            self.current.handle_decl(decl)

    def unknown_decl(self, data):
        if self.current:
            self.current.unknown_decl(data)

    def handle_pi(self, data):
        if self.current:
            self.current.handle_pi(data)


def parse(html, parser_class=Collector):
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return parser


def payload_outside_text(html):
    """Anywhere on a whole page where a payload could run: handlers, styles, bad URLs, scripts, comments."""
    collector = parse(html)
    places = [value for _, value in collector.dangerous_attributes()] + collector.raw_text + collector.other_markup
    return [place for place in places if any(signature in place for signature in SIGNATURES)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p><script>alert(1)</script></p>", ["<script> element"]),
        ('<a href="JAVA&#x09;SCRIPT:alert(1)">x</a>', ["javascript: URL in href='JAVA\\tSCRIPT:alert(1)' on <a>"]),
        ('<a href=" \x01vbscript:x">x</a>', ["vbscript: URL in href=' \\x01vbscript:x' on <a>"]),
        ('<img src="data:image/svg+xml,x">', ["<img> element", "data: URL in src='data:image/svg+xml,x' on <img>"]),
        ('<p onclick="x" style="y">x</p>', ["onclick attribute on <p>", "style attribute on <p>"]),
        ("<!--[if IE]>x<![endif]-->", ["markup '<!--[if IE]>x<![endif]-->'"]),
        ('<a href="https://example.org">x</a><a href="mailto:a@example.org">m</a><a href="#n">n</a>', []),
        ('<a href="/page">x</a><a href="page?x=a:b">y</a><a href="java   script:x">z</a>', []),
    ],
)
def test_the_checks_see_what_they_look_for(html, expected):
    assert parse(html).problems() == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_carries_a_signature(payload):
    """The page-wide check below only means something if every payload carries a signature."""
    assert any(signature in payload for signature in SIGNATURES)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_neutralises(payload):
    assert parse(render_markdown(payload)).problems() == []


@pytest.mark.django_db
def test_public_page_shows_every_report_neutralised(client):
    """All payloads as reports of one pilot action, rendered once: each report's article is checked apart."""
    pilot_action = PilotActionFactory()
    names = {}
    for param in PAYLOADS:
        report = ProgressReportFactory(
            pilot_action=pilot_action, title=param.id, body=f"Report body follows.\n\n{param.values[0]}"
        )
        names[f"report-{report.pk}"] = param.id

    response = client.get(pilot_action.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    articles = parse(page, ReportArticles).articles
    assert sorted(articles) == sorted(names)
    problems = {}
    for article_id, name in names.items():
        article = articles[article_id]
        found = article.problems()
        if "Report body follows." not in "".join(article.text):
            found.append("the report's body is not in its article")
        if found:
            problems[name] = found
    assert problems == {}
    # Nothing broke out of its article either: no handler, script or link anywhere on the page carries a payload.
    assert payload_outside_text(page) == []


@pytest.fixture
def coordinator_client(client, db):
    coordinator = UserFactory()
    PilotActionFactory().coordinators.add(coordinator)
    client.force_login(coordinator)
    return client


@pytest.mark.parametrize("payload", PAYLOADS)
def test_preview_returns_neutralised_html(coordinator_client, payload):
    response = coordinator_client.post(reverse("workspace:preview"), {"body": payload})

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "text/html"
    html = response.content.decode()
    assert parse(html).problems() == []
    # The preview shows what the public will see, its headings under the preview's own <h2>.
    assert html == render_markdown(payload, top_level=SECTION_TEXT)


def test_harmless_markdown_still_renders():
    source = (
        "## Field visit\n\n"
        "We met **twice** and *once* more: a < b & c. See [the report](https://example.org/report?a=1&b=2).\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "Write to <mailto:team@example.org>.\n\n"
        "> Quoted.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "`code`\n"
    )
    html = render_markdown(source)
    collector = parse(html)
    tags = [tag for tag, _ in collector.elements]

    assert collector.problems() == []
    for tag in ("h2", "strong", "em", "ul", "ol", "blockquote", "table", "th", "td", "code"):
        assert tag in tags, f"<{tag}> missing from {html}"
    assert tags.count("li") == 4
    assert "<strong>twice</strong>" in html
    assert [link["href"] for link in collector.links()] == [
        "https://example.org/report?a=1&b=2",
        "mailto:team@example.org",
    ]
    text = "".join(collector.text)
    for words in ("Field visit", "a < b & c", "first", "second", "one", "two", "Quoted.", "code"):
        assert words in text


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[site](https://example.org)", id="inline"),
        pytest.param("<https://example.org>", id="autolink"),
        pytest.param("[site][1]\n\n[1]: https://example.org", id="reference"),
        pytest.param("[us](mailto:team@example.org)", id="mailto"),
        pytest.param('<a href="https://example.org" rel="opener" target="_blank">site</a>', id="raw-html-rel-target"),
        pytest.param("[site](https://example.org){: rel=opener target=_blank }", id="attr-list-rel-target"),
    ],
)
def test_links_get_noopener_noreferrer_nofollow(source):
    links = parse(render_markdown(source)).links()

    assert len(links) == 1
    assert links[0]["href"].startswith(("https://example.org", "mailto:team@example.org"))
    assert set(links[0]["rel"].split()) == NOOPENER
    assert "target" not in links[0]
