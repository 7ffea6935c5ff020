"""``manage.py load_demo`` on an empty database: refused outside demo mode, idempotent, and its
mail goes to the demo mailbox. What it creates is checked in test_demo_accounts.py and
test_demo_review.py (on a demo loaded once per module)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from phonlap.accounts.models import User
from phonlap.core.models import DemoEmail
from phonlap.demo import data
from phonlap.funds.models import Call
from phonlap.monitoring.models import FundedProject
from phonlap.organisations.models import Membership, Organisation
from phonlap.proposals.models import Proposal, ProposalRevision
from phonlap.review.models import AgendaItem, ConflictOfInterest, EvaluationSession, StageResult

pytestmark = pytest.mark.django_db

EMAILS = {u["key"]: u["email"] for u in data.USERS}


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True


def _counts():
    return {
        "users": User.objects.count(),
        "verified": EmailAddress.objects.filter(verified=True).count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "calls": Call.objects.count(),
        "proposals": Proposal.objects.count(),
        "revisions": ProposalRevision.objects.count(),
        "sessions": EvaluationSession.objects.count(),
        "agenda": AgendaItem.objects.count(),
        "results": StageResult.objects.count(),
        "conflicts": ConflictOfInterest.objects.count(),
        "funded": FundedProject.objects.count(),
    }


def _load(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only in demo mode"):
        call_command("load_demo")
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_running_it_again_changes_nothing(demo_mode, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _load(capsys)
    before = _counts()
    assert all(before.values()), before
    sent = len(mail.outbox)
    assert sent >= 1  # the project manager was told they were added
    with django_capture_on_commit_callbacks(execute=True):
        out = _load(capsys)
    assert _counts() == before
    assert len(mail.outbox) == sent
    assert "already loaded" in out


def test_the_review_mail_goes_to_the_demo_mailbox(demo_mode, settings, capsys,
                                                 django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "phonlap.core.mail.DemoMailboxBackend"
    with django_capture_on_commit_callbacks(execute=True):
        _load(capsys)
    approved = Proposal.objects.get(status="approved", created_by__email=EMAILS["project_manager"])
    to_pm = DemoEmail.objects.filter(to__contains=EMAILS["project_manager"])
    # submitted, then a result at each of the four stages (the last one: approved)
    assert to_pm.filter(subject__contains=approved.number).count() >= 5
    assert DemoEmail.objects.filter(to__contains=EMAILS["organisation_manager"],
                                    subject__contains=approved.number).exists()
    assert not mail.outbox  # nothing left the machine
