"""Settings for the Resilient Borders portal.

Everything comes from environment variables (documented in the README). The
defaults suit a developer's machine: SQLite, Celery tasks run eagerly, email
printed to the console. With ``DJANGO_DEBUG=0`` the settings turn strict:
a real secret key and allowed hosts are required and the security headers
and secure cookies are on, so ``manage.py check --deploy`` stays silent.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The research file load_programme reads: the copy in the repository, unless another is named (CI's data guard
# loads a variant with fewer records to prove that the tests read their expected counts from the data).
PILOT_ACTIONS_FILE = Path(os.environ.get("PILOT_ACTIONS_FILE") or BASE_DIR / "projects" / "data" / "pilot_actions.json")

INSTALLED_APPS = [
    "modeltranslation",
    "core.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_countries",
    "simple_history",
    "import_export",
    "axes",
    "django_filters",
    "leaflet",
    "core",
    "borders",
    "projects",
    "webinars",
    "results",
    "search",
    "programme",
    "notifications",
    "workspace",
    "selection",
    "resilient_borders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A first visit to an English page from a browser that prefers another language goes to that language; above
    # the page cache, which must not answer such a visit with the stored English page.
    "core.middleware.FirstVisitLanguageMiddleware",
    # A stored public page is answered here, below only these: the rest of the stack costs more than the page.
    "core.pagecache.PublicPageCacheMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    # ETags for every page, and 304 for a client that has the page already (cached ones included).
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control: private, no-store for signed-in people; above sessions, to see the cookie a sign-in sets.
    "core.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change that django-simple-history keeps.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "resilient_borders.urls"
WSGI_APPLICATION = "resilient_borders.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.alternate_languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# PostgreSQL cancels a statement that runs longer than this, well under gunicorn's --timeout (60 s in the
# README): a runaway query then costs its request an error page (core.views.server_error), not a
# killed worker. In seconds; 0 turns it off (e.g. for a long one-off command). SQLite has no such limit.
DATABASE_STATEMENT_TIMEOUT_MS = round(float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "15")) * 1000)
if DATABASE_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT is in seconds, 0 or more.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_STATEMENT_TIMEOUT_MS:
    _database_options = DATABASES["default"].setdefault("OPTIONS", {})
    _database_options["options"] = (
        f"{_database_options.get('options', '')} -c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True

# Public pages are cached whole for anonymous visitors (core.pagecache); 0 turns it off. Every public change,
# bulk updates included, moves the content version on, which retires them at once: the timeout only frees room.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
# What public pages derive from the data (filter counts, map extents, shapes), kept per content version.
PUBLIC_CONTENT_CACHE_SECONDS = int(os.environ.get("PUBLIC_CONTENT_CACHE_SECONDS", str(7 * 24 * 60 * 60)))
# Rendering shortcuts of public pages (projects.fragments): fragments kept per content version, filter choices and
# counts read from the cache, filter widgets rendered without Django's template per option. Off, pages render as
# plain Django renders them, to the same bytes (tests/test_rendering_shortcuts.py compares the two).
RENDERING_SHORTCUTS = env_bool("RENDERING_SHORTCUTS", True)
# After each public change, a task computes the filter choices and counts the list and the map open with.
PRECOMPUTE_FILTER_CHOICES = env_bool("PRECOMPUTE_FILTER_CHOICES", True)

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "core.redis_cache.SharedClientRedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: after AXES_FAILURE_LIMIT wrong passwords for one account from one address,
    # that pair is locked out for AXES_COOLOFF_TIME, at the sign-in page and at admin's alike.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Trusted proxies in front (the README's nginx: 1) that write the client's address into X-Forwarded-For;
# core.clientaddress reads it for axes and for every rate limit (0: the socket's address).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.clientaddress.client_address"
# axes' database handler plus a cap on wrong passwords per client address, whatever the account.
AXES_HANDLER = "core.throttle.ThrottledAxesHandler"

# Content Security Policy (django-csp): scripts only from this site, never inline; data for scripts
# travels in <script type="application/json"> blocks, which are not executed. Leaflet positions
# tiles and markers with inline styles, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
LOGOUT_REDIRECT_URL = "projects:home"
# Invitation and password-reset links stay valid for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# Uploads: a photo is at most 10 MB and a document 20 MB (projects.uploads); a report's whole form,
# with its files, may not exceed this, and larger files go to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES = int(os.environ.get("UPLOAD_MAX_REQUEST_BYTES", str(100 * 1024 * 1024)))

LANGUAGE_CODE = "en"
# The interface: every official language of the EU and Norwegian Bokmål, in the EU's protocol order (by each
# language's name in itself), English at the root and every other under its prefix (/bg/, /es/...).
LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("es", _("Spanish")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("et", _("Estonian")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("it", _("Italian")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("hu", _("Hungarian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("nb", _("Norwegian Bokmål")),
]
# locale/ holds the project's catalogues (makemessages writes into the first path); locale_django/ holds Maltese for
# Django's own strings (months, weekdays, form errors), which Django does not translate.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django"]
# Django knows every one of them but Maltese: its name and date formats are the project's own.
LANG_INFO.setdefault("mt", {"bidi": False, "code": "mt", "name": "Maltese", "name_local": "Malti"})
FORMAT_MODULE_PATH = ["resilient_borders.formats"]
# Content (titles, summaries, reports...) is stored in these languages only, a column per field and language
# (django-modeltranslation): English, in which staff write, and French, the programme's second working language.
# The interface's other languages show content in English, marked as such. Adding one here needs a migration
# (makemigrations); the README says why content is not kept in 25 languages.
CONTENT_LANGUAGES = ("en", "fr")
MODELTRANSLATION_LANGUAGES = CONTENT_LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# Content typed by staff in English shows in every other language until someone translates it.
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Report photos and documents live outside MEDIA_ROOT, which the web server in front serves to anyone: originals
# keep their camera metadata (GPS included) and drafts are not public. Django serves them at PRIVATE_MEDIA_URL
# after checking who asks (projects.views.report_attachment), or hands the file to nginx with X-Accel-Redirect
# (PRIVATE_MEDIA_ACCEL_REDIRECT: the internal location's prefix, see the README) once it has checked.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", MEDIA_ROOT.parent / "private-media"))
PRIVATE_MEDIA_URL = "/attachments/"
PRIVATE_MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_PRIVATE_MEDIA_ACCEL_REDIRECT", "")
ATTACHMENT_MAX_AGE = int(os.environ.get("ATTACHMENT_MAX_AGE", "3600"))  # public files; bounds an unpublish's lag
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("DJANGO_PRIVATE_MEDIA_ROOT must lie outside DJANGO_MEDIA_ROOT, which anyone may read.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "projects.uploads.PrivateMediaStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Resilient Borders <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Without a broker, tasks run in-process so the portal works with nothing but Python.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# With the broker down, queuing a task gives up within seconds (the email waits in the outbox)
# instead of holding the web request for the default retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The outbox's safety net: emails still unsent because the broker or a worker was down.
    "deliver-pending-emails": {
        "task": "notifications.outbox.deliver_pending_notifications",
        "schedule": 300.0,
    },
    "reporting-deadline-reminders": {
        "task": "notifications.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Signals keep the search index current; this mends it after changes that send none (a bulk update()).
    "rebuild-search-index": {
        "task": "search.tasks.rebuild_search_index",
        "schedule": crontab(minute=17),
    },
}

# django-import-export: applications come and go as CSV or XLSX; uploads wait in storage between
# the preview and the confirmation, so any web server of several can confirm.
IMPORT_EXPORT_FORMATS = [CSV, XLSX]
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Off: it deletes a leading "=" and leaves "+", "-" and "@" live; the resources escape by the portal's own rule
# (selection.resources.SpreadsheetResource, core.spreadsheets), as the open data do.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Import and export each need a permission of their own (selection.import_application,
# selection.export_<model>), which only programme staff hold: viewing a list is not enough.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

# The audit trail's pages need the history model's view permission (programme staff hold them, jurors
# do not); core.admin_mixins.ReadOnlyHistoryAdmin adds the admin's queryset and forbids reverting.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# The one map configuration: django-leaflet reads it, and {% map_settings %} (core) hands it to every map script.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.0, 12.0),
    "DEFAULT_ZOOM": 4,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
    "TILES": [
        (
            "OpenStreetMap",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            {"attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'},
        )
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"one_line_warning": {"()": "core.logfilters.OneLineWarning"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Font subsetting while rendering the printable map's PDF logs every table it prunes.
        "fontTools": {"level": "WARNING"},
        # A foreign Host header is answered 400; it is worth a line, not a traceback at error level.
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
    },
}

# `make bench` serves a bare view at /bench/floor to measure what Django itself costs; never in production.
BENCH_FLOOR = env_bool("DJANGO_BENCH_FLOOR", False)

# Regenerate the printable map (projects.tasks) whenever a pilot action, border or group changes.
PRINTABLE_MAP_AUTO_REGENERATE = env_bool("PRINTABLE_MAP_AUTO_REGENERATE", True)
# Count the map's clusters again (projects.mapcells) whenever public content changes; until then, or without it,
# the map aggregates the rows live.
MAP_CELLS_AUTO_BUILD = env_bool("MAP_CELLS_AUTO_BUILD", True)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    # Behind a TLS-terminating proxy (nginx), trust its X-Forwarded-Proto header.
    if env_bool("DJANGO_BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
