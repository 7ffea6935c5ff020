"""The demo's accounts, organisations and calls (``demo``: loaded once for the module)."""

import pytest
from allauth.account.models import EmailAddress

from phonlap.accounts.models import User
from phonlap.accounts.roles import roles_of
from phonlap.demo import data
from phonlap.funds.models import Call
from phonlap.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

EMAILS = {u["key"]: u["email"] for u in data.USERS}


def test_creates_one_account_of_every_role(demo):
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


def test_counts_and_the_printed_table(demo, demo_output):
    counts = {
        "users": User.objects.count(),
        "verified": EmailAddress.objects.filter(verified=True).count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "calls": Call.objects.count(),
    }
    # 6 printed accounts, 6 more committee members, 3 managers of other organisations
    assert counts == {"users": 15, "verified": 14, "organisations": 12, "memberships": 5, "calls": 2}
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert kinds == {"government", "private"}
    assert all(o.subdistrict_id and o.postcode for o in Organisation.objects.all())
    for email in EMAILS.values():
        assert email in demo_output
    # only the six demo accounts are printed
    for spec in data.COMMITTEE + data.APPLICANTS:
        assert spec["email"] not in demo_output
    assert data.DEMO_PASSWORD in demo_output
    assert "http://127.0.0.1:8000/" in demo_output
    assert "http://127.0.0.1:8000/demo/mailbox/" in demo_output
    assert f"{len(data.SESSIONS)} sessions" in demo_output


def test_the_demo_managers_share_an_organisation(demo):
    home = Organisation.objects.get(name=data.ORGANISATIONS[0]["name"])
    members = {m.user.email: m for m in home.memberships.filter(status="approved")}
    assert members[EMAILS["organisation_manager"]].is_manager
    assert not members[EMAILS["project_manager"]].is_manager


def test_other_organisations_have_their_own_managers(demo):
    for spec in data.APPLICANTS:
        organisation = Organisation.objects.get(name=data.ORGANISATIONS[spec["organisation"]]["name"])
        membership = Membership.objects.get(user__email=spec["email"], organisation=organisation)
        assert membership.status == "approved" and membership.is_manager


def test_committee_members_have_phones_and_no_organisation(demo):
    for spec in data.COMMITTEE:
        user = User.objects.get(email=spec["email"])
        assert roles_of(user) >= {"committee"} and user.phone == spec["phone"]
        assert not Membership.objects.filter(user=user).exists()


def test_each_fund_has_an_open_call(demo):
    open_funds = set(Call.objects.open_on().values_list("fund__code", flat=True))
    assert open_funds == {"disability-education", "se-promotion"}


def test_external_users_have_completed_profiles_and_consent(demo):
    from phonlap.accounts.domain import consent

    for email in [EMAILS["organisation_manager"], EMAILS["project_manager"],
                  *(spec["email"] for spec in data.APPLICANTS)]:
        user = User.objects.get(email=email)
        assert user.profile.completed_at is not None
        assert consent.has_accepted_current(user)
