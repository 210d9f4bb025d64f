import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import PilotAction


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)


class Notification(models.Model):
    """An email the portal owes someone: written to the database first, sent by a Celery task after
    (``notifications.outbox`` writes and sends them).

    The unique ``key`` names the reason (``report-published:42:alice@example.org``), so asking twice
    for the same email stores it once, and a task that runs twice finds it sent and sends nothing.
    A row that is still pending when the broker was down is sent by the periodic drain.
    """

    key = models.CharField(_("key"), max_length=255, unique=True)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["sent_at", "created_at"], name="notification_pending")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"


def new_token():
    return secrets.token_urlsafe(32)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_pilot_action(self, pilot_action_id):
        """Confirmed subscribers to this pilot action, or to every pilot action."""
        return self.confirmed().filter(Q(pilot_action__isnull=True) | Q(pilot_action_id=pilot_action_id))

    def awaiting_confirmation(self, email, within):
        """Unconfirmed subscriptions of ``email`` whose confirmation request went out less than ``within`` ago."""
        return self.filter(email=email, confirmed_at__isnull=True, confirmation_sent_at__gte=timezone.now() - within)


class Subscription(models.Model):
    """Someone who asked for an email when a pilot action (or, without one, any pilot action) reports.

    Double opt-in: nothing is sent but the confirmation request until the address's owner confirms.
    The token in every link both confirms and unsubscribes, so no account is needed.
    """

    email = models.EmailField(_("email address"))
    pilot_action = models.ForeignKey(
        PilotAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("pilot action"),
        help_text=_("Empty: every pilot action's progress reports."),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent at"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The language of the page the form was sent from: every email to this subscription is written in it.
    language = models.CharField(
        _("language"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        editable=False,
        help_text=_("The language the emails are written in: the one of the page they subscribed on."),
    )

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "pilot_action"], name="subscription_once_per_pilot_action"),
            models.UniqueConstraint(
                fields=["email"], condition=Q(pilot_action__isnull=True), name="subscription_once_to_everything"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.pilot_action or _('all pilot actions')}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def confirm(self):
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def confirm_url(self):
        return reverse("notifications:confirm", kwargs={"token": self.token})

    def unsubscribe_url(self):
        return reverse("notifications:unsubscribe", kwargs={"token": self.token})
