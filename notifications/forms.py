from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import PilotAction


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    pilot_action = forms.ModelChoiceField(
        queryset=PilotAction.objects.public(),
        to_field_name="slug",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This pilot action does not exist or is not public.")},
    )
