"""Production: every setting from the environment; a missing secret stops start-up clearly.

See docs/operations.md for the full list of variables. ``manage.py check --deploy`` passes with
no warning under these settings (tests/ops/test_deploy.py)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

_REQUIRED = {
    "DJANGO_SECRET_KEY": (
        "a long random string (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
    ),
    "DJANGO_ALLOWED_HOSTS": "the site's host names, comma-separated (phonlap.example.go.th)",
    "DATABASE_URL": "the database, e.g. postgres://user:pass@host:5432/phonlap",
    # Without a broker mail would be sent in the request's process and a mail server that is
    # down would lose it (spec 07: delayed, never lost).
    "CELERY_BROKER_URL": "the Celery broker, e.g. redis://127.0.0.1:6379/0",
}
_missing = [f"{name}: {hint}" for name, hint in _REQUIRED.items() if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Phonlap cannot start: these environment variables are missing:\n  "
        + "\n  ".join(_missing)
    )


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "true" if default else "false").strip().lower() in ("1", "true", "yes")


SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["DJANGO_ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DEBUG = False
DEMO_MODE = False

# --- HTTPS: the proxy in front terminates TLS and sets X-Forwarded-Proto ---
SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer probes over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD", True)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- e-mail over SMTP, sent by the Celery worker ---
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _flag("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # a hung server fails, then retries
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
