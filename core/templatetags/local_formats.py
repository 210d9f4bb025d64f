"""Dates inside sentences and amounts of money, as each interface language writes them.

``{{ day|month_in_text }}``: some languages decline the month inside a sentence: Polish writes "od lutego 2025 do
września 2025" (from February to September 2025) with the genitive, not the "luty 2025" a table cell shows. It prints
a month and year with the format the language's catalogue gives for the message below: YEAR_MONTH_FORMAT in most
languages, "E Y" (the genitive month names, Django's "alt. month") where the sentences that use it ("from … to …") take
the genitive. Sentences that would need another case name the month where none is needed ("winners announced:
December 2024").

``{{ amount|euros }}``: an amount in euros with the symbol where the language puts it and its own separators, from
the Unicode CLDR through Babel ("€40,000" in English, "40 000 €" in Polish, "€ 40.000" in Dutch); cents only where
the amount has some.
"""

from decimal import Decimal

from babel.numbers import format_currency
from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

from core.languages import cldr_locale

register = template.Library()


@register.filter
def month_in_text(value):
    if not value:
        return ""
    # Translators: the date format of a month and year after "from" and "to" ("worked from February 2025 to September
    # 2025"): YEAR_MONTH_FORMAT, or Django date format characters; "E" is the month's genitive ("lutego"), "F" its name.
    return date_format(value, pgettext("date format of a month after from/to", "YEAR_MONTH_FORMAT"))


@register.filter
def euros(amount):
    if amount is None or amount == "":
        return ""
    amount = Decimal(str(amount))
    locale = cldr_locale(get_language())
    pattern = locale.currency_formats["standard"].pattern
    if amount == amount.to_integral_value():
        pattern = pattern.replace(".00", "")  # "40 000 €", not "40 000,00 €"
    return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)
