"""The programme's fixed terms as load_programme names them (projects/data/programme.json): its thematic groups and
themes, marked here for the interface catalogues.

Their names are content (staff may rename them in admin) kept in the content languages' columns (English, French);
in the interface's other languages a group or theme shows the catalogue's translation of its English name, as long
as staff keep that name (``core.content_language.catalogue_name``). tests/projects/test_vocabulary.py checks that
this list and the data file name the same terms.
"""

from django.utils.translation import pgettext_lazy

GROUP_CONTEXT = "thematic group"
THEME_CONTEXT = "theme"

GROUP_NAMES = (
    pgettext_lazy("thematic group", "Cross-border crisis management"),
    pgettext_lazy("thematic group", "Cross-border spatial planning"),
)
THEME_NAMES = (
    pgettext_lazy("theme", "Floods"),
    pgettext_lazy("theme", "Drought"),
    pgettext_lazy("theme", "Wildfires"),
    pgettext_lazy("theme", "Health crises"),
    pgettext_lazy("theme", "Transport cooperation"),
    pgettext_lazy("theme", "Cross-border housing"),
    pgettext_lazy("theme", "Other and cross-cutting"),
)
