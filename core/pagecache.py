"""Every public cache, and the one content version they all follow.

- **The content version** (``content_version()``): a count kept in the database (``core.ContentVersion``) and
  cached, which ``public_content_changed()`` moves on once per committed transaction that changed anything the
  public sees. The signals in ``projects.signals`` call it on save, delete and many-to-many changes in the public
  apps; ``PublicContentQuerySet``, the queryset of every model of those apps, calls it on bulk update, create and
  delete, which send no signal. After it moves, ``content_changed`` is sent, for work better done when data
  change than on the next request (map cells, filter counts).
- **Whole pages** (``cache_public_page`` and ``PublicPageCacheMiddleware``), for anonymous visitors: stored
  only when the view asks for it and the response sets no cookie, so nothing personal (a CSRF token, a session,
  a message) is ever served to someone else.
- **What pages derive from the data** (``cached_for_content``): filter choices and counts, map extents, the
  borders' and countries' shapes, chart outlines.
- **ETags and Last-Modified** of what derives from the content alone (``content_etag``,
  ``content_last_modified``): they change when the content does, and only then.

Each entry holds the version it was made for and is used only while that version is current: a change retires
them all at once, with nothing to delete and no timeout to wait for.
"""

import contextlib
import functools
import hashlib
import threading
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language

from core.models import ContentVersion

VERSION_KEY = "public-content-version"
# A request or response with one of these is about one person: never stored here, and private (middleware).
PERSONAL_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}

# Sent, without arguments, once the version has moved on after a change has committed: receivers enqueue the work
# that is better done when data change than on the first request after (precomputed map cells, facet counts).
content_changed = Signal()

# Data migrations change content before every table is there: what content_changed's receivers would compute then
# could fail, and is computed again by the first change after.
_migrating = False


def migration_starts(**kwargs):
    global _migrating
    _migrating = True


def migration_ends(**kwargs):
    global _migrating
    _migrating = False


def _current():
    """(number, changed_at) of the public content, from the cache or else from its row in the database."""
    current = cache.get(VERSION_KEY)
    if current is None:
        row, _ = ContentVersion.objects.get_or_create(pk=1)
        current = (row.number, row.changed_at)
        # add, not set: a change that moved the number on meanwhile has set the newer one, which must stay.
        cache.add(VERSION_KEY, current, timeout=None)
        current = cache.get(VERSION_KEY, current)
    return current


def content_version():
    """The public content's version, as text: it changes when public content does, and only then."""
    return str(_current()[0])


def content_changed_at():
    """When public content last changed: the Last-Modified of what is derived from all of it."""
    return _current()[1]


RAISE_VERSION_SQL = (
    'UPDATE "core_contentversion" SET number = number + 1, changed_at = %s WHERE id = 1 RETURNING number'
)


def _move_on():
    """Raise the number in the database and, while its row is still locked, in the cache: two changes that commit
    together cannot leave the cache holding the older number."""
    changed_at = timezone.now()
    with transaction.atomic():
        # One statement that raises and reads the number (SQLite 3.35+ and PostgreSQL): it runs on every change.
        connection = transaction.get_connection()
        with connection.cursor() as cursor:
            cursor.execute(RAISE_VERSION_SQL, [connection.ops.adapt_datetimefield_value(changed_at)])
            row = cursor.fetchone()
        number = row[0] if row else ContentVersion.objects.create(pk=1, number=2, changed_at=changed_at).number
        cache.set(VERSION_KEY, (number, changed_at), timeout=None)
    if not _migrating:
        content_changed.send(sender=ContentVersion)


def _waits_for_commit(connection):
    # A test case wraps each test in atomic blocks that never commit (Django marks them, for its own check of
    # durable=True): inside them what the commit would do happens at once, as it would after a commit.
    blocks = connection.atomic_blocks
    return bool(blocks) and not getattr(blocks[0], "_from_testcase", False)


_gathering = threading.local()


