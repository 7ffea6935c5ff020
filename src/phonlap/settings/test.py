"""Tests: SQLite unless DATABASE_URL says otherwise, fast hashing, mail kept in memory."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-key"
DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# PBKDF2 is the production hasher (a test checks base settings); MD5 keeps the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
_private = Path(os.environ.get("PHONLAP_TEST_PRIVATE", tempfile.mkdtemp(prefix="phonlap-private-")))
MEDIA_ROOT = _private
STORAGES = {
    **STORAGES,
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(_private)}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
