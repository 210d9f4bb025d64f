"""Filters for the LOGGING setting."""

import logging


class OneLineWarning(logging.Filter):
    """Turn a record into a one-line warning: no traceback, not an error.

    For ``django.security.DisallowedHost``, which Django logs as an error with its traceback for every request
    whose Host header is not in ALLOWED_HOSTS: scanners send those all day, the request is answered 400 and
    nothing failed. The line still names the host, so a deployer who forgot their own name in
    DJANGO_ALLOWED_HOSTS sees why every page answers 400.
    """

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = record.stack_info = None
        return True
