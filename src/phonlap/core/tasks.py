"""Background jobs of the ground floor: sending e-mail through the durable outbox.

Spec 07: "a mail server that is down delays mail but loses none". Every message is first a row
of :class:`~phonlap.core.models.OutgoingMail`, written in the transaction of the change it
reports (``core.notifications.send_email_after_commit``). After commit
:func:`send_outgoing_mail` sends it and marks it sent. A failure (any ``OSError``: smtplib's
errors and refused connections are OSErrors) is recorded on the row with the time of the next
attempt (back-off 30 s, 1 min, 2 min ... capped at an hour), and the row stays in the outbox:

* with a broker the task retries itself after that delay (up to ``MAIL_MAX_RETRIES`` times), and
  the beat job :func:`flush_outbox` resends every due message each minute, for as long as it
  takes: after the task's last retry the message is still in the outbox, never dropped;
* without a broker (eager mode, the embedded default) the task runs in the request's process
  right after commit; a failure is recorded and never raised into the request, whose change is
  already committed. ``manage.py send_outbox`` (run it from cron every minute) resends.

Exactly once, as far as the database can tell: a message is sent while its row is locked
(``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two workers or flushes never send the
same message at once, and a sent row is never picked again. On SQLite (no row locks) the rows
are read and updated without holding a transaction across the SMTP conversation: run one
``send_outbox`` at a time there. A crash between the SMTP server accepting a message and the
row being marked sent can repeat that one message (at least once, never none)."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingMail

MAIL_MAX_RETRIES = 50
FIRST_RETRY = 30  # seconds; doubles with each failed attempt
LONGEST_WAIT = 60 * 60  # seconds between attempts at most
FLUSH_LIMIT = 500  # messages one flush sends at most (the next run continues)
KEEP_SENT = timedelta(days=7)  # sent rows are removed after this (they hold personal data)


def _message(*, to, subject, body, html="") -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=body, to=list(to))
    if html:
        message.attach_alternative(html, "text/html")
    return message


# The raw sender, kept for callers that need no outbox (and the demo mailbox): any OSError
# retries with exponential back-off on a worker. acks_late + reject_on_worker_lost put the
# message back on the queue if a worker dies mid-send. Application mail goes through
# send_email_after_commit and the outbox instead.
@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=FIRST_RETRY,
    retry_backoff_max=LONGEST_WAIT,
    retry_jitter=True,
    max_retries=MAIL_MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
)
def send_email(self, *, to, subject, body, html=""):
    """Send one message (plain text, optionally with an HTML alternative) to ``to``."""
    _message(to=to, subject=subject, body=body, html=html).send()


# --- the outbox ---------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 30 s, 1 min, 2 min, 4 min ...
    at most an hour."""
    exponent = min(max(attempts, 1) - 1, 16)
    return timedelta(seconds=min(FIRST_RETRY * 2**exponent, LONGEST_WAIT))


def _locks_rows() -> bool:
    return connection.features.has_select_for_update_skip_locked


def _deliver_first(queryset) -> tuple[OutgoingMail | None, OSError | None]:
    """Send the first unsent message of ``queryset`` that no one else is sending.

    Returns ``(row, None)`` when it was sent, ``(row, error)`` when the server refused it (the
    attempt, the error and the next attempt's time are recorded) and ``(None, None)`` when there
    was nothing to send. Other errors propagate."""
    locking = _locks_rows()
    with transaction.atomic() if locking else nullcontext():
        unsent = queryset.filter(sent_at__isnull=True)
        if locking:
            # The lock is held while the server talks: a second worker skips this row.
            unsent = unsent.select_for_update(skip_locked=True)
        row = unsent.first()
        if row is None:
            return None, None
        now = timezone.now()
        try:
            _message(to=row.to, subject=row.subject, body=row.body, html=row.html).send()
        except OSError as error:
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:500]
            row.last_attempt_at = now
            row.next_attempt_at = now + backoff(row.attempts)
            OutgoingMail.objects.filter(pk=row.pk).update(
                attempts=F("attempts") + 1, last_error=row.last_error,
                last_attempt_at=now, next_attempt_at=row.next_attempt_at,
            )
            return row, error
        row.attempts += 1
        row.last_attempt_at = row.sent_at = now
        OutgoingMail.objects.filter(pk=row.pk).update(
            attempts=F("attempts") + 1, last_attempt_at=now, sent_at=now
        )
        return row, None


def deliver(pk: int) -> tuple[OutgoingMail | None, OSError | None]:
    """Send outbox message ``pk`` now, whether or not it is due, unless it was sent already or
    another worker is sending it (then ``(None, None)``). See :func:`_deliver_first`."""
    return _deliver_first(OutgoingMail.objects.filter(pk=pk))


def flush_due(*, limit: int = FLUSH_LIMIT) -> tuple[int, int]:
    """Send the unsent messages that are due, oldest due first, at most ``limit``; returns
    ``(sent, failed)``. Stops at the first failure (the server is most likely down; the rest wait
    for the next run, and the failed message's back-off lets the others go first). Also removes
    sent messages older than ``KEEP_SENT``."""
    started = timezone.now()
    OutgoingMail.objects.filter(sent_at__lt=started - KEEP_SENT).delete()
    due = OutgoingMail.objects.filter(next_attempt_at__lte=started).order_by("next_attempt_at", "id")
    sent = 0
    while sent < limit:
        row, error = _deliver_first(due)
        if row is None:
            break
        if error is not None:
            return sent, 1
        sent += 1
    return sent, 0


@shared_task(bind=True, max_retries=MAIL_MAX_RETRIES, acks_late=True, reject_on_worker_lost=True)
def send_outgoing_mail(self, pk):
    """Send outbox message ``pk`` (scheduled after the commit that wrote it). Returns whether it
    was sent by this run."""
    row, error = deliver(pk)
    if error is None:
        return row is not None
    if self.request.is_eager or self.request.retries >= self.max_retries:
        # Eager: the request that wrote the message already succeeded; never fail it. Out of
        # retries: the message stays in the outbox. Either way flush_outbox / send_outbox resend
        # it when it is due.
        return False
    raise self.retry(exc=error, countdown=backoff(row.attempts).total_seconds())


@shared_task
def flush_outbox():
    """Celery beat, every minute: resend the due unsent messages of the outbox."""
    sent, failed = flush_due()
    return {"sent": sent, "failed": failed}
