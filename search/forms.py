import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from search.registry import KINDS

MAX_QUERY_LENGTH = 200


def validate_printable(value):
    """No control characters (NUL included) nor lone surrogates; tabs and line breaks become spaces."""
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r" for c in value):
        raise ValidationError(_("The search contains characters that cannot be searched for."), code="control")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        validators=[validate_printable],
        error_messages={
            "max_length": _("A search can be at most %(limit_value)d characters long (this one has %(show_value)d)."),
            "null_characters_not_allowed": _("The search contains characters that cannot be searched for."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        error_messages={"invalid_choice": _("“%(value)s” is not a type of result: all types are shown.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *((key, kind.label) for key, kind in KINDS.items())]

    def clean_q(self):
        # Tabs and line breaks pass the check above only as spaces; a search is one line.
        return " ".join(self.cleaned_data["q"].split())

    @property
    def query(self):
        """The words to search for, or "" when there are none or they are not valid (an unknown type aside)."""
        self.is_valid()
        return self.cleaned_data.get("q", "")

    @property
    def kind(self):
        """The type to show, or None for all (also when the type asked for is not one)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.cleaned_data.get("type") or None
