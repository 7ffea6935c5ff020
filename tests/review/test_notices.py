"""The applicants hear of every submitted result at once (in-app and e-mail, after commit):
a stage passed, a return with the advice, an approval. Drafts tell nobody."""

import pytest
from django.core import mail
from django.utils import translation

from phonlap.core.models import Notification
from phonlap.review.domain.results import record_stage_result
from tests.factories import StaffFactory
from tests.review.factories import advance_to, decide_meeting, in_review, screen

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_a_passed_stage_notifies_the_project_manager_and_the_managers(django_capture_on_commit_callbacks):
    proposal, pm, manager = in_review()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        screen(proposal)
    for user in (pm, manager):
        assert kinds_for(user)[-1] == "result.recorded"
    note = Notification.objects.filter(user=pm, kind="result.recorded").get()
    with translation.override("en"):
        assert "Screening and document check" in note.text and "Passed" in note.text
    assert {m.to[0] for m in mail.outbox} >= {pm.email, manager.email}


def test_a_draft_tells_nobody(django_capture_on_commit_callbacks):
    proposal, pm, _manager = in_review()
    before = Notification.objects.filter(user=pm).count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record_stage_result(actor=StaffFactory(), proposal=proposal, outcome="passed", submit=False)
    assert Notification.objects.filter(user=pm).count() == before
    assert mail.outbox == []


def test_a_return_carries_the_advice_and_an_approval_says_so(django_capture_on_commit_callbacks):
    returned, pm, _m = in_review()
    with django_capture_on_commit_callbacks(execute=True):
        screen(returned, outcome="not_passed_documents", advice="Attach the signed budget table.")
    note = Notification.objects.filter(user=pm).latest("pk")
    assert note.kind == "proposal.return"
    with translation.override("en"):
        assert "Attach the signed budget table." in note.text

    approved, pm2, _m2 = in_review()
    advance_to(approved, "board")
    with django_capture_on_commit_callbacks(execute=True):
        decide_meeting(approved)
    assert kinds_for(pm2)[-1] == "proposal.approve"


def test_the_result_notice_links_to_the_review_page(django_capture_on_commit_callbacks):
    from django.urls import reverse

    proposal, pm, _manager = in_review()
    screen(proposal)
    note = Notification.objects.filter(user=pm, kind="result.recorded").get()
    assert note.url == reverse("review:proposal_review", kwargs={"pk": proposal.pk})