@contextlib.contextmanager
def one_change():
    """Count every public change made inside as one, made at the end: for loads and bulk jobs that commit in
    many transactions (batches of rows), which would otherwise move the version on, and have the map's cells and
    the filter counts computed again, after each."""
    depth = getattr(_gathering, "depth", 0)
    _gathering.depth = depth + 1
    try:
        yield
    finally:
        _gathering.depth = depth
        if depth == 0 and getattr(_gathering, "changed", False):
            _gathering.changed = False
            public_content_changed()


def public_content_changed(using=None):
    """The one thing to call when anything the public sees has changed: every cached public page and fragment,
    the map's data and every ETag derived from the version move on.

    Inside a transaction it waits for the commit (once per transaction, however many rows changed): moved on
    before, the version would let a request render the old rows and store them under the new number.
    """
    if getattr(_gathering, "depth", 0):
        _gathering.changed = True
        return
    connection = transaction.get_connection(using)
    if not _waits_for_commit(connection):
        _move_on()
    elif not any(callback is _move_on for _, callback, *_ in connection.run_on_commit):
        transaction.on_commit(_move_on, using=using)


class PublicContentQuerySet(models.QuerySet):
    """For every model whose rows a public page shows: bulk changes, which send no signal, move the version on
    too (the signals in ``projects.signals`` handle save, delete and many-to-many changes)."""

    def update(self, **kwargs):
        changed = super().update(**kwargs)
        if changed:
            public_content_changed(self.db)
        return changed

    update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            public_content_changed(self.db)
        return created

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        changed = super().bulk_update(objs, fields, *args, **kwargs)
        if changed:
            public_content_changed(self.db)
        return changed

    bulk_update.alters_data = True

    def delete(self):
        deleted = super().delete()
        if deleted[0]:
            public_content_changed(self.db)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True


def content_etag(request, *args, **kwargs):
    """The ETag of a response derived from the public content alone: its address, its language and the content
    version, so it changes when the content does and only then (a view's ``condition(etag_func=...)``)."""
    fingerprint = f"{request.get_full_path()}|{get_language()}|{content_version()}"
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32]


def content_last_modified(request, *args, **kwargs):
    return content_changed_at()


MISSING = object()


def cached_for_content(name, compute, timeout=None):
    """``compute()``, once per version of the public content: what public pages derive from the data and
    nothing else (filter choices and counts, map extents, shapes). Stored with the version it was computed for,
    under one key per ``name``, so old versions take no room."""
    version_and_value = cache.get_many([VERSION_KEY, f"content:{name}"])
    current = version_and_value.get(VERSION_KEY) or _current()
    stored = version_and_value.get(f"content:{name}", MISSING)
    if stored is not MISSING and stored[0] == current[0]:
        return stored[1]
    value = compute()
    cache.set(f"content:{name}", (current[0], value), timeout=timeout or settings.PUBLIC_CONTENT_CACHE_SECONDS)
    return value


def cached_many_for_content(names, compute_missing, timeout=None):
    """``cached_for_content`` for many names in one cache read (and one write): {name: value}, where
    ``compute_missing(names)`` gives {name: value} for those not stored for this version (a page's cards)."""
    keys = {name: f"content:{name}" for name in names}
    found = cache.get_many([VERSION_KEY, *keys.values()])
    current = found.get(VERSION_KEY) or _current()
    values, missing = {}, []
    for name, key in keys.items():
        stored = found.get(key, MISSING)
        if stored is not MISSING and stored[0] == current[0]:
            values[name] = stored[1]
        else:
            missing.append(name)
    if missing:
        computed = compute_missing(missing)
        cache.set_many(
            {keys[name]: (current[0], value) for name, value in computed.items()},
            timeout=timeout or settings.PUBLIC_CONTENT_CACHE_SECONDS,
        )
        values.update(computed)
    return values


# Free text is unbounded by nature: a list's search box is left out of its cached pages. The search page itself
# stores its results, for a short while (``timeout``), as popular searches are asked again and again.
UNCACHED_PARAMETERS = {"q"}


def filter_parameters(filterset_class, *others):
    """The query parameters of ``filterset_class`` a cached page may depend on (free text aside), and ``others``."""
    return frozenset(set(filterset_class.base_filters) - UNCACHED_PARAMETERS) | frozenset(others)


