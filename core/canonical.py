"""Which query parameters name a page: its canonical address and its hreflang alternates keep those, and only those.

A page's view says which of the parameters it was given are valid (``keep_in_canonical_address``), after checking
them; the context processor ``core.context_processors.alternate_languages`` builds every address from that, when
the template renders. A view that says nothing takes no parameter: its canonical address has no query, so a
tracking tag (``?utm_source=…``) or a scanner's junk never becomes part of a page's name.
"""

from urllib.parse import urlencode

from django.core.validators import EMPTY_VALUES
from django.forms import ModelChoiceField


def keep_in_canonical_address(request, parameters):
    """Record ``parameters``, (name, value) pairs in the order they are to be written, as the ones that name this
    page; blank values are left out (a form sends its empty fields, which choose nothing)."""
    request.canonical_parameters = [(name, str(value)) for name, value in parameters if value not in EMPTY_VALUES]


def canonical_query(request):
    """The query string of the parameters the page's view kept, "" when it kept none."""
    return urlencode(getattr(request, "canonical_parameters", ()))


def url_value(field, value):
    """A cleaned value as its URL writes it: a chosen object by the field the URL carries (a slug, a country
    code in lower case), several values (an ordering) joined by commas."""
    if isinstance(field, ModelChoiceField):
        return field.prepare_value(value)
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return value


def valid_form_parameters(form):
    """(name, URL value) of every field of a bound ``form`` that holds a valid, non-blank value, in the form's order:
    the filters a list was really filtered by, whatever else or in whatever order its address said."""
    if not form.is_bound:
        return []
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    return [
        (name, url_value(field, cleaned[name]))
        for name, field in form.fields.items()
        if name in cleaned and name not in form.errors and cleaned[name] not in EMPTY_VALUES
    ]


class CanonicalFiltersMixin:
    """For a FilterView: its canonical address carries the filters that hold, and the page number past the first
    (the page shown, which a forgiving paginator may have moved from the one asked for)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parameters = valid_form_parameters(self.filterset.form)
        page = context.get("page_obj")
        if page is not None and page.number > 1:
            parameters.append((self.page_kwarg, page.number))
        keep_in_canonical_address(self.request, parameters)
        return context
