"""The client's address as the proxies this deployment trusts saw it: one answer for lockouts and rate limits.

Each trusted proxy in front of the portal adds to ``X-Forwarded-For`` the address it received the request
from (the README's nginx sets the header to ``$remote_addr``; ``$proxy_add_x_forwarded_for`` appends it).
With ``PROXY_COUNT`` (``DJANGO_PROXY_COUNT``) trusted proxies, the entry that many places from the right
is what the outermost of them saw. Everything left of it came with the request and anyone can write it, so it
is never read. Without proxies, the socket's address is the client's.

Written here rather than taken from django-ipware: its ``proxy_count`` expects the proxies themselves in the
header, which the README's nginx does not write, and two settings would have to agree instead of one.
"""

import ipaddress

from django.conf import settings

UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 (not a socket to bind: what a request without any address counts as)


def valid_address(value):
    """``value`` as a normalised IP address, or None for anything else (a port, a name, "unknown", garbage)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address: from X-Forwarded-For behind ``PROXY_COUNT`` trusted proxies, else REMOTE_ADDR.

    A header with fewer entries than trusted proxies did not come through all of them (or the deployment
    counts its proxies wrong): the socket's address is the only one that cannot be forged then.
    """
    proxy_count = settings.PROXY_COUNT
    if proxy_count > 0:
        forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded_for) >= proxy_count:
            address = valid_address(forwarded_for[-proxy_count])
            if address:
                return address
    return valid_address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
