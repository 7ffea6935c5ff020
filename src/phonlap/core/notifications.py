"""E-mail and in-app notifications, always sent after the transaction commits, through Celery.

Domain functions call :func:`send_email_after_commit`; if the transaction rolls back, nothing is
sent. With no broker configured the task runs in-process right after commit."""

from __future__ import annotations

from django.db import transaction


def send_email_after_commit(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    from .tasks import send_email

    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_email.delay(to=recipients, subject=subject, body=body, html=html)
    )
