import pytest


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Each test starts with an empty cache (the permission matrix is cached)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
