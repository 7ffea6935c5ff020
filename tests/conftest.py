import pytest


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with an empty cache (the permission matrix is cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """The test client asks for English, and factory users have English as their language:
    tests assert on readable English messages. Thai is the product's default; it is proved by
    tests/test_translations.py (complete catalogues), tests/test_thai_default.py and the
    browser paths, which run in Thai and in English."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
