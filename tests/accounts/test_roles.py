from django.contrib.auth.models import AnonymousUser

from phonlap.accounts.enums import Role
from phonlap.accounts.roles import roles_of
from tests.factories import (
    CommitteeFactory,
    StaffFactory,
    SuperUserFactory,
    UnverifiedUserFactory,
    UserFactory,
)


def test_anonymous_is_unregistered():
    assert roles_of(AnonymousUser()) == {Role.UNREGISTERED}


def test_unverified_signup_is_unregistered(db):
    assert roles_of(UnverifiedUserFactory()) == {Role.UNREGISTERED}


def test_verified_external_user_may_act_as_project_manager(db):
    assert roles_of(UserFactory()) == {Role.PROJECT_MANAGER}


def test_internal_roles_come_from_flags(db):
    assert roles_of(StaffFactory()) == {Role.STAFF}
    assert roles_of(CommitteeFactory()) == {Role.COMMITTEE}
    assert roles_of(SuperUserFactory()) == {Role.SUPER_USER}
    both = StaffFactory(is_committee=True)
    assert roles_of(both) == {Role.STAFF, Role.COMMITTEE}
