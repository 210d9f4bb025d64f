from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from core.canonical import canonical_query
from core.languages import OPEN_GRAPH_LOCALES, native_name


def alternate_languages(request):
    """This page's address, for the canonical link, and its address in every language (with the language's
    name in itself), for the language chooser and hreflang (``x-default`` being the unprefixed English address,
    as in the sitemap).

    Each address keeps only the query parameters the page's view said name it (``core.canonical``): read when
    the template renders, after the view has checked them. Error pages print none of these (``error_page.html``).

    A Host header that is not in ALLOWED_HOSTS gets the 400 page, which renders through here too: it gets
    paths without a host (a stranger's host name is not ours to print), instead of a second DisallowedHost
    that would turn the 400 into a 500.
    """
    try:
        request.get_host()
        absolute = request.build_absolute_uri
    except DisallowedHost:
        absolute = str

    def path():
        query = canonical_query(request)
        return f"{request.path}?{query}" if query else request.path

    def languages():
        here = path()
        return [
            {"code": code, "name": name, "native_name": native_name(code), "url": absolute(translate_url(here, code))}
            for code, name in settings.LANGUAGES
        ]

    def x_default():
        return absolute(translate_url(path(), settings.LANGUAGE_CODE))

    return {
        "page_url": SimpleLazyObject(lambda: absolute(path())),
        "alternate_languages": SimpleLazyObject(languages),
        "x_default_url": SimpleLazyObject(x_default),
        # The language chooser's script remembers a choice in it (core.middleware.FirstVisitLanguageMiddleware).
        "language_cookie_name": settings.LANGUAGE_COOKIE_NAME,
        "open_graph_locale": SimpleLazyObject(lambda: OPEN_GRAPH_LOCALES.get(get_language(), "en_GB")),
    }
