"""The durable e-mail outbox (spec 07 Reliability: "Notifications and e-mails are sent after commit
through the job queue and retried; a mail server that is down delays mail but loses none").

A message is an OutgoingMail row written with the change it reports; it is sent after commit,
and while unsent it is resent when due by the beat job ``flush_outbox`` or ``manage.py
send_outbox`` (the brokerless default) — exactly once."""

import re
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from phonlap.accounts.models import User
from phonlap.core.models import OutgoingMail
from phonlap.core.notifications import send_email_after_commit
from phonlap.core.tasks import (
    KEEP_SENT,
    MAIL_MAX_RETRIES,
    backoff,
    flush_due,
    flush_outbox,
    send_outgoing_mail,
)

pytestmark = pytest.mark.django_db


class Server(LocmemBackend):
    """The edge we fake: a mail server that is ``down`` (refuses every connection) or up."""

    down = False
    attempts = 0
    delay = 0.0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).down:
            raise ConnectionRefusedError("mail server down")
        if type(self).delay:
            time.sleep(type(self).delay)
        return super().send_messages(messages)


@pytest.fixture
def server(settings):
    Server.down, Server.attempts, Server.delay = False, 0, 0.0
    settings.EMAIL_BACKEND = f"{__name__}.Server"
    return Server


def _queue(subject, *, to=("a@example.org",)):
    send_email_after_commit(to=list(to), subject=subject, body="Body")


def _pending(subject="Hello", *, due_in=timedelta(0), attempts=1):
    """A message that was refused earlier and is due (or not) at now + ``due_in``."""
    return OutgoingMail.objects.create(
        to=["a@example.org"], subject=subject, body="Body", attempts=attempts,
        last_error="ConnectionRefusedError: mail server down",
        last_attempt_at=timezone.now() - timedelta(minutes=5),
        next_attempt_at=timezone.now() + due_in,
    )


def _make_due():
    OutgoingMail.objects.filter(sent_at__isnull=True).update(next_attempt_at=timezone.now())


# --- a server down for the whole request -----------------------------------------------------

SIGNUP = {
    "email": "new.person@example.org",
    "password1": "a-Long-and-unusual-9",
    "password2": "a-Long-and-unusual-9",
    "accept_terms": "on",
    "accept_privacy": "on",
}


def test_a_server_down_during_the_request_commits_the_change_and_keeps_the_message(
    client, server
):
    server.down = True
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302  # no 500: the sign-up succeeded
    assert User.objects.filter(email=SIGNUP["email"]).exists()
    assert server.attempts == 1 and mail.outbox == []
    message = OutgoingMail.objects.get()
    assert message.to == [SIGNUP["email"]] and message.sent_at is None
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError: mail server down"
    assert message.last_attempt_at is not None
    assert message.next_attempt_at == message.last_attempt_at + timedelta(seconds=30)
    assert "/confirm-email/" in message.body


def test_when_the_server_is_back_send_outbox_sends_it_exactly_once(client, server):
    server.down = True
    client.post(reverse("account_signup"), SIGNUP)
    server.down = False
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "Sent 0 message(s)."  # not due yet: back-off
    _make_due()
    call_command("send_outbox", stdout=out)
    call_command("send_outbox", stdout=out)
    assert [m.to for m in mail.outbox] == [[SIGNUP["email"]]]
    message = OutgoingMail.objects.get()
    assert message.sent_at is not None and message.attempts == 2
    # The delayed mail still works: its verification link confirms the address.
    link = re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", mail.outbox[0].body)
    assert client.post(link.group(1)).status_code == 302
    assert User.objects.get(email=SIGNUP["email"]).emailaddress_set.get().verified


def test_the_beat_job_sends_due_messages_once(server, django_capture_on_commit_callbacks):
    server.down = True
    with django_capture_on_commit_callbacks(execute=True):
        _queue("Hello")
    server.down = False
    assert flush_outbox.delay().get() == {"sent": 0, "failed": 0}  # not due yet
    _make_due()
    assert flush_outbox.delay().get() == {"sent": 1, "failed": 0}
    assert flush_outbox.delay().get() == {"sent": 0, "failed": 0}
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert OutgoingMail.objects.get().sent_at is not None


