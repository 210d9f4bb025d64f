"""Password resets: the request only queues ``send_password_reset``, which looks the address up and writes the
emails to the outbox, so the reset page answers the same, in the same time, whether or not an account has it."""

import logging
from urllib.parse import urlsplit

from celery import shared_task
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError

from notifications.outbox import email_language, queue_email

logger = logging.getLogger(__name__)


class OutboxPasswordResetEmails(PasswordResetForm):
    """Django's own lookup of the active accounts with a usable password, and its links (built from SITE_URL);
    each email written to the outbox instead of sent, in ``language`` (the page's where the reset was asked)."""

    language = None

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        with translation.override(email_language(self.language)):  # the link opens the page in that language
            path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        queue_email(
            key=f"password-reset:{user.pk}:{context['token']}",
            recipient=to_email,
            template="password_reset",
            context={"user": user, "reset_path": path},
            language=self.language,
        )


@shared_task
def send_password_reset(email, language=None):
    """Look up the accounts of ``email`` and write their reset emails to the outbox, in ``language``."""
    emails = OutboxPasswordResetEmails({"email": email})
    emails.language = language
    if emails.is_valid():
        emails.save(domain_override=urlsplit(settings.SITE_URL).netloc)


def queue_password_reset(email, language=None):
    """Hand the reset to Celery; with the broker down it is lost and logged (the person can ask again)."""
    try:
        send_password_reset.delay(email, language)
    except OperationalError:
        logger.warning("A password reset could not be queued: the broker is unreachable", exc_info=True)
