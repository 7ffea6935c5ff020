"""Spec 07: the deployment check passes clean with production settings; a missing production
secret stops start-up with a clear message."""

import pytest

from .conftest import run_python


def test_check_deploy_passes_with_no_warning(production_env):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_does_judge_our_settings(production_env):
    # The same command fails on a weak secret: the clean pass above is not a vacuous one.
    production_env["DJANGO_SECRET_KEY"] = "short"
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "variable", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"]
)
def test_a_missing_secret_stops_start_up_naming_the_variable(production_env, variable):
    del production_env[variable]
    result = run_python(["manage.py", "check"], production_env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "environment variables are missing" in result.stderr
    missing_line = [line for line in result.stderr.splitlines() if line.strip().startswith(variable)]
    assert missing_line, result.stderr
    # Only the missing one is named.
    others = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"} - {variable}
    assert not any(line.strip().startswith(tuple(others)) for line in result.stderr.splitlines())


def test_production_turns_every_https_protection_on(production_env):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.DEMO_MODE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.X_FRAME_OPTIONS, s.ALLOWED_HOSTS)"
    )
    result = run_python(["-c", code], production_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False", "False", "True", "True", "True", "True", "True", "DENY", "['phonlap.example.go.th']",
    ]
