"""Site-wide views: the load balancer's health check and the error page that tells a database outage and a
statement the database cancelled apart."""

import sys
import uuid

import psycopg
from celery import current_app as celery_app
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

DATABASE_RETRY_AFTER_SECONDS = 30


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def check_broker():
    # The project's Celery app, as the current one (core imports no app, the project package included).
    if celery_app.conf.task_always_eager:
        return "eager"
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@require_GET
def healthz(request):
    """Database, cache and broker, as JSON. Without its database a node is down (503); without the broker it
    still serves and publishes (emails wait in the outbox), so it is degraded but in service (200)."""
    checks = {}
    for name, check in (("database", check_database), ("cache", check_cache), ("broker", check_broker)):
        try:
            checks[name] = check() or "ok"
        except Exception as error:
            checks[name] = f"error: {type(error).__name__}"
    failing = [name for name, result in checks.items() if result.startswith("error")]
    status = "down" if "database" in failing else ("degraded" if failing else "ok")
    response = JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
    add_never_cache_headers(response)
    return response


def floor(request):
    """The benchmark's framework floor: what a request costs through Django's middleware and nothing else.
    Routed only when DJANGO_BENCH_FLOOR=1 (`make bench` sets it)."""
    return HttpResponse("ok", content_type="text/plain")


def cancelled_by_the_database(error):
    """PostgreSQL cancelled the statement (SQLSTATE 57014, query_canceled), as its statement_timeout does.
    Django raises its own OperationalError from the driver's error."""
    return isinstance(error, OperationalError) and isinstance(error.__cause__, psycopg.errors.QueryCanceled)


def server_error(request):
    """Django's 500 handler. A statement PostgreSQL cancelled on its statement_timeout (DATABASE_STATEMENT_TIMEOUT)
    answers 503 with a page that says the request took too long: the database is up and the same request would
    take as long again, so no Retry-After. A database that cannot be reached is an outage, answered 503 with
    Retry-After, and the next request reconnects (CONN_HEALTH_CHECKS), so the site recovers without a restart."""
    error = sys.exc_info()[1]
    if cancelled_by_the_database(error):
        response = HttpResponse(loader.render_to_string("query_timeout.html"), status=503)
        add_never_cache_headers(response)
        return response
    if isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and not connection.is_usable()
    ):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon (its hashed address
    in production, so a temporary redirect: the address changes when the icon does)."""
    return HttpResponseRedirect(static("favicon.ico"))