def default_parameters(view):
    """A FilterView's page depends on its filters and its page number; any other view's on no parameter."""
    view_class = getattr(view, "view_class", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is None:
        return frozenset()
    return filter_parameters(filterset_class, *([view_class.page_kwarg] if view_class.paginate_by else []))


def answers_its_parameters(request, response):
    """False for a page that is not the one its parameters name: a filter with an error (the list shows it and
    filters by the others), or another page than the page number asked for (the nearest one is shown). Stored,
    such pages would give every invalid value its own copy of a valid page."""
    context = getattr(response, "context_data", None) or {}
    filterset = context.get("filter")
    if filterset is not None and filterset.is_bound and not filterset.is_valid():
        return False
    page, asked = context.get("page_obj"), request.GET.get("page")
    return not (page is not None and asked and str(page.number) != asked)


def cache_public_page(view=None, *, parameters=None, timeout=None):
    """Mark a public view's responses as shareable between anonymous visitors.

    ``parameters`` names the query parameters its page depends on (by default a FilterView's filters and page
    number, none for any other view). A request with any other parameter (a tracking tag, a scanner's junk, a
    free-text search) or with one twice is not stored, nor is a page whose parameters were invalid: what the
    cache holds is bounded by the valid pages, not by what strangers send. ``timeout`` (seconds) shortens how
    long its pages are kept, for a view whose parameters include free text.
    """
    if view is None:
        return functools.partial(cache_public_page, parameters=parameters, timeout=timeout)

    page_parameters = default_parameters(view) if parameters is None else frozenset(parameters)

    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if answers_its_parameters(request, response):
            # Read by the middleware on the way out: the view says which parameters may key its page.
            response.page_parameters = page_parameters
            response.page_cache_timeout = timeout
        return response

    marked.page_parameters = page_parameters
    return marked


def normalised_query(query, parameters=None):
    """``query`` (a QueryDict) as one string whatever the order of its parameters, blank ones left out (a form
    sends its empty fields, which filter nothing); None when it names one twice, or (given ``parameters``) a
    parameter outside them."""
    pairs = []
    for name, values in query.lists():
        if len(values) != 1:
            return None
        if parameters is not None and name not in parameters and (values[0] or name not in UNCACHED_PARAMETERS):
            return None
        if values[0]:
            pairs.append((name, values[0]))
    return urlencode(sorted(pairs))


def page_key(request, query):
    # The scheme too: behind a proxy that also answers http, an http page must not be served over https. No
    # version in the key: the entry holds the version it was rendered for, so one cache read brings both.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


class PublicPageCacheMiddleware:
    """Near the top of the stack (below SecurityMiddleware and WhiteNoise): a stored page costs one cache read
    and none of the middleware below it, no URL resolving, no session, no query. The page is stored as it left
    the stack on its first rendering, with every header the middleware below added (CSP, ETag, language...).

    What may be stored is decided on the way out, from the response: the view marked it public
    (``cache_public_page``), it sets no cookie, and its query names only the view's parameters. The lookup on the
    way in needs none of that: a page is only ever stored under the address it answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not timeout or request.method not in ("GET", "HEAD") or PERSONAL_COOKIES & request.COOKIES.keys():
            return self.get_response(request)
        query = normalised_query(request.GET)
        if query is None:
            return self.get_response(request)
        key = page_key(request, query)
        found = cache.get_many([VERSION_KEY, key])
        version = (found.get(VERSION_KEY) or _current())[0]
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            response = stored[1]
            response["X-Page-Cache"] = "hit"
            # ConditionalGetMiddleware is below, so a client that has this page is answered here.
            last_modified = response.get("Last-Modified")
            return get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=last_modified and parse_http_date_safe(last_modified),
                response=response,
            )
        response = self.get_response(request)
        parameters = getattr(response, "page_parameters", None)
        if (
            parameters is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and normalised_query(request.GET, parameters) is not None
            and not PERSONAL_COOKIES & request.COOKIES.keys()
        ):
            cache.set(key, (version, response), min(timeout, getattr(response, "page_cache_timeout", None) or timeout))
        return response
