from django import forms
from django.utils.translation import gettext_lazy as _

EUROPE = (-32.0, 27.0, 45.0, 72.0)  # west, south, east, north: what the map shows first


class ViewportForm(forms.Form):
    """The part of the map a client shows: ``bbox=west,south,east,north`` in degrees and a Leaflet ``zoom``."""

    bbox = forms.CharField(required=False, max_length=100)
    zoom = forms.IntegerField(required=False, min_value=0, max_value=22)

    def clean_bbox(self):
        value = self.cleaned_data["bbox"]
        if not value:
            return EUROPE
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError as error:
            raise forms.ValidationError(
                _("Give the box as four numbers: west,south,east,north."), code="invalid"
            ) from error
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south < north <= 90):
            raise forms.ValidationError(
                _("The box must lie within longitudes -180 to 180 and latitudes -90 to 90, south below north."),
                code="out_of_range",
            )
        return west, south, east, north

    def clean_zoom(self):
        zoom = self.cleaned_data["zoom"]
        return 4 if zoom is None else zoom
