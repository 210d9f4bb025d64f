from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url


def alternate_languages(request):
    """This page's address, for the canonical link, and its address in every language, for the language
    links and hreflang.

    A Host header that is not in ALLOWED_HOSTS gets the 400 page, which renders through here too: it gets
    paths without a host (a stranger's host name is not ours to print), instead of a second DisallowedHost
    that would turn the 400 into a 500.
    """
    path = request.get_full_path()
    try:
        request.get_host()
        absolute = request.build_absolute_uri
    except DisallowedHost:
        absolute = str
    return {
        "page_url": absolute(path),
        "alternate_languages": [
            {"code": code, "name": name, "url": absolute(translate_url(path, code))}
            for code, name in settings.LANGUAGES
        ],
    }
