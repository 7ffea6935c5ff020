"""The benchmark and the load test (issue 6, spec 07 "Performance"): production-like (DEBUG off,
PBKDF2 hashing, WhiteNoise off the hot path) against the reference dataset in
``DATABASE_URL`` — PostgreSQL for the budgets. Mail stays in memory; nothing leaves the machine."""

import os

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "bench-only-key-never-in-production")
DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
