"""Periodic jobs of monitoring (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task
def send_report_reminders() -> dict:
    """Daily: open the reports of ended quarters, remind grantees of reports falling due, flag
    overdue reports to staff (each once; see ``reminders``)."""
    return asdict(reminders.send_report_reminders(today=timezone.localdate()))
