from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject

from core.canonical import canonical_query


def alternate_languages(request):
    """This page's address, for the canonical link, and its address in every language, for the language
    links and hreflang (``x-default`` being the unprefixed English address, as in the sitemap).

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
        return [
            {"code": code, "name": name, "url": absolute(translate_url(path(), code))}
            for code, name in settings.LANGUAGES
        ]

    def x_default():
        return absolute(translate_url(path(), settings.LANGUAGE_CODE))

    return {
        "page_url": SimpleLazyObject(lambda: absolute(path())),
        "alternate_languages": SimpleLazyObject(languages),
        "x_default_url": SimpleLazyObject(x_default),
    }
