"""One rule for every spreadsheet the portal writes: the public open data and the admin's exports.

A cell whose text starts like a formula is run by spreadsheet programs (OWASP, "CSV Injection"): "=1+1", but also
"+", "-" and "@" (Excel's DDE and functions), and a tab or carriage return before any of them. Such text gets an
apostrophe in front, so it shows as text and the value is otherwise unchanged.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def escape_formula(value):
    """``value`` with an apostrophe in front if a spreadsheet would run it as a formula.

    Only text, and not text that is a number (a longitude of "-8.61" is data, not a formula): numbers stay as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not is_number(value):
        return "'" + value
    return value
