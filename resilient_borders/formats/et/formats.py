"""Estonian date, time and numbers: "1. veebruar 2025, 09:05" and "40 000". Django ships no DATETIME_FORMAT for
Estonian, falling back to the American "veeb. 1, 2025, 9:05 e.l.", and groups no thousands ("40000"); its other
Estonian formats serve as they are."""

DATETIME_FORMAT = "j. F Y, H:i"
NUMBER_GROUPING = 3
