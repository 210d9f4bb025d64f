"""Italian dates without a leading zero, "1 febbraio 2025" (Django's: "01 febbraio 2025"). Month names in lower case
come from locale_django/it; the formats Django ships for Italian serve for everything else."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
