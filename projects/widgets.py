"""Admin form pieces for a pilot action's location, on django-leaflet's assets (its own widget needs GDAL)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
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
