"""Reading the index: the entries that match a search in one language, ranked, counted by kind, and highlighted.

A search in a language content is not written in (``index_language``) reads the English entries, in English's
configuration, and their addresses are given in the visitor's language (/de/… for a German search).

PostgreSQL: ``websearch`` queries (quotes, OR, -word) in the language's accent-blind configuration against the
stored vectors (a GIN index), ranked by ``ts_rank`` then date, snippets by ``ts_headline``. SQLite: every word,
folded, must occur in the folded text; titles that hold more of the words first, then date; snippets in Python.
"""

import secrets
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import Case, Count, F, Value, When
from django.urls import translate_url
from django.utils import translation

from search.indexing import configuration, index_language, uses_vectors
from search.models import SearchEntry
from search.text import highlight, marked_headline, snippet, words_of

HEADLINE_OPTIONS = {"max_words": 40, "min_words": 20, "max_fragments": 2, "fragment_delimiter": " … "}


@dataclass
class Search:
    text: str
    language: str

    def __post_init__(self):
        self.words = words_of(self.text)
        self.entries_language = index_language(self.language)
        if uses_vectors():
            self.query = SearchQuery(self.text, search_type="websearch", config=configuration(self.entries_language))

    def matches(self):
        entries = SearchEntry.objects.filter(language=self.entries_language)
        if uses_vectors():
            return entries.filter(vector=self.query)
        if not self.words:
            return entries.none()
        for word in self.words:
            entries = entries.filter(folded__contains=word)
        return entries

    def counts(self):
        """{kind key: how many entries match}."""
        return dict(
            self.matches().order_by().values_list("kind").annotate(total=Count("pk")).values_list("kind", "total")
        )

    def ranked(self, kind=None):
        entries = self.matches()
        if kind:
            entries = entries.filter(kind=kind)
        if uses_vectors():
            relevance = SearchRank(F("vector"), self.query)
        else:
            relevance = sum(
                (Case(When(folded_title__contains=word, then=Value(1)), default=Value(0)) for word in self.words),
                Value(0),
            )
        return (
            entries.annotate(relevance=relevance)
            .order_by("-relevance", F("date").desc(nulls_last=True), "pk")
            .only("kind", "object_id", "language", "title", "url", "date")
        )

    def highlighted(self, entries):
        """``entries`` with ``title_html`` and ``snippet_html``: escaped text, the words found in <mark>."""
        entries = list(entries)
        if uses_vectors():
            start, stop = f"[[{secrets.token_hex(8)}[[", f"]]{secrets.token_hex(8)}]]"
            config = configuration(self.entries_language)
            headlines = SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries]).annotate(
                title_headline=SearchHeadline(
                    "title", self.query, config=config, start_sel=start, stop_sel=stop, highlight_all=True
                ),
                body_headline=SearchHeadline(
                    "body", self.query, config=config, start_sel=start, stop_sel=stop, **HEADLINE_OPTIONS
                ),
            )
            found = {row.pk: row for row in headlines.only("pk")}
            for entry in entries:
                row = found.get(entry.pk)
                entry.title_html = marked_headline(row.title_headline if row else entry.title, start, stop)
                entry.snippet_html = marked_headline(row.body_headline if row else "", start, stop)
        else:
            bodies = dict(SearchEntry.objects.filter(pk__in=[entry.pk for entry in entries]).values_list("pk", "body"))
            for entry in entries:
                entry.title_html = highlight(entry.title, self.words)
                entry.snippet_html = snippet(bodies.get(entry.pk, ""), self.words)
        if self.entries_language != self.language:
            for entry in entries:
                entry.url = address_in(entry.url, self.entries_language, self.language)
        return entries


def address_in(url, written_in, language):
    """``url``, an address in the language ``written_in``, as the same page in ``language`` (/pilot-actions/x/ in
    German is /de/pilot-actions/x/); unchanged if it names no page of the site."""
    with translation.override(written_in):  # the address is resolved in the language it was written in
        return translate_url(url, language)
