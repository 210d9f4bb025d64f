from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from notifications.outbox import email_language, queue_email
from projects.models import PilotAction

COORDINATORS_GROUP = "Coordinators"


class Invitation(TimeStampedModel):
    """Staff invite a coordinator by email; the email's link lets them choose a password and sign in."""

    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    pilot_actions = models.ManyToManyField(
        PilotAction, related_name="invitations", verbose_name=_("pilot actions"), help_text=_("What they report on.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        editable=False,
        related_name="invitations",
        verbose_name=_("account"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("invited by"),
    )
    # The language the invitation is written in, and later the coordinator's reminders: in admin, the language staff
    # worked in when inviting, unless they chose another (InvitationAdmin).
    language = models.CharField(
        _("language of the emails"),
        max_length=10,
        default=settings.LANGUAGE_CODE,
        help_text=_("The invitation and the reporting reminders are written in this language."),
    )
    sent_count = models.PositiveSmallIntegerField(_("emails sent"), default=0, editable=False)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coordinator invitation")
        verbose_name_plural = _("coordinator invitations")

    def __str__(self):
        return self.email

    @property
    def accepted(self):
        return bool(self.user_id and self.user.last_login)

    @transaction.atomic
    def send(self, invited_by):
        """Create or find the account, make it coordinate the pilot actions, and email the link."""
        user_model = get_user_model()
        email = self.email.strip().lower()
        user = (
            user_model.objects.filter(email__iexact=email).first()
            or user_model.objects.filter(username__iexact=email).first()
        )
        if user is None:
            user = user_model(username=email, email=email, first_name=self.first_name, last_name=self.last_name)
            user.set_unusable_password()
            user.save()
        self.user = user
        self.grant()
        self.invited_by = invited_by
        self.sent_count += 1
        self.last_sent_at = timezone.now()
        self.save(update_fields=["user", "invited_by", "sent_count", "last_sent_at", "updated_at"])
        language = email_language(self.language)
        with translation.override(language):  # its links open the pages in that language
            accept_url = None if user.has_usable_password() else self.accept_url(user)
            login_url = settings.SITE_URL + reverse("login")
        queue_email(
            key=f"invitation:{self.pk}:{self.sent_count}",
            recipient=email,
            template="invitation",
            context={
                "invitation": self,
                "user": user,
                "pilot_actions": list(self.pilot_actions.all()),
                "accept_url": accept_url,
                "login_url": login_url,
                "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
            language=language,
        )

    def grant(self):
        """The invitation's account coordinates the invitation's pilot actions."""
        self.user.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
        self.user.coordinated_pilot_actions.add(*self.pilot_actions.all())

    @transaction.atomic
    def withdraw(self, user, pilot_actions):
        """Take back from ``user`` the ``pilot_actions`` this invitation gave, but not those another of their
        invitations gives; an account left coordinating nothing leaves the coordinators' group."""
        given_elsewhere = set(
            PilotAction.objects.filter(invitations__user=user).exclude(invitations=self).values_list("pk", flat=True)
        )
        user.coordinated_pilot_actions.remove(*[p for p in pilot_actions if p.pk not in given_elsewhere])
        if not user.coordinated_pilot_actions.exists():
            user.groups.remove(*Group.objects.filter(name=COORDINATORS_GROUP))

    @transaction.atomic
    def apply_edit(self, previous_pilot_actions, email_changed, invited_by):
        """Make an edit in admin do what it says, and return whether the invitation was sent.

        A new address is a new person: the old account gives back what this invitation gave it, and the
        invitation goes to the new address. Otherwise the account follows the pilot actions (removed ones
        are taken back, added ones given) and nothing is sent: sending again is an action of its own."""
        if self.user_id is None or email_changed:
            if self.user_id is not None:
                self.withdraw(self.user, set(previous_pilot_actions) | set(self.pilot_actions.all()))
            self.send(invited_by=invited_by)
            return True
        self.withdraw(self.user, set(previous_pilot_actions) - set(self.pilot_actions.all()))
        self.grant()
        return False

    @staticmethod
    def language_of(user):
        """The language of ``user``'s latest invitation, or None if they were never invited (the outbox asks)."""
        return user.invitations.order_by("-created_at", "-pk").values_list("language", flat=True).first()

    @staticmethod
    def accept_url(user):
        path = reverse(
            "invitation-accept",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        return settings.SITE_URL + path
