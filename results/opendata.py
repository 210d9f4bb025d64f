"""The outputs as open data: one list of columns for CSV and XLSX, documented on /open-data/.

Column names are a promise to the people who reuse the files: add columns at the end, never rename one.
"""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from projects.opendata import Column, Dataset, joined, spreadsheet
from results.models import Licence


def file_url(output):
    return settings.SITE_URL + output.file.url if output.file else None


# Read from an output prepared by ``Output.objects.for_open_data()``.
COLUMNS = [
    Column("id", "integer", _("Number of the output on this portal; stable."), lambda o: o.pk),
    Column("title", "text", _("Title, as its authors gave it."), lambda o: o.title),
    Column("url", "url", _("Address of its page on this portal."), lambda o: settings.SITE_URL + o.get_absolute_url()),
    Column("kind", "text", _("Kind of output, as a slug such as joint-plan or study."), lambda o: o.kind.slug),
    Column("date", "date", _("When it was finished, adopted or held (YYYY-MM-DD)."), lambda o: o.date.isoformat()),
    Column("pilot_action_code", "text",
           _("Programme code of the pilot action that produced it; empty when unknown."),
           lambda o: o.pilot_action.code),
    Column("pilot_action", "text", _("Title of that pilot action."), lambda o: o.pilot_action.title),
    Column("pilot_action_url", "url", _("Address of that pilot action's page on this portal."),
           lambda o: settings.SITE_URL + o.pilot_action.get_absolute_url()),
    Column("group", "text", _("Thematic group of the pilot action: crisis-management or spatial-planning."),
           lambda o: o.pilot_action.group.slug if o.pilot_action.group else None),
    Column("borders", "list", _("Borders of the pilot action, as slugs separated by “; ”."),
           lambda o: joined(b.slug for b in o.pilot_action.borders.all())),
    Column("countries", "list", _("Countries of the pilot action, as ISO 3166-1 alpha-2 codes separated by “; ”."),
           lambda o: joined(c.iso_code for c in o.pilot_action.countries.all())),
    Column("themes", "list", _("Themes of the output, as slugs separated by “; ”."),
           lambda o: joined(t.slug for t in o.themes.all())),
    Column("languages", "list", _("Languages of the document, as ISO 639-1 codes separated by “; ”."),
           lambda o: joined(language.code for language in o.languages.all())),
    Column("file_url", "url", _("Address of its file on this portal, when there is one."), file_url),
    Column("file_type", "text", _("Type of that file: PDF, DOCX, XLSX or ODT."), lambda o: o.file_type),
    Column("link", "url", _("Where it is published elsewhere, when it is."), lambda o: o.link),
    Column("licence", "text",
           format_lazy(_("Licence of the document, one of: {licences}."), licences=", ".join(Licence.values)),
           lambda o: o.licence),
    Column("licence_url", "url", _("Address of the licence's text; empty for all rights reserved."),
           lambda o: o.licence_url),
    Column("summary", "text", _("Summary, as its authors wrote it."), lambda o: o.summary),
    Column("reuse", "text", _("What another border region can reuse, in Markdown."), lambda o: o.reuse),
    Column("published_at", "datetime", _("When it was published on this portal (ISO 8601, UTC)."),
           lambda o: o.published_at.isoformat() if o.published_at else None),
]  # fmt: skip
COLUMN_NAMES = [column.name for column in COLUMNS]


def as_dataset(outputs, file_format):
    return spreadsheet(outputs, COLUMNS, "outputs", file_format)


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
        (
            "outputs-for-excel.csv",
            "results:outputs-csv-excel",
            _("the same CSV for Microsoft Excel: UTF-8 with a byte-order mark"),
        ),
        ("outputs.xlsx", "results:outputs-xlsx", _("a spreadsheet")),
        ("Atom", "results:outputs-feed", _("a feed of the newest outputs, with the same filters")),
    ],
    columns=[column.documentation for column in COLUMNS],
    example="?kind=study&country=fr",
)
