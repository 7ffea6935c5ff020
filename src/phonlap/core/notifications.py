"""E-mail and in-app notifications, always sent after the transaction commits, through Celery.

Domain functions call :func:`send_email_after_commit`: the message is written to the durable
outbox (:class:`~phonlap.core.models.OutgoingMail`) in the current transaction, so it exists if
and only if the change commits, and ``tasks.send_outgoing_mail`` is queued after commit. With no
broker configured the task runs in-process right after commit. A mail server that is down leaves
the message in the outbox with its error; it is resent when due (``tasks.flush_outbox`` on Celery
beat, ``manage.py send_outbox`` without a broker). Nothing is lost, nothing sent twice.

The after-commit callback is ``robust``: the change it follows is already committed, so a failure
to queue (a broker that is down) is logged (logger ``django.db.backends.base``) rather than
turned into a server error for a request whose work succeeded; the message waits in the outbox.

:func:`notify` is what domain functions call to tell people about a change: an in-app
:class:`~phonlap.core.models.Notification` per person plus the e-mail; the reading side
(``notifications_for_user``, ``get_notification_for_user``, ``mark_read``...) serves the pages and
the API."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

from .models import Notification, OutgoingMail
from .tasks import send_outgoing_mail


def send_email_after_commit(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Put one message to ``to`` (empty addresses dropped) in the outbox, in the current
    transaction, and send it once that transaction commits; outside a transaction it is stored
    and sent at once. A rollback removes it unsent."""
    recipients = [str(address) for address in to if address]
    if not recipients:
        return
    message = OutgoingMail.objects.create(
        to=recipients, subject=str(subject), body=str(body or ""), html=str(html or "")
    )
    transaction.on_commit(lambda: send_outgoing_mail.delay(message.pk), robust=True)


# --- in-app notifications (with their e-mail) --------------------------------------------------


def _msgid(text) -> str:
    """The untranslated source of ``text``: a plain string is taken as it is (mark it with
    ``gettext_noop``); a ``gettext_lazy`` proxy gives its msgid when evaluated with translation
    turned off (``override(None)`` makes gettext the identity)."""
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return "" if text is None else str(text)


def _local_path(url) -> str:
    """``url`` if it is a path on this site ("/proposals/7/"), else "" (never a link away)."""
    url = str(url or "")
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return ""


def _recipients(users):
    seen = set()
    for user in users:
        if user is None or getattr(user, "pk", None) is None or user.pk in seen:
            continue
        if not getattr(user, "is_active", True) or getattr(user, "deleted_at", None) is not None:
            continue
        seen.add(user.pk)
        yield user


def absolute_url(path: str) -> str:
    """``path`` on the public site (``settings.SITE_URL``, e.g. "https://phonlap.example"), or
    the bare path while no site address is configured."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}" if base and path else path


def notify(*, users, kind: str, subject, body, url: str = "", **params) -> list[Notification]:
    """Tell ``users`` about something that happened: one in-app notification each, plus one
    e-mail each in that person's language, sent through the job queue after commit.

    ``subject`` and ``body`` are msgids with ``%(name)s`` placeholders filled from ``params``.
    Pass them untranslated: either plain strings marked with ``gettext_noop`` (so makemessages
    finds them) or ``gettext_lazy`` proxies (their msgid is stored, whatever the active
    language). Never pass an already-translated ``gettext(...)`` result or a ``%``-formatted
    string: the notification is translated when it is read, in the reader's language of the
    moment, and the e-mail in the recipient's saved language (``user.language``, Thai by
    default). Contextual (``pgettext``) and plural forms are not supported.

    ``params`` values are stored as strings (format dates and amounts before passing them); a
    value given as a ``gettext_lazy`` proxy is stored as its msgid and translated when shown.
    ``url`` is a local path ("/proposals/7/"); anything else is dropped. In the e-mail it becomes
    an absolute link when ``settings.SITE_URL`` is set.

    Recipients: each distinct saved user once; ``None``, inactive and deleted users are skipped
    (users without an e-mail address get the in-app notification only). The rows are written in
    the current transaction, so a rollback removes them and cancels the e-mails; the e-mails
    leave only after commit, from the durable outbox (``send_email_after_commit``). A mail server
    that is down loses neither: the notification is committed, the e-mail waits in the outbox.

    Returns the notifications created."""
    subject_id, body_id = _msgid(subject), _msgid(body)
    stored = {key: _msgid(value) for key, value in params.items()}
    translated = sorted(key for key, value in params.items() if isinstance(value, Promise))
    path = _local_path(url)
    rows = [
        Notification(user=user, kind=kind, subject=subject_id, body=body_id, params=stored,
                     translated_params=translated, url=path)
        for user in _recipients(users)
    ]
    if not rows:
        return []
    Notification.objects.bulk_create(rows)
    for row in rows:
        email = getattr(row.user, "email", "")
        if not email:
            continue
        with translation.override(getattr(row.user, "language", "") or settings.LANGUAGE_CODE):
            text = row.text
            if path:
                link = gettext("Open it on Phonlap: %(url)s") % {"url": absolute_url(path)}
                text = f"{text}\n\n{link}" if text else link
            send_email_after_commit(to=[email], subject=row.title, body=text)
    return rows


# --- reading ------------------------------------------------------------------------------------


def notifications_for_user(user):
    """The user's own notifications, newest first (nobody reads anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one indexed COUNT)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    """The user's own notification ``pk``; the same 404 for a missing one and someone else's."""
    try:
        pk = int(str(pk))
    except (TypeError, ValueError):
        raise Http404 from None
    notification = notifications_for_user(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


@transaction.atomic
def mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (again: a no-op). Not audited: it changes
    nothing but the reader's own list."""
    if notification.user_id != user.pk:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        # Only an unread row is touched: two tabs marking it at once keep the first time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many were."""
    return notifications_for_user(user).filter(read_at__isnull=True).update(read_at=timezone.now())
