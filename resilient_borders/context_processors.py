from django.conf import settings
from django.urls import translate_url


def alternate_languages(request):
    """This page's address in every language, for the language links and hreflang."""
    path = request.get_full_path()
    return {
        "alternate_languages": [
            {"code": code, "name": name, "url": request.build_absolute_uri(translate_url(path, code))}
            for code, name in settings.LANGUAGES
        ]
    }
