"""The search index: one row per public object per language, rebuilt from the content (``search.indexing``).

On PostgreSQL ``vector`` holds the weighted tsvector (title A, body B) in the language's unaccented text search
configuration, behind a GIN index the migrations create; on SQLite it stays empty and ``folded_title`` and
``folded`` (lower-cased, accents and letters such as ł or ø folded) are matched word by word instead.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateTimeField(null=True, blank=True)
    # A tsvector column on PostgreSQL; SQLite stores any type name, and the column stays NULL there.
    vector = SearchVectorField(null=True, editable=False)
    folded_title = models.CharField(max_length=500, blank=True)
    folded = models.TextField(blank=True)

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "language"], name="search_entry_once_per_language")
        ]
        indexes = [models.Index(fields=["language", "kind"], name="search_entry_language_kind")]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.language}): {self.title}"

    @property
    def content_language(self):
        """The language of its text: the index's (``core.content_language`` reads it to mark the text with ``lang``
        on the pages of other languages)."""
        return self.language
