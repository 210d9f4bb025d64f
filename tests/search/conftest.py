import pytest

from search import signals


@pytest.fixture(autouse=True)
def index_at_once(monkeypatch):
    """Each test runs in one transaction that never commits: index each change at once, to search right after.
    (``test_changes_are_indexed_once_at_commit`` checks the production path.)"""
    monkeypatch.setattr(signals, "AT_COMMIT", False)
