"""Reading the sitemap as a search engine does: the index at /sitemap.xml, then every file it lists."""

import xml.etree.ElementTree as ET
from contextlib import nullcontext

NAMESPACES = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
ORIGIN = "http://testserver"
# The index: each of the six sections with database items (pilot actions, outputs, groups, borders, countries,
# webinars) counts its items and reads its latest change. A file: its section's count and its page of items.
INDEX_QUERIES = 12
FILE_QUERIES = 2


def sitemap_files(client, query_budget=None):
    """The sitemap files /sitemap.xml (an index) lists, each parsed; with ``query_budget`` (pytest-django's
    ``django_assert_max_num_queries``), the index and each file within their budgets, which do not grow with the
    data: the index counts and dates each section, a file reads its page of items."""
    with query_budget(INDEX_QUERIES) if query_budget else nullcontext():
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    index = ET.fromstring(response.content)
    assert index.tag == f"{{{NAMESPACES['sm']}}}sitemapindex"
    files = []
    for location in index.findall("sm:sitemap/sm:loc", NAMESPACES):
        assert location.text.startswith(f"{ORIGIN}/sitemap-")
        with query_budget(FILE_QUERIES) if query_budget else nullcontext():
            section = client.get(location.text.removeprefix(ORIGIN))
        assert section.status_code == 200, location.text
        files.append(ET.fromstring(section.content))
    return files


def sitemap_urls(client, query_budget=None):
    return [url for root in sitemap_files(client, query_budget) for url in root.findall("sm:url", NAMESPACES)]


def sitemap_entries(client, query_budget=None):
    """{location: {hreflang: alternate location}} of every file of the sitemap."""
    entries = {}
    for url in sitemap_urls(client, query_budget):
        location = url.findtext("sm:loc", namespaces=NAMESPACES)
        assert location not in entries, f"{location} listed twice"
        entries[location] = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NAMESPACES)}
    return entries
