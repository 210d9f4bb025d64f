"""A subscription form sent back with an error keeps its pilot action: it still names it, still carries it, and
the corrected address subscribes to that pilot action, not to all of them."""

import pytest
from django.urls import reverse

from notifications.models import Subscription
from tests.factories import PilotActionFactory

pytestmark = pytest.mark.django_db


def test_an_invalid_address_keeps_the_pilot_action(client):
    pilot_action = PilotActionFactory(title="Flood drills across the Oder")
    url = reverse("notifications:subscribe")

    response = client.post(url, {"email": "not an address", "pilot_action": pilot_action.slug})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Flood drills across the Oder" in page
    assert "any pilot action" not in page
    assert f'<input type="hidden" name="pilot_action" value="{pilot_action.slug}"' in page

    response = client.post(url, {"email": "reader@example.org", "pilot_action": pilot_action.slug})

    assert response.status_code == 200
    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.pilot_action == pilot_action