def test_the_beat_schedule_flushes_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["flush-outbox"]
    assert entry == {"task": "phonlap.core.tasks.flush_outbox", "schedule": 60}
    assert entry["task"] in flush_outbox.app.tasks


# --- the transaction decides -------------------------------------------------------------------


def test_a_rollback_leaves_no_message_and_sends_nothing(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _queue("Never")
            assert OutgoingMail.objects.count() == 1  # written with the change ...
            raise RuntimeError("the change failed")
    assert not OutgoingMail.objects.exists()  # ... and gone with it
    assert callbacks == [] and server.attempts == 0
    assert flush_due() == (0, 0) and mail.outbox == []


def test_a_committed_message_is_sent_after_commit_and_marked(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_email_after_commit(to=["a@example.org", ""], subject="Hi", body="B",
                                    html="<p>B</p>")
        assert mail.outbox == [] and OutgoingMail.objects.get().sent_at is None
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    message = OutgoingMail.objects.get()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""


def test_no_recipients_stores_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email_after_commit(to=["", ""], subject="Hello", body="Body")
    assert callbacks == [] and not OutgoingMail.objects.exists()


# --- due messages, back-off, never twice -------------------------------------------------------


def test_only_due_messages_are_sent_oldest_due_first(server):
    _pending("later", due_in=timedelta(minutes=10))
    _pending("second", due_in=-timedelta(minutes=1))
    _pending("first", due_in=-timedelta(minutes=5))
    OutgoingMail.objects.create(to=["a@example.org"], subject="done", sent_at=timezone.now())
    assert flush_due() == (2, 0)
    assert [m.subject for m in mail.outbox] == ["first", "second"]
    assert OutgoingMail.objects.get(subject="later").sent_at is None


def test_two_flushes_never_send_a_message_twice(server):
    for n in range(3):
        _pending(f"m{n}", due_in=-timedelta(seconds=n))
    assert flush_due() == (3, 0)
    assert flush_due() == (0, 0)
    _make_due()  # even if a sent row were made "due" again
    assert flush_due() == (0, 0)
    assert sorted(m.subject for m in mail.outbox) == ["m0", "m1", "m2"]
    assert server.attempts == 3


def test_a_message_already_sent_is_not_sent_again_by_its_task(
    server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue("Once")  # eager: sent right after commit
    message = OutgoingMail.objects.get()
    assert message.sent_at is not None
    assert send_outgoing_mail.delay(message.pk).get() is False
    assert send_outgoing_mail.delay(message.pk + 1000).get() is False  # no such message
    assert len(mail.outbox) == 1 and server.attempts == 1


def test_a_server_still_down_records_each_attempt_with_growing_back_off(server):
    server.down = True
    first = _pending("a", due_in=-timedelta(minutes=2), attempts=3)
    _pending("b", due_in=-timedelta(minutes=1))
    assert flush_due() == (0, 1)  # stops at the first refusal: the rest wait for the next run
    assert server.attempts == 1
    first.refresh_from_db()
    assert first.attempts == 4 and first.sent_at is None
    assert first.next_attempt_at == first.last_attempt_at + backoff(4) == (
        first.last_attempt_at + timedelta(minutes=4))
    # The refused message now waits; the next run tries the other first.
    assert flush_due() == (0, 1)
    assert OutgoingMail.objects.get(subject="b").attempts == 2


def test_back_off_doubles_from_thirty_seconds_up_to_an_hour():
    seconds = [backoff(n).total_seconds() for n in range(1, 9)]
    assert seconds == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert backoff(50) == backoff(10_000) == timedelta(hours=1)


def test_the_flush_sends_at_most_the_limit_and_the_next_run_continues(server):
    for n in range(5):
        _pending(f"m{n}", due_in=-timedelta(seconds=n))
    out = StringIO()
    call_command("send_outbox", "--limit", "2", stdout=out)
    assert out.getvalue().strip() == "Sent 2 message(s)."
    assert flush_due(limit=10) == (3, 0)
    assert len(mail.outbox) == 5


def test_send_outbox_says_when_the_server_refused(server):
    server.down = True
    _pending("a", due_in=-timedelta(minutes=1))
    out, err = StringIO(), StringIO()
    call_command("send_outbox", stdout=out, stderr=err)
    assert out.getvalue().strip() == "Sent 0 message(s)."
    assert "refused" in err.getvalue()


def test_sent_messages_are_removed_after_a_week_unsent_ones_never():
    old = timezone.now() - KEEP_SENT - timedelta(hours=1)
    OutgoingMail.objects.create(to=["a@example.org"], subject="old", sent_at=old, created_at=old)
    OutgoingMail.objects.create(to=["a@example.org"], subject="recent", sent_at=timezone.now())
    stuck = _pending("stuck for a month", due_in=timedelta(hours=1))
    OutgoingMail.objects.filter(pk=stuck.pk).update(created_at=old - timedelta(days=30))
    flush_due()
    assert sorted(OutgoingMail.objects.values_list("subject", flat=True)) == [
        "recent", "stuck for a month"]


# --- with a broker: the task retries, and the outbox outlives its last retry -------------------


class _Retry(Exception):
    pass


def _run_as_worker(monkeypatch, pk, *, retries=0):
    """Run the task as a worker would (not eager); capture the retry it asks for."""
    asked = {}

    def retry(*, exc, countdown):
        asked.update(exc=exc, countdown=countdown)
        return _Retry()

    monkeypatch.setattr(send_outgoing_mail, "retry", retry)
    send_outgoing_mail.push_request(is_eager=False, retries=retries, called_directly=False)
    try:
        return send_outgoing_mail.run(pk), asked
    except _Retry:
        return "retry", asked
    finally:
        send_outgoing_mail.pop_request()


def test_on_a_worker_a_refusal_is_recorded_and_retried_after_the_back_off(server, monkeypatch):
    server.down = True
    message = _pending("w", attempts=0)
    outcome, asked = _run_as_worker(monkeypatch, message.pk)
    assert outcome == "retry"
    assert isinstance(asked["exc"], ConnectionRefusedError) and asked["countdown"] == 30
    message.refresh_from_db()
    assert message.attempts == 1 and message.sent_at is None


def test_after_the_last_retry_the_message_stays_and_the_flush_delivers_it(server, monkeypatch):
    server.down = True
    message = _pending("w", attempts=MAIL_MAX_RETRIES)
    outcome, asked = _run_as_worker(monkeypatch, message.pk, retries=MAIL_MAX_RETRIES)
    assert outcome is False and asked == {}  # no more retries, and no error raised
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == MAIL_MAX_RETRIES + 1
    server.down = False
    _make_due()
    assert flush_outbox.delay().get() == {"sent": 1, "failed": 0}
    assert [m.subject for m in mail.outbox] == ["w"]


def test_a_worker_that_sends_returns_true(server, monkeypatch):
    message = _pending("w")
    assert _run_as_worker(monkeypatch, message.pk) == (True, {})
    assert len(mail.outbox) == 1


# --- PostgreSQL: two workers at the same time --------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_flushes_send_each_message_exactly_once(server):
    assert connection.features.has_select_for_update_skip_locked
    server.delay = 0.05  # each send takes a while: the flushes overlap
    for n in range(12):
        _pending(f"m{n:02}", due_in=-timedelta(seconds=n))
    results, errors = [], []
    start = threading.Barrier(2)

    def flush():
        try:
            start.wait()
            results.append(flush_due())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=flush) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(sent for sent, _ in results) == 12
    assert all(sent for sent, _ in results)  # both worked, neither sent what the other did
    assert sorted(m.subject for m in mail.outbox) == [f"m{n:02}" for n in range(12)]
    assert not OutgoingMail.objects.filter(sent_at__isnull=True).exists()
