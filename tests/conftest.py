import os

import pytest
from django.test import Client, TestCase


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` belong to the PostgreSQL leg of `make test`: deselected (not
    skipped) when the suite runs on SQLite."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with an empty cache (the permission matrix is cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class CommittingClient(Client):
    """Runs each request's on-commit callbacks when the request returns, as a real server
    would. A test runs inside one transaction, so without this mail scheduled "after commit"
    (core.notifications) would never leave in a view test."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    """The test client asks for English, and factory users have English as their language:
    tests assert on readable English messages. Thai is the product's default; it is proved by
    tests/test_translations.py (complete catalogues), tests/test_thai_default.py and the
    browser paths, which run in Thai and in English."""
    return CommittingClient(HTTP_ACCEPT_LANGUAGE="en")
