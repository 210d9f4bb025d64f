"""Sign-in lockouts and rate limits behind a proxy: the client's address comes from the header the deployment trusts."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from core.clientaddress import UNKNOWN_ADDRESS, client_address
from core.throttle import SIGN_IN_FAILURES_PER_CLIENT, Limit, client_key, mailbox_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # the factories' password
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.5"
SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def behind_nginx(settings):
    """The README's deployment: nginx on the same machine (so REMOTE_ADDR is 127.0.0.1) writes X-Forwarded-For."""
    settings.PROXY_COUNT = 1


@pytest.fixture
def owner(db):
    # Staff, so that the right password signs in at admin's login page too.
    return UserFactory(username="ana@example.org", is_staff=True)


def sign_in(client, path, username, password, forwarded_for):
    return client.post(
        path,
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_a_stranger_cannot_lock_the_owner_out_from_elsewhere(behind_nginx, settings, owner, path):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(attacker, path, owner.username, "guess", ATTACKER)
    # The lockout hits the attacker's address with this account, even with the right password...
    assert response.status_code == 429
    assert sign_in(attacker, path, owner.username, PASSWORD, ATTACKER).status_code == 429
    # ...and not the owner, signing in from their own address through the same proxy.
    assert sign_in(Client(), path, owner.username, PASSWORD, OWNER).status_code == 302


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_a_spoofed_leftmost_forwarded_address_is_ignored(behind_nginx, settings, owner, path):
    attacker = Client()
    # The attacker writes the owner's address into the header; nginx appends the one it really saw.
    spoofed = f"{OWNER}, {ATTACKER}"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(attacker, path, owner.username, "guess", spoofed)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert sign_in(Client(), path, owner.username, PASSWORD, OWNER).status_code == 302


@pytest.mark.parametrize("path", SIGN_IN_PAGES)
def test_wrong_passwords_for_many_accounts_pause_the_address(behind_nginx, owner, path):
    attacker = Client()
    # One guess per account, so that no address-and-account lockout applies: only the cap per address can.
    for number in range(SIGN_IN_FAILURES_PER_CLIENT.count):
        response = sign_in(attacker, path, f"guess{number}@example.org", "guess", ATTACKER)
        assert response.status_code == 200
    response = sign_in(attacker, path, owner.username, PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert "paused for a quarter of an hour, for every account" in response.content.decode()
    assert sign_in(Client(), path, owner.username, PASSWORD, OWNER).status_code == 302


def request_with(remote_addr="127.0.0.1", forwarded_for=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    ("proxy_count", "remote_addr", "forwarded_for", "expected"),
    [
        # No trusted proxy: the header is the client's own words.
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        # One proxy that sets or appends: the rightmost entry; what stands left of it is ignored.
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "10.9.9.9, 203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", " 203.0.113.5 ", "203.0.113.5"),
        # Two proxies: the second from the right, the first proxy's own address being the rightmost.
        (2, "127.0.0.1", "10.9.9.9, 203.0.113.5, 192.0.2.50", "203.0.113.5"),
        # A header that did not pass every trusted proxy, or is no address: the socket's address.
        (2, "127.0.0.1", "203.0.113.5", "127.0.0.1"),
        (1, "127.0.0.1", None, "127.0.0.1"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", "unknown", "127.0.0.1"),
        (1, "127.0.0.1", "203.0.113.5:4711", "127.0.0.1"),
        # IPv6, written one way whatever the case; and no address at all.
        (1, "::1", "2001:DB8::0:1", "2001:db8::1"),
        (0, "", None, UNKNOWN_ADDRESS),
    ],
)
def test_client_address(settings, proxy_count, remote_addr, forwarded_for, expected):
    settings.PROXY_COUNT = proxy_count
    assert client_address(request_with(remote_addr, forwarded_for)) == expected


def test_an_ipv6_client_is_counted_by_its_network(settings):
    settings.PROXY_COUNT = 1
    one, other = (request_with(forwarded_for=f"2001:db8:1:2::{host}") for host in ("1", "beef"))
    assert client_key(one) == client_key(other) == "2001:db8:1:2::/64"
    assert client_key(request_with(forwarded_for="203.0.113.5")) == "203.0.113.5"


@pytest.mark.parametrize("spelling", ["reader@example.org", "Reader@Example.ORG", "reader+news@example.org"])
def test_one_mailbox_key_for_every_spelling(spelling):
    assert mailbox_key(spelling) == "reader@example.org"
    assert mailbox_key("other@example.org") != mailbox_key(spelling)


def test_a_limit_counts_per_key_and_refuses_past_its_count():
    limit = Limit("test", 3, 60)
    assert [limit.hit("a") for _ in range(limit.count + 1)] == [True] * limit.count + [False]
    assert limit.exceeded("a") and not limit.exceeded("b")
    assert limit.hit("b")
