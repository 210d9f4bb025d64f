"""What the research file holds, so that tests follow the data instead of pinning today's counts.

The file is the one the loader reads (projects/data/pilot_actions.json); its ``confidence`` starts with
"confirmed", "probable" or "partial", and only confirmed records are public.
"""

import json
import os
from pathlib import Path

# As settings.PILOT_ACTIONS_FILE: CI's data guard (make test-data-guard) names a variant with fewer records.
BUNDLED_PATH = Path(__file__).resolve().parents[1] / "projects" / "data" / "pilot_actions.json"
RESEARCH_PATH = Path(os.environ.get("PILOT_ACTIONS_FILE") or BUNDLED_PATH)
RESEARCH = json.loads(RESEARCH_PATH.read_text(encoding="utf-8"))


def is_confirmed(record):
    return record["confidence"].strip().lower().startswith("confirmed")


CONFIRMED = [record for record in RESEARCH if is_confirmed(record)]
HIDDEN = [record for record in RESEARCH if not is_confirmed(record)]
CONFIRMED_TITLES = {record["title"] for record in CONFIRMED}
HIDDEN_TITLES = {record["title"] for record in HIDDEN}
# Public records without lat/lon: no source names the lead's town, so maps place them on their border.
CONFIRMED_WITHOUT_PLACE = [record for record in CONFIRMED if record["lat"] is None or record["lon"] is None]
CONFIRMED_BORDERS = {frozenset(record["border"].split("-")) for record in CONFIRMED}
CONFIRMED_COUNTRIES = {code for record in CONFIRMED for code in record["countries"]}


def confirmed_in_group(group_slug):
    return [record for record in CONFIRMED if record["group"] == group_slug]


def confirmed_on_border(*iso_codes):
    return [record for record in CONFIRMED if frozenset(record["border"].split("-")) == frozenset(iso_codes)]


def started_phrase(joint="of"):
    """What the home page ("N of 19") and the list ("N of the 19") say, N the confirmed records."""
    from projects import programme

    return f"{len(CONFIRMED)} {joint} {programme.STARTED_PILOT_ACTIONS}"
