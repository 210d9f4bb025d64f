"""The site's public domain and addresses, as the portal's calendars (and feeds) name things: settings.SITE_URL."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings


def site_domain():
    """The host name of the site's public address (settings.SITE_URL), whatever host or port served the request."""
    return urlsplit(settings.SITE_URL).hostname


def public_url(path):
    """An absolute address on the site's public address."""
    return settings.SITE_URL + path


def tag_uri(created_at, specific):
    """A globally unique, stable identifier such as ``tag:example.org,2025-02-03:progress-report-7`` (RFC 4151):
    the site's domain, the day the object was created, and a name unique on the site."""
    return f"tag:{site_domain()},{created_at.astimezone(datetime.UTC):%Y-%m-%d}:{specific}"
