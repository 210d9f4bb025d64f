"""Rate limits, counted in Django's cache (Redis in production, so every worker shares the counts).

Every limit of the portal is declared here, with the keys it counts by: the client's address (from
core.clientaddress, the one place that reads the proxy header) and an email address spelled
as its mailbox receives it. Sign-in attempts are limited through django-axes (the handler below); the
subscription form and password reset call ``Limit.hit`` themselves.
"""

import hashlib
import ipaddress
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from django.core.cache import cache

from core.clientaddress import client_address


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per key in a window of ``seconds`` that starts with the key's first event."""

    name: str
    count: int
    seconds: int

    def cache_key(self, key):
        # Hashed: keys hold email addresses, which have no business in a cache dump, and may be long.
        return f"throttle:{self.name}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"

    def exceeded(self, key):
        return cache.get(self.cache_key(key), 0) >= self.count

    def hit(self, key):
        """Count one event for ``key``: True while it is within the limit, False past it."""
        cache_key = self.cache_key(key)
        # add() starts the window only if none is running; incr() is atomic on Redis, so concurrent
        # requests cannot both slip under the limit.
        cache.add(cache_key, 0, timeout=self.seconds)
        try:
            used = cache.incr(cache_key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(cache_key, 1, timeout=self.seconds)
            used = 1
        return used <= self.count


# Wrong passwords from one client address, whatever the accounts (django-axes locks each address and
# account pair after AXES_FAILURE_LIMIT): caps guessing across many accounts from one place.
SIGN_IN_FAILURES_PER_CLIENT = Limit("sign-in-failures-per-client", 30, 15 * 60)
# The subscription form: requests from one client, and confirmation emails to one mailbox
# (a second request while a confirmation is on its way sends nothing new).
SUBSCRIPTION_REQUESTS_PER_CLIENT = Limit("subscription-requests-per-client", 10, 60 * 60)
SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX = Limit("subscription-confirmations-per-mailbox", 1, 15 * 60)
# Password reset: counted before anyone looks the address up, so a refusal says nothing about accounts.
PASSWORD_RESETS_PER_CLIENT = Limit("password-resets-per-client", 10, 60 * 60)
PASSWORD_RESETS_PER_MAILBOX = Limit("password-resets-per-mailbox", 3, 60 * 60)


def client_key(request):
    """The client's address; for IPv6 its /64, which one household or server holds whole and can hop within."""
    address = ipaddress.ip_address(client_address(request))
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def mailbox_key(email):
    """One key for every spelling of one mailbox: any case, and any ``+tag`` (reader+1@ and reader+2@ reach reader@)."""
    local_part, _, domain = email.strip().lower().rpartition("@")
    return f"{local_part.split('+', 1)[0]}@{domain}"


class ThrottledAxesHandler(AxesDatabaseHandler):
    """django-axes' handler (a lockout per client address and username) plus a cap on failures per client address.

    Not a lockout per username: anyone could then lock a named account out everywhere with a few wrong
    passwords. This way a stranger locks out only their own address, for one account or for all.
    """

    def is_allowed(self, request, credentials=None):
        if SIGN_IN_FAILURES_PER_CLIENT.exceeded(client_key(request)):
            # AxesMiddleware turns this flag into the lockout page (429); the page says which limit it was.
            request.axes_locked_out = True
            request.sign_in_paused_for_client = True
            return False
        return super().is_allowed(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            SIGN_IN_FAILURES_PER_CLIENT.hit(client_key(request))
        return super().user_login_failed(sender, credentials, request, **kwargs)
