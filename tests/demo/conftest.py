import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for a module (it takes a few seconds), by ``manage.py load_demo``,
    inside a transaction rolled back after the module's last test. Its value is the day it was
    loaded for; ``demo_output`` is what the command printed. Modules that need an empty
    database (a refusal, a second run, the mail) must not use it: it lasts the whole module."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            LOADED["output"] = out.getvalue()
            yield timezone.localdate()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


LOADED: dict[str, str] = {}


@pytest.fixture
def demo_output(demo) -> str:
    return LOADED["output"]
