from functools import partial
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.forms import inlineformset_factory
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification
from notifications.tasks import queue_password_reset
from projects.models import ProgressReport, ReportDocument, ReportPhoto
from projects.uploads import validate_photo

BODY_MAX_LENGTH = 50_000


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["title", "period_start", "period_end", "body"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 18, "maxlength": BODY_MAX_LENGTH, "data-markdown-source": ""}),
        }
        help_texts = {
            "body": _(
                "Markdown: **bold**, *italic*, [a link](https://example.org), lists with “- ”, headings with “## ”. "
                "The preview shows what the public will see."
            )
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep the report under %(limit)s characters; attach longer texts as documents.")
                % {"limit": f"{BODY_MAX_LENGTH:,}"}
            )
        return body


class PhotoField(forms.ImageField):
    """Our checks first, so a refused photo says why (too large, too many pixels) rather than "not an image"."""

    def to_python(self, data):
        if data is not None and hasattr(data, "seek"):
            validate_photo(data)
        return super().to_python(data)


class PhotoForm(forms.ModelForm):
    image = PhotoField(
        label=capfirst(ReportPhoto._meta.get_field("image").verbose_name),
        help_text=ReportPhoto._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = ReportPhoto
        fields = ["image", "caption", "alt_text"]


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ReportDocument
        fields = ["file", "title"]
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={
                    "accept": ".pdf,.docx,.xlsx,.odt,application/pdf,"
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
                    "application/vnd.oasis.opendocument.text"
                }
            )
        }


PhotoFormSet = inlineformset_factory(
    ProgressReport, ReportPhoto, form=PhotoForm, extra=1, max_num=12, validate_max=True, can_delete=True
)
DocumentFormSet = inlineformset_factory(
    ProgressReport, ReportDocument, form=DocumentForm, extra=1, max_num=10, validate_max=True, can_delete=True
)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the request only queues a task, and the email goes through the outbox.

    Looking the address up in the request would make it slower for an existing account than for an
    unknown address, and so tell anyone which addresses have accounts: the task does it instead.
    """

    def save(self, **kwargs):
        transaction.on_commit(partial(queue_password_reset, self.cleaned_data["email"]))

    def queue_emails(self):
        """Run by the task: Django's own save finds the active accounts with a usable password, and
        ``send_mail`` below writes one email for each to the outbox (links are built from SITE_URL)."""
        super().save(domain_override=urlsplit(settings.SITE_URL).netloc)

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
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        Notification.objects.queue(
            key=f"password-reset:{user.pk}:{context['token']}",
            recipient=to_email,
            template="password_reset",
            context={"user": user, "reset_path": path},
        )
