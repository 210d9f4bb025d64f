from functools import partial

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.models import ProgressReport, ReportDocument, ReportPhoto
from projects.uploads import validate_photo
from results.models import WEB_ADDRESS, FollowUp, Licence, Output, OutputKind, Results
from workspace.tasks import queue_password_reset

BODY_MAX_LENGTH = 50_000
DOCUMENT_ACCEPT = (
    ".pdf,.docx,.xlsx,.odt,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.oasis.opendocument.text"
)


class WebAddressInput(forms.TextInput):
    """A link's field that can show a refused address back as it was typed, to be corrected.

    An ``<input type="url">`` may only hold a valid absolute URL: showing a mistyped "https//example.org" back in
    one is invalid HTML. The editor's forms are checked on the server (``novalidate``), so ``type="url"`` checked
    nothing more; ``inputmode="url"`` keeps the keyboard for addresses on phones."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "url", "placeholder": "https://", "spellcheck": "false", "autocapitalize": "none"}
        super().__init__({**defaults, **(attrs or {})})


MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, [a link](https://example.org), lists with “- ”, headings with “## ”. "
    "The preview shows what the public will see."
)


def markdown_textarea(preview_id, rows=12):
    """A Markdown field whose live preview (static/js/report-editor.js) fills the element ``preview_id``."""
    return forms.Textarea(attrs={"rows": rows, "maxlength": BODY_MAX_LENGTH, "data-markdown-source": preview_id})


def clean_markdown(text):
    if len(text) > BODY_MAX_LENGTH:
        raise forms.ValidationError(_("Keep this text under %(limit)s characters.") % {"limit": f"{BODY_MAX_LENGTH:,}"})
    return text


class ProgressReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["title", "period_start", "period_end", "body"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 18, "maxlength": BODY_MAX_LENGTH, "data-markdown-source": ""}),
        }
        help_texts = {"body": MARKDOWN_HELP}

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
        widgets = {"file": forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT})}


PhotoFormSet = inlineformset_factory(
    ProgressReport, ReportPhoto, form=PhotoForm, extra=1, max_num=12, validate_max=True, can_delete=True
)
DocumentFormSet = inlineformset_factory(
    ProgressReport, ReportDocument, form=DocumentForm, extra=1, max_num=10, validate_max=True, can_delete=True
)


class OutputForm(forms.ModelForm):
    """An output of a pilot action. The file is checked by the model field's ``validate_document`` (content, size),
    as report documents are; the model's ``clean`` asks for a file or a link."""

    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=OutputKind.objects.all(),
        empty_label=_("Choose a kind"),
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )
    licence = forms.TypedChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.ALL_RIGHTS_RESERVED,
        error_messages={"invalid_choice": _("Choose one of the licences in the list.")},
        help_text=_(
            "Under which terms others may reuse the document. “All rights reserved”, the default, means they must "
            "ask its authors first: keep it unless the authors chose an open licence. CC BY lets anyone reuse and "
            "adapt it, crediting the authors; CC BY-SA also asks them to share their version under the same "
            "terms; CC BY-NC forbids commercial use; CC0 places it in the public domain."
        ),
    )

    class Meta:
        model = Output
        fields = ["kind", "title", "summary", "date", "languages", "themes", "file", "link", "licence", "reuse"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "languages": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "file": forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
            "link": WebAddressInput,
            "reuse": markdown_textarea("output-preview"),
        }
        help_texts = {"reuse": MARKDOWN_HELP}
        error_messages = {"link": {"invalid": WEB_ADDRESS.message}}

    def clean_reuse(self):
        return clean_markdown(self.cleaned_data["reuse"])

    def _post_clean(self):
        super()._post_clean()
        errors = self._errors.get(NON_FIELD_ERRORS)
        if not errors:
            return
        # Output's only rule across fields is "a file or a link". While the file or the link is refused, their own
        # messages say why, and "attach the document or give a link" would contradict what was typed; otherwise
        # Output.clean says it, and the database constraint's own wording of the same rule is left out.
        if self.has_error("file") or self.has_error("link"):
            del self._errors[NON_FIELD_ERRORS]
            return
        constraint_messages = {str(constraint.get_violation_error_message()) for constraint in Output._meta.constraints}
        kept = [error for error in errors.as_data() if not constraint_messages.intersection(error.messages)]
        self._errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield", renderer=self.renderer)


