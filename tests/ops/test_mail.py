"""Spec 07: e-mail is sent after commit through the job queue and retried; a mail server that is
down delays mail but loses none."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction

from phonlap.core.notifications import send_email_after_commit
from phonlap.core.tasks import MAIL_MAX_RETRIES, send_email

pytestmark = pytest.mark.django_db


class FlakyServer(LocmemBackend):
    """The edge we fake: a mail server that refuses the first ``failures`` connections."""

    failures = 1
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def flaky_server(settings):
    FlakyServer.attempts = 0
    FlakyServer.failures = 1
    settings.EMAIL_BACKEND = f"{__name__}.FlakyServer"
    return FlakyServer


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_email_after_commit(to=["a@example.org"], subject="Hello", body="Body")
            raise RuntimeError("rolled back")
    assert callbacks == []
    assert mail.outbox == []


def test_exactly_one_message_after_commit_and_none_before(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            send_email_after_commit(
                to=["a@example.org", ""], subject="Hello", body="Body", html="<p>Body</p>"
            )
        assert mail.outbox == []  # committed inside the outer test transaction: not yet
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.org"] and message.subject == "Hello"
    assert message.alternatives[0][1] == "text/html"


def test_no_recipients_schedules_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email_after_commit(to=["", ""], subject="Hello", body="Body")
    assert callbacks == [] and mail.outbox == []


def test_the_task_retries_any_oserror_with_backoff_and_acks_late():
    assert issubclass(smtplib.SMTPException, OSError)
    assert OSError in send_email.autoretry_for
    assert send_email.max_retries == MAIL_MAX_RETRIES >= 20
    assert send_email.retry_backoff and send_email.retry_backoff_max >= 600
    assert send_email.acks_late and send_email.reject_on_worker_lost


def _as_a_worker_would(**kwargs):
    # apply() without propagation follows a worker's path: the autoretry schedules a retry
    # (run at once here, after the back-off on a worker) instead of raising.
    return send_email.apply(kwargs=kwargs, throw=False)


def test_a_server_that_fails_once_delays_the_mail_but_loses_none(flaky_server):
    result = _as_a_worker_would(to=["a@example.org"], subject="Verify", body="Link")
    assert result.successful()
    assert flaky_server.attempts == 2
    assert [m.subject for m in mail.outbox] == ["Verify"]


def test_a_smtp_error_is_retried_too(flaky_server, monkeypatch):
    def refuse(self, messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return LocmemBackend.send_messages(self, messages)

    monkeypatch.setattr(FlakyServer, "send_messages", refuse)
    _as_a_worker_would(to=["a@example.org"], subject="Again", body="Link")
    assert flaky_server.attempts == 2
    assert len(mail.outbox) == 1


def test_a_server_down_for_good_does_not_break_the_committed_change(
    flaky_server, django_capture_on_commit_callbacks
):
    flaky_server.failures = 10_000
    with django_capture_on_commit_callbacks(execute=True):
        send_email_after_commit(to=["a@example.org"], subject="Lost?", body="Body")
    # The change is committed: the failure is logged, not raised into the request. (Production
    # requires a broker, where the worker retries; tests/ops/test_deploy.py.)
    assert flaky_server.attempts >= 1
    assert mail.outbox == []
