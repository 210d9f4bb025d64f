"""Programme figures stated by AEBR and MOT (shared/data/programme-facts.md).

These are what the programme announced, not what this portal has documented:
pages print both, so that readers see how complete the public record is.
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SELECTED_PILOT_ACTIONS = 20
STARTED_PILOT_ACTIONS = 19  # one selected applicant withdrew before the start
BORDERS_AT_SELECTION = 13
COUNTRIES_AT_SELECTION = 20
MAX_GRANT_EUR = 40_000
TOTAL_BUDGET_EUR = Decimal("1052631.58")
CALL_OPENED = datetime.date(2024, 10, 4)
CALL_CLOSED = datetime.date(2024, 11, 30)
ACTIVE_PHASE_START = datetime.date(2025, 2, 1)
ACTIVE_PHASE_END = datetime.date(2025, 9, 30)

# The rest of what programme-facts.md states about the programme, for its own pages (/about/ and /call/; the FAQ's
# answers are stored in the database, seeded with their sources by programme's migration 0002).
# Every fact is printed with its source: a link where the facts give an address, else the source's name.


class Source(NamedTuple):
    name: str
    url: str = ""


AEBR_PROJECT_PAGE = Source(
    _("AEBR, Resilient Borders project page"),
    "https://www.aebr.eu/resilient-borders-cb-crisis-management-spatial-planning/",
)
AEBR = Source("AEBR")
AEBR_CALL_PAGE = Source(_("AEBR, call page"))
AEBR_STARTED_TODAY = Source(
    _("AEBR, “Resilient Borders Initiative – Pilot Actions Started today” (3 February 2025)"),
    "https://www.aebr.eu/resilient-borders-initiative-pilot-actions-started-today/",
)
MOT_PROJECT_PAGE = Source(_("MOT, project page"))
MOT_NEWS = Source(_("MOT, news"))
MOT_LAUNCH_NEWS = Source(
    _("MOT, espaces-transfrontaliers.org (February 2025)"),
    "https://www.espaces-transfrontaliers.org/en/resilient-borders-vingt-actions-pilotes-selectionnees-pour-renforcer-la-resilience-des-regions-frontalieres",
)
INTERREG_EU = Source(_("interreg.eu, news"))
EUROPEAN_GREEN_BELT = Source(_("europeangreenbelt.org, call summary"))
PROGRAMME_FAQ = Source(_("resilientborders.eu, FAQ"), "https://resilientborders.eu/faq/")
PROGRAMME_CALL = Source(_("resilientborders.eu, call for proposals"), "https://resilientborders.eu/call-for-proposals")
BRATISLAVA = Source("bratislava.sk", "https://bratislava.sk/mesto-bratislava/projekty/eu-projekty/odolne-hranice")
BAMA = Source("bama.hu", "https://www.bama.hu/helyi-kozelet/2025/09/drava-premium-klimavaltozas")
SUDUVOS_GIDAS = Source(
    "suduvosgidas.lt",
    "https://suduvosgidas.lt/kalvarijos-savivaldybes-atstovai-dalyvavo-baigiamojoje-projekto-resilient-borders-konferencijoje/",
)
NOE_REGIONAL = Source(
    "noeregional.at",
    "https://noeregional.at/abschlusskonferenz-in-gyor-26-09-2025-pilotaktion-resilient-borders-zieht-bilanz-stadtregion-bratislava-umland",
)
NORDREGIO = Source(
    "Nordregio",
    "https://nordregio.org/research/strengthening-the-resilience-of-eu-border-regions-mapping-risks-crisis",
)
FUTURIUM = Source(_("Futurium, Border Focal Point news"))
OECD_REPORT = Source(
    _("OECD (2024), Building More Resilient Cross-border Regions, Annex A"), "https://doi.org/10.1787/d5fd3e59-en"
)

FULL_NAME = "Resilient Borders – Cross-Border Spatial Planning and Crisis Management Pilot Actions"
GRANT_AGREEMENT = "2022CE160AT316"
PILOT_PROJECT_CODE = "CB-CRII"
PILOT_PROJECT_NAME = "Cross-Border Crisis Response Integrated Initiative"
EU_CO_FINANCING_EUR = Decimal("1000000")
MOT_BUDGET_EUR = Decimal("526315.79")
MOT_CO_FINANCING_EUR = Decimal("500000")
ACTION_START = datetime.date(2024, 1, 1)
ACTION_END = datetime.date(2025, 12, 31)
ACTION_MONTHS = 24
BRATISLAVA_GRANT_EUR = Decimal("39098.87")
INFO_SESSION = datetime.date(2024, 10, 30)
SELECTION_MONTH = datetime.date(2024, 12, 1)
WINNERS_ANNOUNCED_MONTH = datetime.date(2025, 1, 1)
LAUNCH_WEBINAR = datetime.date(2025, 1, 27)
PILOTS_STARTED = datetime.date(2025, 2, 3)
ACTIVE_PHASE_MONTHS = 8
FINAL_EVENTS_MONTH = datetime.date(2025, 9, 1)
FINAL_REPORTING_YEAR = 2025
STARTED_CRISIS_MANAGEMENT = 9
STARTED_SPATIAL_PLANNING = 10
COUNTRIES_AFTER_WITHDRAWAL = 19
MINIMUM_APPLICANTS = 2

# The crisis types the call accepted (resilientborders.eu FAQ), by the families of Theme.HazardFamily.
CRISIS_FAMILY_EXAMPLES = {
    "meteorological": _("floods, tsunami, droughts"),
    "geohazard": _("natural disasters, forest fires"),
    "biological": _("epidemics and pandemics, animal and plant diseases"),
    "technological": _("disruption of critical infrastructure, nuclear and radiological accidents"),
    "societal": _("mass displacement of people (migration), terrorism, security issues, cyber threats"),
}


class Milestone(NamedTuple):
    """A step of the programme's timeline: a day, a month or a year (``precision``), or a span of them."""

    start: datetime.date
    end: datetime.date | None
    precision: str  # "day", "month" or "year"
    title: str
    detail: str
    sources: tuple

    def machine_dates(self):
        """The HTML ``datetime`` values of the start and the end, as precise as the sources are."""
        form = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[self.precision]
        return self.start.strftime(form), self.end.strftime(form) if self.end else ""


