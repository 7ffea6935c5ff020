"""The embedded default: SQLite, demo data, the demo mailbox. Never for production."""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
DEMO_MODE = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
# Sent mail is kept in the database and shown on the demo mailbox page (/demo/mailbox/).
EMAIL_BACKEND = "phonlap.core.mail.DemoMailboxBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
