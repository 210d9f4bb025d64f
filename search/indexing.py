"""Writing the index: ``reindex`` for a few objects (the signals), ``rebuild`` for everything (the command, the
migrations, the periodic task). Both delete the objects' entries and add back those still public, one entry per
language, in one transaction, by bulk inserts; on PostgreSQL ``reindex``'s INSERT computes its few rows' vectors,
and ``rebuild`` fills them all afterwards with one UPDATE per language."""

import hashlib

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import TextField, Value
from django.utils import translation

from core.pagecache import public_content_changed
from search.models import SearchEntry
from search.registry import KINDS
from search.text import fold

BATCH = 2000

# The text search configuration of each language, made accent-blind by the migrations (unaccent, then the stemmer).
CONFIGURATIONS = {"en": "english_unaccent", "fr": "french_unaccent"}
DEFAULT_CONFIGURATION = "simple_unaccent"


def configuration(language):
    return CONFIGURATIONS.get(language, DEFAULT_CONFIGURATION)


def languages():
    return [code for code, _name in settings.LANGUAGES]


def uses_vectors():
    return connection.vendor == "postgresql"


def entries_for(kind, objects, with_vectors=True):
    """The unsaved entries of ``objects`` of ``kind``, one per language; on PostgreSQL with their vectors, unless
    ``with_vectors`` is False (``compute_vectors`` then fills them, faster for many rows)."""
    entries = []
    vectors = uses_vectors()
    for language in languages():
        with translation.override(language):
            for obj in objects:
                document = kind.document(obj)
                title, body = str(document.title)[:500], str(document.body)
                entries.append(
                    SearchEntry(
                        kind=kind.key,
                        object_id=obj.pk,
                        language=language,
                        title=title,
                        body=body,
                        url=document.url,
                        date=document.date,
                        # PostgreSQL computes a few entries' vectors in their INSERT (no second write); SQLite
                        # matches the folded copies instead.
                        vector=vector(title, body, language) if vectors and with_vectors else None,
                        folded_title="" if vectors else fold(title)[:500],
                        folded="" if vectors else fold(f"{title}\n{body}"),
                    )
                )
    return entries


def vector(title, body, language):
    """The weighted vector of one entry: the title weighs A, the body B, in the language's configuration."""
    config = configuration(language)
    return SearchVector(Value(title, output_field=TextField()), weight="A", config=config) + SearchVector(
        Value(body, output_field=TextField()), weight="B", config=config
    )


def compute_vectors():
    """Fill the vectors of the entries that have none: one UPDATE per language, for a rebuild's many rows."""
    if not uses_vectors():
        return
    for language in languages():
        config = configuration(language)
        SearchEntry.objects.filter(vector__isnull=True, language=language).update(
            vector=SearchVector("title", weight="A", config=config) + SearchVector("body", weight="B", config=config)
        )


def as_objects(public, pks):
    """The public objects among ``pks``: a queryset filtered, or an iterable picked from."""
    if hasattr(public, "filter"):
        return list(public.filter(pk__in=pks))
    return [obj for obj in public if obj.pk in pks]


@transaction.atomic
def reindex(changed):
    """Index again the objects ``changed`` names ({kind key: {pk, ...}}), dropping those no longer public."""
    entries = []
    for key, pks in changed.items():
        pks = {pk for pk in pks if pk is not None}
        if not pks or key not in KINDS:
            continue
        SearchEntry.objects.filter(kind=key, object_id__in=pks).delete()
        entries.extend(entries_for(KINDS[key], as_objects(KINDS[key].public(), pks)))
    if entries:
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH)


def chunks(public):
    if hasattr(public, "iterator"):
        public = public.order_by("pk").iterator(chunk_size=BATCH)
    chunk = []
    for obj in public:
        chunk.append(obj)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@transaction.atomic
def rebuild():
    """The whole index from the content; readers see the old one until it commits. Returns how many entries.

    Cached search pages follow the public content version: it moves on (at commit) only if the index came out
    different, as after a bulk update the signals did not see; an hourly rebuild of an index that was right
    leaves every cached page and ETag as it was."""
    before = fingerprint()
    SearchEntry.objects.all().delete()
    total = 0
    for kind in KINDS.values():
        for chunk in chunks(kind.public()):
            entries = entries_for(kind, chunk, with_vectors=False)
            total += len(SearchEntry.objects.bulk_create(entries, batch_size=BATCH))
    compute_vectors()
    if fingerprint() != before:
        public_content_changed()
    return total


def fingerprint():
    """A digest of what the index says, entry by entry, in a fixed order."""
    digest = hashlib.sha256()
    rows = SearchEntry.objects.order_by("kind", "object_id", "language").values_list(
        "kind", "object_id", "language", "title", "body", "url"
    )
    for row in rows.iterator(chunk_size=BATCH):
        digest.update(repr(row).encode())
    return digest.hexdigest()
