"""The outputs as open data: one list of columns for CSV and XLSX, documented on /open-data/.

Column names are a promise to the people who reuse the files: add columns at the end, never rename one.
"""

import tablib
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import escape_formula
from projects.opendata import Dataset, joined
from results.models import Licence


def file_url(output):
    return settings.SITE_URL + output.file.url if output.file else ""


# (column, what it holds, how to read it from an output prepared by ``Output.objects.for_open_data()``)
COLUMNS = [
    ("id", _("Number of the output on this portal; stable."), lambda o: o.pk),
    ("title", _("Title, as its authors gave it."), lambda o: o.title),
    ("url", _("Address of its page on this portal."), lambda o: settings.SITE_URL + o.get_absolute_url()),
    ("kind", _("Kind of output, as a slug such as joint-plan or study."), lambda o: o.kind.slug),
    ("date", _("When it was finished, adopted or held (YYYY-MM-DD)."), lambda o: o.date.isoformat()),
    ("pilot_action_code", _("Programme code of the pilot action that produced it; empty when unknown."),
     lambda o: o.pilot_action.code),
    ("pilot_action", _("Title of that pilot action."), lambda o: o.pilot_action.title),
    ("pilot_action_url", _("Address of that pilot action's page on this portal."),
     lambda o: settings.SITE_URL + o.pilot_action.get_absolute_url()),
    ("group", _("Thematic group of the pilot action: crisis-management or spatial-planning."),
     lambda o: o.pilot_action.group.slug if o.pilot_action.group else ""),
    ("borders", _("Borders of the pilot action, as slugs separated by “; ”."),
     lambda o: joined(b.slug for b in o.pilot_action.borders.all())),
    ("countries", _("Countries of the pilot action, as ISO 3166-1 alpha-2 codes separated by “; ”."),
     lambda o: joined(c.iso_code for c in o.pilot_action.countries.all())),
    ("themes", _("Themes of the output, as slugs separated by “; ”."),
     lambda o: joined(t.slug for t in o.themes.all())),
    ("languages", _("Languages of the document, as ISO 639-1 codes separated by “; ”."),
     lambda o: joined(language.code for language in o.languages.all())),
    ("file_url", _("Address of its file on this portal, when there is one."), file_url),
    ("file_type", _("Type of that file: PDF, DOCX, XLSX or ODT."), lambda o: o.file_type),
    ("link", _("Where it is published elsewhere, when it is."), lambda o: o.link),
    ("licence", format_lazy(_("Licence of the document, one of: {licences}."), licences=", ".join(Licence.values)),
     lambda o: o.licence),
    ("licence_url", _("Address of the licence's text; empty for all rights reserved."), lambda o: o.licence_url),
    ("summary", _("Summary, as its authors wrote it."), lambda o: o.summary),
    ("reuse", _("What another border region can reuse, in Markdown."), lambda o: o.reuse),
    ("published_at", _("When it was published on this portal (ISO 8601, UTC)."),
     lambda o: o.published_at.isoformat() if o.published_at else ""),
]  # fmt: skip
COLUMN_NAMES = [name for name, _description, _read in COLUMNS]


def as_dataset(outputs):
    """The rows for CSV and XLSX alike, formulas escaped."""
    dataset = tablib.Dataset(headers=COLUMN_NAMES, title="outputs")
    for output in outputs:
        dataset.append(["" if (value := read(output)) is None else escape_formula(value) for *_, read in COLUMNS])
    return dataset


DATASET = Dataset(
    slug="outputs",
    title=_("Outputs of the pilot actions"),
    description=_(
        "Every published output of the pilot actions: plans, exercises, agreements, studies and tools. These rows "
        "describe the outputs; each output’s own document is under the licence its licence column names, not "
        "necessarily the one above."
    ),
    downloads=[
        ("outputs.csv", "results:outputs-csv", _("comma-separated values, UTF-8")),
        ("outputs.xlsx", "results:outputs-xlsx", _("a spreadsheet")),
        ("Atom", "results:outputs-feed", _("a feed of the newest outputs, with the same filters")),
    ],
    columns=[(name, description) for name, description, _read in COLUMNS],
    example="?kind=study&country=fr",
)
