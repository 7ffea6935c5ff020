"""E-mail and in-app notifications, always sent after the transaction commits, through Celery.

Domain functions call :func:`send_email_after_commit`; if the transaction rolls back, nothing is
sent. With no broker configured the task runs in-process right after commit.

The callback is ``robust``: the change it follows is already committed, so a failure to queue
or send is logged (logger ``django.db.backends.base``) rather than turned into a server error for
a request whose work succeeded. Sending itself retries (see ``tasks.send_email``)."""

from __future__ import annotations

from django.db import transaction


def send_email_after_commit(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Schedule one message to ``to`` (empty addresses dropped) once the current transaction
    commits; outside a transaction it is scheduled at once."""
    from .tasks import send_email

    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_email.delay(to=recipients, subject=subject, body=body, html=html),
        robust=True,
    )
