from datetime import timedelta

from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.canonical import keep_in_canonical_address
from core.throttle import (
    SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX,
    SUBSCRIPTION_REQUESTS_PER_CLIENT,
    client_key,
    mailbox_key,
)
from notifications.forms import SubscriptionForm
from notifications.models import Subscription
from notifications.outbox import queue_email
from projects.models import PilotAction

# A confirmation request is "on its way" this long: asking again meanwhile sends nothing new.
CONFIRMATION_PENDING = timedelta(seconds=SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX.seconds)


def request_confirmation(subscription):
    """Email the confirmation link, unless one is on its way to this address or to its mailbox.

    The form must not be a way to flood someone's inbox: one confirmation pending per address (whatever
    the pilot action), and one per mailbox (every case and ``+tag`` spelling of it) per window.
    """
    if Subscription.objects.awaiting_confirmation(subscription.email, within=CONFIRMATION_PENDING).exists():
        return
    if not SUBSCRIPTION_CONFIRMATIONS_PER_MAILBOX.hit(mailbox_key(subscription.email)):
        return
    subscription.confirmation_sent_at = timezone.now()
    subscription.save(update_fields=["confirmation_sent_at"])
    queue_email(
        key=f"subscription-confirm:{subscription.pk}:{subscription.confirmation_sent_at.isoformat()}",
        recipient=subscription.email,
        template="subscription_confirm",
        context={"subscription": subscription},
        language=subscription.language,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """Ask for progress emails. The answer is the same whether or not the address was known or emailed.

    The form has a page of its own, linked from the pilot actions' pages, so that those stay free of
    CSRF tokens and can be cached whole for every visitor.
    """
    if request.method == "GET":
        form = SubscriptionForm(initial={"pilot_action": request.GET.get("pilot_action") or None})
        slug = request.GET.get("pilot_action")
        pilot_action = get_object_or_404(PilotAction.objects.public(), slug=slug) if slug else None
        keep_in_canonical_address(request, [("pilot_action", pilot_action and pilot_action.slug)])
        return render(
            request,
            "notifications/subscribe.html",
            {"form": form, "pilot_action": pilot_action, "crumbs": [(_("Subscribe"), None)]},
        )
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        # The pilot action stays chosen (its hidden field is rendered again) and named: a mistyped address must
        # not turn the form into one for every pilot action.
        return render(
            request,
            "notifications/subscribe.html",
            {"form": form, "pilot_action": form.cleaned_data.get("pilot_action"), "crumbs": [(_("Subscribe"), None)]},
            status=400,
        )
    if not SUBSCRIPTION_REQUESTS_PER_CLIENT.hit(client_key(request)):
        form.add_error(None, _("Too many subscription requests from your address: please try again in an hour."))
        return render(
            request,
            "notifications/subscribe.html",
            {"form": form, "pilot_action": form.cleaned_data.get("pilot_action"), "crumbs": [(_("Subscribe"), None)]},
            status=429,
        )
    # Stored in lower case, so the unique constraints hold whatever case people type.
    email = form.cleaned_data["email"].strip().lower()
    pilot_action = form.cleaned_data["pilot_action"]
    with transaction.atomic():
        # Its emails follow the language of the page the form was (last) sent from.
        language = get_language()
        subscription, _created = Subscription.objects.get_or_create(
            email=email, pilot_action=pilot_action, defaults={"language": language}
        )
        if subscription.language != language:
            subscription.language = language
            subscription.save(update_fields=["language"])
        if not subscription.is_confirmed:
            request_confirmation(subscription)
    return render(
        request,
        "notifications/subscribe_sent.html",
        {
            "email": email,
            "pilot_action": pilot_action,
            "pending_minutes": int(CONFIRMATION_PENDING.total_seconds() // 60),
            "crumbs": [(_("Subscribe"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button and POST confirms: link scanners in mail systems only ever GET."""
    subscription = get_object_or_404(Subscription.objects.select_related("pilot_action"), token=token)
    if request.method == "POST":
        subscription.confirm()
    return render(
        request,
        "notifications/confirm.html",
        {"subscription": subscription, "crumbs": [(_("Subscription"), None)]},
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without a CSRF token; the token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = Subscription.objects.select_related("pilot_action").filter(token=token).first()
    if request.method == "POST":
        if subscription is not None:
            subscription.delete()
        return render(request, "notifications/unsubscribed.html", {"crumbs": [(_("Subscription"), None)]})
    if subscription is None:
        return render(request, "notifications/unsubscribed.html", {"crumbs": [(_("Subscription"), None)]})
    return render(
        request,
        "notifications/unsubscribe.html",
        {"subscription": subscription, "crumbs": [(_("Subscription"), None)]},
    )
