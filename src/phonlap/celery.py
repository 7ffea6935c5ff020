"""Celery application.

With no ``CELERY_BROKER_URL`` tasks run eagerly in-process (the embedded default and tests);
with one set (Redis in production) they go to the broker and a worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phonlap.settings.development")

app = Celery("phonlap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
