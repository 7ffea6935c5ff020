"""Celery application.

With no ``CELERY_BROKER_URL`` tasks run eagerly in-process (the embedded default and tests);
with one set (Redis in production) they go to the broker and a worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phonlap.settings.development")


def queue_config(broker_url: str) -> dict:
    """The broker decision in one place: a broker URL sends tasks to it; none runs them eagerly.
    Eager mode still opens a producer, so it gets the in-process ``memory://`` transport
    (otherwise kombu falls back to AMQP on localhost and warns)."""
    if broker_url:
        return {"broker_url": broker_url, "task_always_eager": False}
    return {"broker_url": "memory://", "task_always_eager": True}


app = Celery("phonlap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _decide_broker(sender, **kwargs):
    from django.conf import settings

    sender.conf.update(queue_config(settings.CELERY_BROKER_URL))
