"""core.notifications.notify and the Notification model (issue 4): one in-app notification per
person, written with the change (a rollback removes it), plus an e-mail in the person's language
after commit through the job queue, retried; a mail server that is down loses nothing.

The msgids used here are the proposals module's, which the Thai catalogue already translates."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from phonlap.core.models import Notification, OutgoingMail
from phonlap.core.notifications import (
    absolute_url,
    get_notification_for_user,
    mark_all_read,
    mark_read,
    notifications_for_user,
    notify,
    unread_count,
)
from phonlap.core.tasks import flush_due
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = gettext_noop("Proposal %(number)s was submitted")
BODY = gettext_noop("Your proposal %(number)s “%(name)s” was submitted to the fund as revision "
                    "%(revision)s and is now in review.")
RETURNED = gettext_noop("Proposal %(number)s was returned for revision")
RETURNED_BODY = gettext_noop(
    "The proposal %(number)s “%(name)s” was returned for revision: %(reason)s\n"
    "Create the next revision from the last one, correct it and submit it again."
)
PARAMS = {"number": "DEF-2570-00001", "name": "Braille library", "revision": 1}


def _notify(users, **extra):
    return notify(users=users, kind="proposal.submitted", subject=SUBJECT, body=BODY,
                  url="/proposals/7/", **{**PARAMS, **extra})


class FlakyServer(LocmemBackend):
    """The edge we fake: a mail server that refuses the first ``failures`` connections."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def flaky_server(settings):
    FlakyServer.attempts = 0
    FlakyServer.failures = 3
    settings.EMAIL_BACKEND = f"{__name__}.FlakyServer"
    return FlakyServer


# --- rows, in the transaction ------------------------------------------------------------------


def test_one_row_per_distinct_live_user_with_msgids_and_string_params():
    alice, bob = UserFactory(), UserFactory()
    inactive = UserFactory(is_active=False)
    deleted = UserFactory(deleted_at=timezone.now())
    unsaved = type(alice)(email="unsaved@example.org")
    rows = _notify([alice, None, bob, alice, inactive, deleted, unsaved])
    assert sorted(r.user_id for r in rows) == sorted([alice.pk, bob.pk])
    row = Notification.objects.get(user=alice)
    assert (row.kind, row.subject, row.body, row.url) == ("proposal.submitted", SUBJECT, BODY,
                                                          "/proposals/7/")
    assert row.params == {"number": "DEF-2570-00001", "name": "Braille library", "revision": "1"}
    assert row.is_unread and row.read_at is None
    assert Notification.objects.count() == 2


