"""Irish date, time and numbers: "1 Feabhra 2025, 09:05" and "40,000". Django ships no DATETIME_FORMAT for Irish,
falling back to the American "Feabh. 1, 2025, 9:05 r.n.", and groups no thousands ("40000"); its other Irish formats
serve as they are."""

DATETIME_FORMAT = "j F Y, H:i"
NUMBER_GROUPING = 3