class ResultsForm(forms.ModelForm):
    class Meta:
        model = Results
        fields = ["achievements", "reuse"]
        widgets = {
            "achievements": markdown_textarea("achievements-preview", rows=14),
            "reuse": markdown_textarea("reuse-preview", rows=10),
        }
        help_texts = {"achievements": MARKDOWN_HELP, "reuse": MARKDOWN_HELP}

    def clean_achievements(self):
        return clean_markdown(self.cleaned_data["achievements"])

    def clean_reuse(self):
        return clean_markdown(self.cleaned_data["reuse"])


class ObstaclesForm(forms.Form):
    """Each obstacle, in order, with a "met" checkbox and a note; stored as the results' ObstacleMet rows."""

    NOTE_MAX_LENGTH = 2000

    def __init__(self, *args, obstacles, met=None, **kwargs):
        """``met``: the ObstacleMet rows already stored, by obstacle id."""
        met = met or {}
        initial = {}
        for obstacle_id, row in met.items():
            initial[f"met_{obstacle_id}"] = True
            initial[f"note_{obstacle_id}"] = row.note
        super().__init__(*args, initial=initial, **kwargs)
        self.obstacles = list(obstacles)
        self.met = met
        for obstacle in self.obstacles:
            self.fields[f"met_{obstacle.pk}"] = forms.BooleanField(label=obstacle.name, required=False)
            self.fields[f"note_{obstacle.pk}"] = forms.CharField(
                label=_("Note on “%(obstacle)s”") % {"obstacle": obstacle.name},
                required=False,
                max_length=self.NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(obstacle, its checkbox, its note) in the obstacles' order, for the template."""
        return [(obstacle, self[f"met_{obstacle.pk}"], self[f"note_{obstacle.pk}"]) for obstacle in self.obstacles]

    def clean(self):
        cleaned = super().clean()
        for obstacle in self.obstacles:
            note = (cleaned.get(f"note_{obstacle.pk}") or "").strip()
            if note and not cleaned.get(f"met_{obstacle.pk}"):
                self.add_error(
                    f"note_{obstacle.pk}",
                    _(
                        "Tick “%(obstacle)s” if the pilot action met it, or clear this note: a note is kept only with "
                        "its obstacle."
                    )
                    % {"obstacle": obstacle.name},
                )
        return cleaned

    def save(self, results):
        """Make the stored rows what the form says: add, update or remove one per obstacle."""
        for obstacle in self.obstacles:
            row = self.met.get(obstacle.pk)
            note = self.cleaned_data[f"note_{obstacle.pk}"].strip()
            if not self.cleaned_data[f"met_{obstacle.pk}"]:
                if row is not None:
                    row.delete()
            elif row is None:
                results.obstacles_met.create(obstacle=obstacle, note=note)
            elif row.note != note:
                row.note = note
                row.save(update_fields=["note"])


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "note", "link"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "link": WebAddressInput,
        }
        help_texts = {"note": _("Further funding, a new project, a plan adopted…")}
        error_messages = {"link": {"invalid": WEB_ADDRESS.message}}


FollowUpFormSet = inlineformset_factory(
    Results, FollowUp, form=FollowUpForm, extra=1, max_num=20, validate_max=True, can_delete=True
)


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the request only queues a task (``workspace.tasks.send_password_reset``), which
    looks the address up and writes the emails to the outbox.

    Looking the address up in the request would make it slower for an existing account than for an
    unknown address, and so tell anyone which addresses have accounts: the task does it instead.
    """

    def save(self, **kwargs):
        # the email is written in the language of the page the reset was asked on
        transaction.on_commit(partial(queue_password_reset, self.cleaned_data["email"], get_language()))
