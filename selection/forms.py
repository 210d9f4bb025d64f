from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    rationale = forms.CharField(
        label=_("Rationale"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Why: it is recorded with your name and the time, and shown in the history."),
    )


class EvaluationAdminForm(forms.ModelForm):
    submit_now = forms.BooleanField(
        label=_("Submit my evaluation"),
        required=False,
        help_text=_("Once submitted, your scores are final and you see the other jurors' scores."),
    )
