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


def cell(value, file_format):
    """``value`` as a CSV or XLSX file writes it: an unknown value (None) is an empty cell; a boolean is ``true`` or
    ``false`` in CSV (Python would write ``True``), a boolean cell in XLSX; formulas are escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value if file_format == "xlsx" else str(value).lower()
    return escape_formula(value)


BYTE_ORDER_MARK = "\ufeff"


def export(dataset, file_format, byte_order_mark=False):
    """A tablib dataset as CSV or XLSX. ``byte_order_mark`` puts one before a CSV: Excel needs it to read the file as
    UTF-8, and without it shows “–” as “â€“” and “é” as “Ã©”; other programs do not need it."""
    content = dataset.export(file_format)
    if file_format == "csv" and byte_order_mark:
        return BYTE_ORDER_MARK + content
    return content
