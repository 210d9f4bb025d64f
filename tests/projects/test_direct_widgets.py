"""The filter forms' selects and inputs, built directly (projects.widgets) instead of through Django's template per
option: byte for byte what Django's own widgets render, for every field of every public filter form, unbound,
with one choice, with several, and with values that are no choice."""

import pytest
from django import forms
from django.http import QueryDict
from django.utils.safestring import mark_safe

from projects.filters import PilotActionFilter, ProgressReportFilter
from projects.models import PilotAction, ProgressReport, Theme
from projects.widgets import DirectlyRenderedMixin, render_widgets_directly
from results.filters import OutputFilter
from results.models import Output
from tests.factories import (
    BorderFactory,
    CountryFactory,
    OutputFactory,
    PilotActionFactory,
    ProgressReportFactory,
    ThematicGroupFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

FILTERSETS = [
    (PilotActionFilter, PilotAction.objects.public),
    (OutputFilter, Output.objects.published),
    (ProgressReportFilter, ProgressReport.objects.published),
]


@pytest.fixture
def data():
    """Names that need escaping in labels, a few choices of each facet."""
    france, germany = CountryFactory(iso_code="FR"), CountryFactory(iso_code="DE")
    group = ThematicGroupFactory(slug="crisis", name='Crisis & "risk" <management>')
    floods = ThemeFactory(slug="floods", name="Floods & storms", hazard_family=Theme.HazardFamily.METEOROLOGICAL)
    drought = ThemeFactory(slug="drought", name="Drought <dry>")
    border = BorderFactory(name="France–Germany ‘Rhine’", countries=[france, germany])
    pilot_action = PilotActionFactory(
        group=group, themes=[floods, drought], borders=[border], countries=[france, germany]
    )
    ProgressReportFactory(pilot_action=pilot_action)
    OutputFactory(pilot_action=pilot_action)
    return {"group": group, "theme": floods, "border": border, "country": france}


def states(data):
    """Query strings: nothing, one choice of each select, several (the last one wins, and a CSV order), values
    that are no choice, and what needs escaping."""
    one = {"group": data["group"].slug, "theme": data["theme"].slug, "border": data["border"].slug}
    return [
        "",
        "&".join(f"{name}={value}" for name, value in one.items())
        + f"&country={data['country'].iso_code.lower()}&family=meteorological&sort=-title&q=flood",
        f"theme={data['theme'].slug}&theme=drought&sort=title,code&group=crisis&group=nothing",
        "group=nothing&theme=%3Cb%3E&border=&country=XX&family=none&sort=nonsense&kind=x&language=zz",
        "q=%22quoted%22+%3Cscript%3E+%26+more&sort=title&sort=code",
    ]


def forms_of(settings, filterset_class, queryset, query, *, labelled):
    """Two forms of ``filterset_class`` bound to ``query`` alike: one as plain Django renders it (the rendering
    shortcuts off), one with them on (direct widgets, and choices and counts from the cache)."""
    made = []
    for shortcuts in (False, True):
        settings.RENDERING_SHORTCUTS = shortcuts
        filterset = filterset_class(QueryDict(query), queryset=queryset())
        filterset.is_valid()
        if labelled and hasattr(filterset, "label_choices_with_counts"):
            filterset.label_choices_with_counts()
        made.append(filterset.form)
    return made


@pytest.mark.parametrize("labelled", [False, True], ids=["plain", "with counts"])
@pytest.mark.parametrize(("filterset_class", "queryset"), FILTERSETS, ids=lambda value: getattr(value, "__name__", ""))
def test_every_field_renders_as_djangos_own_widget(settings, data, filterset_class, queryset, labelled):
    compared = 0
    for query in states(data):
        django_form, direct_form = forms_of(settings, filterset_class, queryset, query, labelled=labelled)
        for name in django_form.fields:
            assert isinstance(direct_form.fields[name].widget, DirectlyRenderedMixin)
            assert not isinstance(django_form.fields[name].widget, DirectlyRenderedMixin)
            expected = str(django_form[name])
            assert str(direct_form[name]) == expected, (query, name)
            compared += 1
    assert compared == len(states(data)) * len(filterset_class.base_filters)


class Everything(forms.Form):
    """What Django's select and input templates can print: optgroups, several selected, attributes that are
    True, False or safe, an integer value, no value."""

    plain = forms.CharField(
        required=True, widget=forms.TextInput(attrs={"data-x": mark_safe("<kept>"), "hidden": True})
    )
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"disabled": False, "step": 2}))
    grouped = forms.ChoiceField(
        required=True,
        choices=[("", "Pick <one>"), ("Group & co", [("a", "A & a"), (1, 1000)]), ("b", mark_safe("<em>B</em>"))],
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", '"Y"')], required=False)


@pytest.mark.parametrize(
    "data", [None, {}, {"plain": 'a "b" <c>', "number": "12", "grouped": "1", "several": ["x", "y"]}, {"grouped": "b"}]
)
def test_selects_and_inputs_of_any_kind_render_as_djangos(data):
    django_form = Everything(data)
    direct_form = render_widgets_directly(Everything(data))
    for name in django_form.fields:
        assert str(direct_form[name]) == str(django_form[name]), name


def test_widgets_with_templates_of_their_own_are_left_to_django():
    class Radios(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)

    assert str(render_widgets_directly(Radios())["choice"]) == str(Radios()["choice"])