def test_rows_roll_back_with_the_change_and_no_mail_leaves(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _notify([user])
            assert Notification.objects.filter(user=user).count() == 1
            raise RuntimeError("the change failed")
    assert not Notification.objects.filter(user=user).exists()
    assert callbacks == [] and mail.outbox == []


def test_nobody_to_tell_writes_and_schedules_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert _notify([None, UserFactory(is_active=False)]) == []
    assert callbacks == [] and not Notification.objects.exists()


def test_a_lazy_msgid_is_stored_untranslated_whatever_the_active_language():
    user = UserFactory()
    with translation.override("th"):
        notify(users=[user], kind="proposal.returned", subject=gettext_lazy(RETURNED),
               body=gettext_lazy(RETURNED_BODY), number="P-1", name="N",
               reason=gettext_lazy("(no reason given)"))
    row = Notification.objects.get(user=user)
    assert (row.subject, row.body) == (RETURNED, RETURNED_BODY)
    assert row.params["reason"] == "(no reason given)" and row.translated_params == ["reason"]
    with translation.override("th"):
        assert "(ไม่ได้ระบุเหตุผล)" in row.text
        assert row.title == "ข้อเสนอโครงการ P-1 ถูกส่งกลับให้แก้ไข"
    with translation.override("en"):
        assert "returned for revision: (no reason given)" in row.text


@pytest.mark.parametrize("url", ["https://evil.example/x", "//evil.example/x", "/\\evil.example",
                                 "proposals/7/", "javascript:alert(1)"])
def test_only_local_paths_are_kept_as_links(url):
    user = UserFactory()
    notify(users=[user], kind="k", subject=SUBJECT, body="", url=url, number="1")
    assert Notification.objects.get(user=user).url == ""


# --- display: translated when read -----------------------------------------------------------


def test_the_text_follows_the_readers_language():
    row = _notify([UserFactory()])[0]
    with translation.override("th"):
        assert row.title == "ยื่นข้อเสนอโครงการ DEF-2570-00001 แล้ว"
        assert row.text == gettext(BODY) % {**PARAMS, "revision": "1"}
        assert "ของท่านได้ยื่นต่อกองทุน" in row.text
    with translation.override("en"):
        assert row.title == "Proposal DEF-2570-00001 was submitted"


@pytest.mark.parametrize("params", [{}, {"other": "x"}, {"number": "1"}, "not a dict", None])
def test_params_that_do_not_fit_give_the_msgid_never_an_error(params):
    user = UserFactory()
    row = Notification.objects.create(user=user, kind="k", subject="Total %(count)d of %(number)s",
                                      body=BODY, params=params if params is not None else {})
    with translation.override("th"):
        assert row.title == "Total %(count)d of %(number)s"
        assert row.text in (BODY, gettext(BODY))  # never raises


def test_an_empty_translated_param_is_not_the_catalogue_header():
    row = Notification(subject="Reason: %(reason)s", params={"reason": ""},
                       translated_params=["reason"])
    with translation.override("th"):
        assert row.title == "Reason: "


# --- e-mail: after commit, in the recipient's language ---------------------------------------


def test_mail_after_commit_in_each_recipients_language(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://phonlap.example/"
    thai, english = UserFactory(language="th"), UserFactory(language="en")
    nameless = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        with translation.override("en"):
            _notify([thai, english, nameless])
        assert mail.outbox == []  # not before commit
    assert Notification.objects.filter(user=nameless).exists()  # in-app only: no address
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {thai.email, english.email}
    with translation.override("th"):
        thai_subject = gettext(SUBJECT) % PARAMS
    assert by_address[thai.email].subject == thai_subject == "ยื่นข้อเสนอโครงการ DEF-2570-00001 แล้ว"
    assert "ของท่านได้ยื่นต่อกองทุน" in by_address[thai.email].body
    assert by_address[english.email].subject == "Proposal DEF-2570-00001 was submitted"
    assert "https://phonlap.example/proposals/7/" in by_address[english.email].body
    assert "https://phonlap.example/proposals/7/" in by_address[thai.email].body


def test_without_a_site_address_the_mail_carries_the_path(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([user])
    assert mail.outbox[0].body.endswith("/proposals/7/")
    assert absolute_url("/x/") == "/x/"


def test_a_user_without_a_language_gets_thai(django_capture_on_commit_callbacks):
    user = UserFactory(language="")
    with django_capture_on_commit_callbacks(execute=True):
        _notify([user])
    assert mail.outbox[0].subject == "ยื่นข้อเสนอโครงการ DEF-2570-00001 แล้ว"


# --- a failing mail server loses nothing -----------------------------------------------------


def test_a_mail_server_down_three_times_delays_the_mail_but_loses_none(
    flaky_server, django_capture_on_commit_callbacks
):
    thai = UserFactory(language="th")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _notify([thai])
    assert flaky_server.attempts == 1 and mail.outbox == []  # refused: waits in the outbox
    for _ in range(3):  # the outbox is flushed as the back-off runs out
        OutgoingMail.objects.update(next_attempt_at=timezone.now())
        flush_due()
    assert flaky_server.attempts == 4  # three refusals, then delivered
    assert OutgoingMail.objects.get().sent_at is not None
    assert [m.subject for m in mail.outbox] == ["ยื่นข้อเสนอโครงการ DEF-2570-00001 แล้ว"]
    assert Notification.objects.filter(user=thai, read_at__isnull=True).count() == 1


def test_a_mail_server_down_for_good_keeps_the_notification_and_the_change(
    flaky_server, django_capture_on_commit_callbacks
):
    flaky_server.failures = 10_000
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            _notify([user])
    # The committed change and its in-app notification stand; the failure is recorded with the
    # message, which waits in the outbox, not raised.
    assert flaky_server.attempts >= 1 and mail.outbox == []
    assert unread_count(user) == 1
    pending = OutgoingMail.objects.get()
    assert pending.to == [user.email] and pending.sent_at is None
    assert "mail server down" in pending.last_error


# --- reading and marking ------------------------------------------------------------------------


def test_counts_marking_and_only_ones_own():
    user, other = StaffFactory(), UserFactory()
    first, second = _notify([user])[0], _notify([user])[0]
    theirs = _notify([other])[0]
    assert unread_count(user) == 2 and unread_count(other) == 1
    assert list(notifications_for_user(user)) == [second, first]  # newest first
    mark_read(user=user, notification=get_notification_for_user(user, first.pk))
    first.refresh_from_db()
    stamped = first.read_at
    assert stamped is not None and unread_count(user) == 1
    mark_read(user=user, notification=first)  # again: the first time stays
    first.refresh_from_db()
    assert first.read_at == stamped
    assert mark_all_read(user=user) == 1
    assert unread_count(user) == 0 and unread_count(other) == 1
    assert mark_all_read(user=user) == 0
    theirs.refresh_from_db()
    assert theirs.is_unread


@pytest.mark.parametrize("pk", ["theirs", "missing", "abc", "1\x00", None])
def test_someone_elses_or_a_missing_notification_is_404(pk):
    user, other = UserFactory(), UserFactory()
    theirs = _notify([other])[0]
    value = {"theirs": theirs.pk, "missing": theirs.pk + 1000}.get(pk, pk)
    with pytest.raises(Http404):
        get_notification_for_user(user, value)
    with pytest.raises(Http404):
        mark_read(user=user, notification=theirs)
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_anonymous_has_no_notifications():
    from django.contrib.auth.models import AnonymousUser

    _notify([UserFactory()])
    assert unread_count(AnonymousUser()) == 0
    assert list(notifications_for_user(AnonymousUser())) == []
