"""Languages named in themselves, the language a first visit is offered, and names sorted as readers expect.

Django's ``name_local`` is not always the name a speaker would use in a list of languages: an adverb for some
("česky", "slovensky", "Lietuviškai", "Latviešu"... "in Czech") and "norsk (bokmål)" for Bokmål. These are the
names CLDR gives each language in itself, capitalised as the language does (Deutsch, English, Gaeilge, Malti,
Nederlands, Ελληνικά; the others in lower case): the one place the portal takes them from (the language chooser,
the languages of an output's documents).
"""

import unicodedata

from babel import Locale
from django.utils.translation import get_language_info, get_supported_language_variant, to_locale
from django.utils.translation.trans_real import parse_accept_lang_header

NATIVE_NAMES = {
    "bg": "български",
    "cs": "čeština",
    "da": "dansk",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "español",
    "et": "eesti",
    "fi": "suomi",
    "fr": "français",
    "ga": "Gaeilge",
    "hr": "hrvatski",
    "hu": "magyar",
    "it": "italiano",
    "lt": "lietuvių",
    "lv": "latviešu",
    "mt": "Malti",
    "nb": "norsk bokmål",
    "nl": "Nederlands",
    "pl": "polski",
    "pt": "português",
    "ro": "română",
    "sk": "slovenčina",
    "sl": "slovenščina",
    "sv": "svenska",
}

# Browsers in Norway often send the generic "no", or Nynorsk ("nn"), whose readers read Bokmål too: Bokmål suits
# them better than English. Django's own lookup would find neither.
NEAREST = {"no": "nb", "nn": "nb"}


# Open Graph names a page's locale as language_TERRITORY: each language with the country where most of its
# speakers live (English as the EU writes it, British).
OPEN_GRAPH_LOCALES = {
    "bg": "bg_BG", "cs": "cs_CZ", "da": "da_DK", "de": "de_DE", "el": "el_GR", "en": "en_GB", "es": "es_ES",
    "et": "et_EE", "fi": "fi_FI", "fr": "fr_FR", "ga": "ga_IE", "hr": "hr_HR", "hu": "hu_HU", "it": "it_IT",
    "lt": "lt_LT", "lv": "lv_LV", "mt": "mt_MT", "nb": "nb_NO", "nl": "nl_NL", "pl": "pl_PL", "pt": "pt_PT",
    "ro": "ro_RO", "sk": "sk_SK", "sl": "sl_SI", "sv": "sv_SE",
}  # fmt: skip


def native_name(code):
    """``code``'s language named in itself; Django's name for a language outside the list; KeyError if neither
    knows it."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    return get_language_info(code)["name_local"]


def accepted_language(header):
    """The interface language an Accept-Language header prefers (q-values weighed, regional variants such as
    el-GR matched to el), or None when it names none of ours: as Django reads it, plus ``NEAREST`` and q=0.

    A language counts once its catalogue is compiled (Django's check_for_language), as for Django's own choice.
    """
    for code, quality in parse_accept_lang_header(header or ""):
        if code == "*":
            break
        if not quality:  # q=0: "not this one" (RFC 9110), which Django's parser keeps
            continue
        code = NEAREST.get(code.split("-")[0], code)
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def collation_key(name):
    """Sort names as a reader expects, accents and case aside: États-Unis next to Espagne, not after Zambie."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


# Where the interface's language code alone would give the CLDR another country's conventions: Portuguese is Brazil's
# in the CLDR, and the EU's English is Ireland's and Malta's, not the United States'.
CLDR_LOCALES = {"pt": "pt_PT", "en": "en_IE"}


def cldr_locale(language):
    """The CLDR's locale (Babel's) for an interface language, for what Django does not give: amounts of money, and
    country names in the languages django-countries lacks."""
    code = (language or "en").lower()
    return Locale.parse(CLDR_LOCALES.get(code) or CLDR_LOCALES.get(code.split("-")[0]) or to_locale(code))