def timeline():
    """The milestones in the active language (called per request: the figures are put into the sentences)."""
    return [
        Milestone(
            CALL_OPENED,
            CALL_CLOSED,
            "day",
            gettext("Call for proposals"),
            gettext("Public bodies of border regions apply, at least two together, in one of the two lots."),
            (AEBR, INTERREG_EU),
        ),
        Milestone(
            INFO_SESSION,
            None,
            "day",
            gettext("Online information session"),
            gettext("On Zoom, 11:30–12:30 CET: the European Commission with AEBR and MOT staff."),
            (INTERREG_EU,),
        ),
        Milestone(
            SELECTION_MONTH,
            None,
            "month",
            gettext("Selection"),
            gettext(
                "An independent jury of cross-border resilience experts selects %(selected)s pilot actions; "
                "the winners are announced in January 2025."
            )
            % {"selected": SELECTED_PILOT_ACTIONS},
            (AEBR_CALL_PAGE,),
        ),
        Milestone(
            LAUNCH_WEBINAR,
            None,
            "day",
            gettext("Launch webinar"),
            gettext(
                "A joint online webinar for all the selected projects, organised by AEBR and MOT, "
                "with DG REGIO, the OECD and Technopolis."
            ),
            (MOT_LAUNCH_NEWS,),
        ),
        Milestone(
            PILOTS_STARTED,
            None,
            "day",
            gettext("The pilot actions start"),
            gettext(
                "One selected applicant withdrew: %(started)s pilot actions start, %(crisis)s in crisis management "
                "and %(planning)s in spatial planning (MOT held its kick-off on 1 February)."
            )
            % {
                "started": STARTED_PILOT_ACTIONS,
                "crisis": STARTED_CRISIS_MANAGEMENT,
                "planning": STARTED_SPATIAL_PLANNING,
            },
            (AEBR_STARTED_TODAY, MOT_NEWS),
        ),
        Milestone(
            ACTIVE_PHASE_START,
            ACTIVE_PHASE_END,
            "month",
            gettext("Active phase"),
            gettext("%(months)s months in which the pilot actions carry out their work.")
            % {"months": ACTIVE_PHASE_MONTHS},
            (PROGRAMME_CALL, BRATISLAVA),
        ),
        Milestone(
            FINAL_EVENTS_MONTH,
            None,
            "month",
            gettext("Final events"),
            gettext(
                "Closing conferences, among them the Drava pilot action’s in Pécs (22 September), the "
                "Lithuanian–Polish project’s in Puńsk (19 September) and the Bratislava pilot action’s in Győr "
                "(26 September)."
            ),
            (BAMA, SUDUVOS_GIDAS, NOE_REGIONAL),
        ),
        Milestone(
            datetime.date(FINAL_REPORTING_YEAR, 12, 31),
            None,
            "year",
            gettext("Final reporting"),
            gettext("AEBR and MOT report on the pilot actions’ results at the end of %(year)s.")
            % {"year": FINAL_REPORTING_YEAR},
            (AEBR_CALL_PAGE,),
        ),
    ]
