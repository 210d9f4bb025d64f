"""Greek dates written out, with the month in the genitive: "1 Φεβρουαρίου 2025" (Django's: "01/02/2025", which pages
showing a date in words do not want). The formats Django ships for Greek serve for everything else."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
