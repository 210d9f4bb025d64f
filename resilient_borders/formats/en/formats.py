"""English dates as the EU writes them ("2 December 2026", not Django's American "Dec. 2, 2026"). Templates print
dates with DATE_FORMAT and YEAR_MONTH_FORMAT, so that every other language gets its own conventions (Polish
"2 grudnia 2026", German "2. Dezember 2026", Hungarian "2026. december 2.")."""

DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DATETIME_FORMAT = "j F Y, H:i"
