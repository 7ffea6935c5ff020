import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Domain messages are read in the active language: these tests read English (Thai is the
    product's default, proved elsewhere)."""
    with translation.override("en"):
        yield
