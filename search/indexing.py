"""Writing the index: ``reindex`` for a few objects (the signals), ``rebuild`` for everything (the command, the
migrations, the periodic task). Both delete the objects' entries and add back those still public, one entry per
content language (``languages``), in one transaction, by bulk inserts; on PostgreSQL ``reindex``'s INSERT computes
its few rows' vectors, and ``rebuild`` fills them all afterwards with one UPDATE per language."""

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

# PostgreSQL's text search configuration (its stemmer) for each language of the interface, in one place: the
# languages PostgreSQL 15 has a Snowball stemmer for, and 'simple' (no stemming) for the others. Migrations
# (search/0002, 0003) make an accent-blind copy of each, ``<name>_unaccent`` (unaccent, then the stemmer), which is
# what entries and searches use.
TEXT_SEARCH_CONFIGURATIONS = {
    "bg": "simple",  # PostgreSQL's Cyrillic stemmer is Russian's
    "cs": "simple",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "simple",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hr": "simple",
    "hu": "hungarian",
    "it": "italian",
    "lt": "lithuanian",
    "lv": "simple",
    "mt": "simple",
    "nb": "norwegian",
    "nl": "dutch",
    "pl": "simple",
    "pt": "portuguese",
    "ro": "romanian",
    "sk": "simple",
    "sl": "simple",
    "sv": "swedish",
}


def configuration(language):
    """The accent-blind text search configuration of an indexed ``language`` (see ``index_language``)."""
    return f"{TEXT_SEARCH_CONFIGURATIONS.get(language, 'simple')}_unaccent"


def languages():
    """The languages the index holds: those content is written in (settings.CONTENT_LANGUAGES), not the 25 of
    the interface, whose other languages show content in English."""
    return list(settings.CONTENT_LANGUAGES)


def index_language(language):
    """The entries a search in the interface's ``language`` reads: its own if content is written in it, else the
    English ones, the text its pages show."""
    return language if language in settings.CONTENT_LANGUAGES else settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def uses_vectors():
    return connection.vendor == "postgresql"


def entries_for(kind, objects, with_vectors=True):
    """The unsaved entries of ``objects`` of ``kind``, one per content language; on PostgreSQL with their vectors,
    unless ``with_vectors`` is False (``compute_vectors`` then fills them, faster for many rows)."""
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
