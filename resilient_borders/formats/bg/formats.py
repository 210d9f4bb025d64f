"""Bulgarian dates and numbers as Bulgarian writes them: "1 февруари 2025 г." (Django's: "01 февруари 2025") and
"40 000". Month names in lower case come from locale_django/bg; Django's Bulgarian formats serve for the rest."""

DATE_FORMAT = "j F Y г."
YEAR_MONTH_FORMAT = "F Y г."
DATETIME_FORMAT = "j F Y г., H:i"
# Django groups no thousands in Bulgarian ("40000").
NUMBER_GROUPING = 3
