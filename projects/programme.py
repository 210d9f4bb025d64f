"""Programme figures stated by AEBR and MOT (shared/data/programme-facts.md).

These are what the programme announced, not what this portal has documented:
pages print both, so that readers see how complete the public record is.
"""

import datetime
from decimal import Decimal

SELECTED_PILOT_ACTIONS = 20
STARTED_PILOT_ACTIONS = 19  # one selected applicant withdrew before the start
BORDERS_AT_SELECTION = 13
COUNTRIES_AT_SELECTION = 20
MAX_GRANT_EUR = 40_000
TOTAL_BUDGET_EUR = Decimal("1052631.58")
CALL_OPENED = datetime.date(2024, 10, 4)
CALL_CLOSED = datetime.date(2024, 11, 30)
ACTIVE_PHASE_START = datetime.date(2025, 2, 1)
ACTIVE_PHASE_END = datetime.date(2025, 9, 30)
