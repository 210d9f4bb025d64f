"""Widgets: admin form pieces for a pilot action's location, on django-leaflet's assets (its own widget needs
GDAL); and the direct rendering of the public filter forms' selects and inputs."""

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

PRECISION = Decimal("0.00001")  # five decimals: about a metre


class CoordinateField(forms.DecimalField):
    """A latitude or longitude typed with a dot or a comma, rounded to five decimals."""

    widget = forms.TextInput

    def __init__(self, *, limit, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=Decimal(-limit), max_value=Decimal(limit), **kwargs)

    def widget_attrs(self, widget):
        # A number input would refuse a comma in the browser; "decimal" still brings up a numeric keypad.
        return {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("\u2212", "-")
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.quantize(PRECISION, rounding=ROUND_HALF_UP)
        except InvalidOperation as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class LocationPickerWidget(forms.TextInput):
    """The latitude input, followed by a map on which a click or a drag fills latitude and longitude."""

    template_name = "projects/widgets/location_picker.html"

    def __init__(self, longitude_field="longitude", attrs=None):
        self.longitude_field = longitude_field
        super().__init__(attrs)

    class Media:
        css = {"all": ["leaflet/leaflet.css", "css/location-picker.css"]}
        js = ["leaflet/leaflet.js", "js/map-settings.js", "js/location-picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["longitude_id"] = f"id_{self.longitude_field}"
        context["widget"]["map_label"] = _("Map: click or drag the marker to set the location")
        return context


# Django renders a <select> through a template per option (and one more for each option's attributes): for the
# filter forms' hundreds of options, most of a list page's time. These build the same HTML directly, byte for
# byte as Django's own templates would (tests/projects/test_direct_widgets.py compares them).
SELECT_TEMPLATE = "django/forms/widgets/select.html"
SELECT_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
INPUT_TEMPLATE = "django/forms/widgets/input.html"


def _text(value):
    """A value as ``{{ value }}`` prints it in a template: localised, then escaped unless marked safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value):
    """A value as ``{{ value|stringformat:'s' }}`` prints it: escaped unless marked safe (the filter is
    is_safe, so what was safe stays safe)."""
    formatted = str(value) if isinstance(value, tuple) else value
    formatted = f"{formatted}"
    return formatted if isinstance(value, SafeData) else escape(formatted)


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget):
    """django/forms/widgets/select.html, each option through select_option.html (whose file ends in a newline)."""
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget):
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _renders_directly(template_name, widget):
    if template_name == INPUT_TEMPLATE:
        return True
    return template_name == SELECT_TEMPLATE and all(
        option["template_name"] == SELECT_OPTION_TEMPLATE
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


class DirectlyRenderedMixin:
    """Renders a select or an input without templates; any other widget, or a project's own template for one,
    as Django does."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if not _renders_directly(template_name, widget):
            return super()._render(template_name, context, renderer)
        return mark_safe(_select(widget) if template_name == SELECT_TEMPLATE else _input(widget))  # noqa: S308 (escaped above)


@functools.cache
def directly_rendered_class(widget_class):
    return type(widget_class.__name__, (DirectlyRenderedMixin, widget_class), {"__module__": __name__})


def render_widgets_directly(form):
    """Give each of ``form``'s widgets (its own copies: a form deep-copies its fields) the direct rendering."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(widget, DirectlyRenderedMixin):
            widget.__class__ = directly_rendered_class(type(widget))
    return form
