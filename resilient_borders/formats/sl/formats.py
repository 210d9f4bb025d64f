"""Slovenian dates with the month in the genitive: "1. februarja 2025" (Django's: "01. februar 2025"). The genitive
names come from locale_django/sl ("alt. month"); the formats Django ships for Slovenian serve for everything else."""

DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y, H:i"
