"""``manage.py send_outbox``: resend the due unsent e-mail of the durable outbox.

Without a Celery broker (the embedded default) nothing resends mail that failed while the mail
server was down: run this every minute from cron or a systemd timer. With a broker, Celery beat
runs the same flush (``core.tasks.flush_outbox``) and this command is only needed by hand."""

from django.core.management.base import BaseCommand

from phonlap.core.tasks import FLUSH_LIMIT, flush_due


class Command(BaseCommand):
    help = "Send the due unsent messages of the e-mail outbox (those a mail server refused)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=FLUSH_LIMIT,
                            help=f"send at most this many messages (default {FLUSH_LIMIT})")

    def handle(self, *args, limit, **options):
        sent, failed = flush_due(limit=max(limit, 0))
        self.stdout.write(f"Sent {sent} message(s).")
        if failed:
            # Not an error exit: the message stays in the outbox and the next run retries it.
            self.stderr.write("The mail server refused a message; the rest wait for the next run.")
