"""Production: every setting from the environment; a missing secret stops start-up clearly."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

_REQUIRED = {
    "DJANGO_SECRET_KEY": "a long random string (python -c 'import secrets; print(secrets.token_urlsafe())')",
    "DJANGO_ALLOWED_HOSTS": "the site's host names, comma-separated (phonlap.example.go.th)",
    "DATABASE_URL": "the database, e.g. postgres://user:pass@host:5432/phonlap",
}
_missing = [f"{name}: {hint}" for name, hint in _REQUIRED.items() if not os.environ.get(name)]
if _missing:
    raise ImproperlyConfigured(
        "Phonlap cannot start: these environment variables are missing:\n  "
        + "\n  ".join(_missing)
    )

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DEBUG = False
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
