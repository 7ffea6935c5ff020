"""``manage.py send_report_reminders [--date YYYY-MM-DD]``: the daily quarterly-report job
(``monitoring.reminders``) by hand or from cron when no Celery beat runs. Running it twice sends
nothing more."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from phonlap.monitoring import reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}") from None


class Command(BaseCommand):
    help = ("Open the quarterly reports of ended quarters, remind grantees of reports falling "
            "due and flag overdue reports to staff (each once).")

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, default=None,
                            help="run as on this day (YYYY-MM-DD; default: today)")

    def handle(self, *args, date=None, **options):
        outcome = reminders.send_report_reminders(today=date or timezone.localdate())
        self.stdout.write(f"Opened {outcome.opened} report(s), sent {outcome.reminded} "
                          f"reminder(s), flagged {outcome.flagged} overdue report(s).")
