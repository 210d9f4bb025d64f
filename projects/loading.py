"""Thematic groups, themes, organisations and the pilot actions found in public sources.

``data/pilot_actions.json`` is a verbatim copy of the research file: its
free-text partner and source entries are parsed here rather than edited
there, so the copy can be refreshed from the research as it grows.
"""

import re
from pathlib import Path

from django.conf import settings

from borders.models import Border, Country
from core.loading import read_json, upsert
from projects.models import Organisation, Partnership, PilotAction, Source, ThematicGroup, Theme

DATA_DIR = Path(__file__).resolve().parent / "data"

# "Name (XX, note) – more" with every part after the name optional; the research writes the dash as "–" or "-".
ORGANISATION_ENTRY = re.compile(r"^(?P<name>.+?)(?: \((?P<paren>[^()]*)\)(?: [–-] (?P<tail>.+))?)?$")
COUNTRY_IN_PARENTHESES = re.compile(r"^(?P<code>[A-Z]{2})(?:, (?P<note>.+))?$")
SOURCE_ENTRY = re.compile(r"^(?P<url>\S+)(?: \((?P<description>.+)\))?$")


def parse_organisation_entry(entry):
    """Split a free-text entry into name, ISO country code and note.

    Parentheses hold a country code ("(HR)", "(AT, organisational support)"),
    a note when they start in lower case ("(seat Puńsk)") or hold clauses ("; "), or else part of the
    name itself ("EGTC GO (European Grouping of …)").
    """
    match = ORGANISATION_ENTRY.match(entry.strip())
    name, paren, tail = match["name"], match["paren"], match["tail"]
    country_code, notes = None, []
    if paren:
        country = COUNTRY_IN_PARENTHESES.match(paren)
        if country:
            country_code = country["code"]
            if country["note"]:
                notes.append(country["note"])
        elif paren[0].islower() or "; " in paren:
            # A spelled-out name has no clauses: "(Swedish-Norwegian cooperation …; the applicant is not stated)"
            # is the research's note, which staff read in admin and the public never see as a name.
            notes.append(paren)
        else:
            name = f"{name} ({paren})"
    if tail:
        notes.append(tail)
    return name, country_code, "; ".join(notes)


def parse_source_entry(entry):
    match = SOURCE_ENTRY.match(entry.strip())
    return match["url"], (match["description"] or "")


def load_reference_data(path=DATA_DIR / "programme.json"):
    data = read_json(path)
    for organisation in data["organisations"]:
        values = dict(organisation)
        upsert(Organisation, {"name": values.pop("name")}, values)
    for group in data["groups"]:
        values = dict(group)
        values["coordinating_organisation"] = Organisation.objects.get(acronym=values["coordinating_organisation"])
        upsert(ThematicGroup, {"slug": values.pop("slug")}, values)
    for theme in data["themes"]:
        values = dict(theme)
        upsert(Theme, {"slug": values.pop("slug")}, values)


def _organisation(entry, city=None, country_code=None):
    name, parsed_country, note = parse_organisation_entry(entry)
    country = Country.objects.filter(iso_code=country_code or parsed_country).first()
    organisation, _ = upsert(Organisation, {"name": name}, {"city": city or "", "country": country})
    return organisation, note


def record_confidence(text):
    """The research writes "confirmed …", "probable – …" or "partial – …": only the first word counts.

    Anything else is kept as partial, out of public view, rather than published by default.
    """
    for confidence in PilotAction.Confidence:
        if text.strip().lower().startswith(confidence.value):
            return confidence
    return PilotAction.Confidence.PARTIAL


def _existing_pilot_action(record):
    if record["code"]:
        return PilotAction.objects.filter(code=record["code"]).first()
    return PilotAction.objects.filter(title=record["title"]).first()


def load_pilot_action(record):
    """Create one pilot action from a research record; an existing one is left as staff left it."""
    if _existing_pilot_action(record):
        return False
    notes = [f"Confidence: {record['confidence']}"]
    if record.get("notes"):
        notes.append(f"Notes: {record['notes']}")
    pilot_action = PilotAction.objects.create(
        code=record["code"] or "",
        title=record["title"],
        acronym=record["acronym"] or "",
        slug=PilotAction.objects.free_slug(record["acronym"] or record["title"]),
        group=ThematicGroup.objects.filter(slug=record["group"]).first() if record["group"] else None,
        latitude=record["lat"],
        longitude=record["lon"],
        location_is_approximate=bool(record.get("coordinates_approximate")),
        summary=record["summary"],
        status=PilotAction.Status.SELECTED,
        record_confidence=record_confidence(record["confidence"]),
        internal_notes="\n".join(notes),
    )
    pilot_action.themes.set(Theme.objects.filter(slug__in=record["themes"]))
    pilot_action.countries.set(Country.objects.filter(iso_code__in=record["countries"]))
    if record["border"]:
        pilot_action.borders.set(Border.objects.between(record["border"].split("-")))

    order = 0
    if record["lead_organisation"]:
        lead, note = _organisation(record["lead_organisation"], record["lead_city"], record["lead_country"])
        Partnership.objects.create(
            pilot_action=pilot_action, organisation=lead, role=Partnership.Role.LEAD, note=note, order=order
        )
    for order, entry in enumerate(record["partners"], start=1):
        partner, note = _organisation(entry)
        Partnership.objects.get_or_create(
            pilot_action=pilot_action,
            organisation=partner,
            defaults={"role": Partnership.Role.PARTNER, "note": note, "order": order},
        )
    for order, entry in enumerate([record["source"], *record.get("additional_sources", [])]):
        url, description = parse_source_entry(entry)
        Source.objects.get_or_create(
            pilot_action=pilot_action, url=url, defaults={"description": description, "order": order}
        )
    return True


def load_pilot_actions(path=None):
    created = 0
    for record in read_json(path or settings.PILOT_ACTIONS_FILE):
        created += load_pilot_action(record)
    return created
