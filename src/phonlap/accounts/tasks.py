"""Periodic jobs of the accounts app (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task

from .domain import users


@shared_task
def purge_deleted_accounts() -> int:
    """Daily: remove the personal data of accounts deleted more than 30 days ago."""
    return users.purge_deleted_accounts()
