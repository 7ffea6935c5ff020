import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from phonlap.accounts.models import User
from phonlap.accounts.roles import roles_of
from phonlap.demo import data
from phonlap.funds.models import Call
from phonlap.organisations.models import Membership, Organisation

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


def test_creates_one_account_of_every_role(demo_mode, capsys):
    _load(capsys)
    users = {key: User.objects.get(email=email) for key, email in EMAILS.items()}
    assert roles_of(users["super_user"]) >= {"super_user"}
    assert roles_of(users["staff"]) >= {"staff"}
    assert roles_of(users["committee"]) >= {"committee"}
    assert "organisation_manager" in roles_of(users["organisation_manager"])
    assert roles_of(users["project_manager"]) == {"project_manager"}
    assert roles_of(users["unverified"]) == {"unregistered"}
    for key, user in users.items():
        assert user.check_password(data.DEMO_PASSWORD)
        verified = EmailAddress.objects.get(user=user).verified
        assert verified is (key != "unverified")


def test_counts_and_the_printed_table(demo_mode, capsys):
    out = _load(capsys)
    assert _counts() == {"users": 6, "verified": 5, "organisations": 12, "memberships": 2, "calls": 2}
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"government", "private"}
    assert all(o.subdistrict_id and o.postcode for o in Organisation.objects.all())
    for email in EMAILS.values():
        assert email in out
    assert data.DEMO_PASSWORD in out
    assert "http://127.0.0.1:8000/" in out
    assert "http://127.0.0.1:8000/demo/mailbox/" in out


def test_the_demo_managers_share_an_organisation(demo_mode, capsys):
    _load(capsys)
    home = Organisation.objects.get(name=data.ORGANISATIONS[0]["name"])
    members = {m.user.email: m for m in home.memberships.filter(status="approved")}
    assert members[EMAILS["organisation_manager"]].is_manager
    assert not members[EMAILS["project_manager"]].is_manager


def test_each_fund_has_an_open_call(demo_mode, capsys):
    _load(capsys)
    open_funds = set(Call.objects.open_on().values_list("fund__code", flat=True))
    assert open_funds == {"disability-education", "se-promotion"}


def test_external_users_have_completed_profiles_and_consent(demo_mode, capsys):
    consent = pytest.importorskip("phonlap.accounts.domain.consent")
    _load(capsys)
    for key in ("organisation_manager", "project_manager"):
        user = User.objects.get(email=EMAILS[key])
        assert user.profile.completed_at is not None
        assert consent.has_accepted_current(user)


def test_running_it_again_changes_nothing(demo_mode, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _load(capsys)
    before = _counts()
    sent = len(mail.outbox)
    assert sent >= 1  # the project manager was told they were added
    with django_capture_on_commit_callbacks(execute=True):
        out = _load(capsys)
    assert _counts() == before
    assert len(mail.outbox) == sent
    assert "already loaded" in out
