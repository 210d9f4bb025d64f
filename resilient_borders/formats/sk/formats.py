"""Slovak dates with the month in the genitive: "1. februára 2025" (Django's: "1. február 2025"). The genitive names
come from locale_django/sk ("alt. month"); the formats Django ships for Slovak serve for everything else."""

DATE_FORMAT = "j. E Y"
DATETIME_FORMAT = "j. E Y, G:i"
