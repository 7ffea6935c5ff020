from decimal import Decimal

import pytest
from django.core import mail
from django.utils import translation

from phonlap.accounts.enums import Role
from phonlap.accounts.roles import roles_of
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.models import AuditEvent
from phonlap.organisations import domain
from phonlap.organisations.enums import MembershipStatus, PersonnelRole
from phonlap.organisations.models import Membership, Organisation
from tests.factories import (
    CommitteeFactory,
    StaffFactory,
    SuperUserFactory,
    UnverifiedUserFactory,
    UserFactory,
)

from .factories import (
    POSTCODE,
    SUBDISTRICT_CODE,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    PendingFactory,
    manager_of,
    member_of,
)

pytestmark = pytest.mark.django_db(transaction=False)

def fields(**overrides):
    data = {"name": "มูลนิธิเพื่อคนพิการ", "kind": "private", "postcode": POSTCODE}
    from phonlap.organisations.models import Subdistrict

    data["subdistrict"] = Subdistrict.objects.get(pk=SUBDISTRICT_CODE)
    data.update(overrides)
    return data


def test_areas_are_loaded_by_the_migration():
    from phonlap.organisations.models import District, Province, Subdistrict

    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    sub = Subdistrict.objects.select_related("district__province").get(pk=SUBDISTRICT_CODE)
    assert sub.postcode == "10200"
    assert sub.district.province.name_en == "Bangkok"


def test_creator_becomes_approved_manager_and_both_roles(django_capture_on_commit_callbacks):
    user = UserFactory()
    assert roles_of(user) == {Role.PROJECT_MANAGER}
    organisation = domain.create_organisation(actor=user, fields=fields(), ip="10.0.0.1")
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.status == MembershipStatus.APPROVED and membership.is_manager
    assert roles_of(user) == {Role.PROJECT_MANAGER, Role.ORGANISATION_MANAGER}
    event = AuditEvent.objects.get(action="organisation.create")
    assert event.actor == user and event.ip_address == "10.0.0.1"


def test_super_user_creates_without_becoming_member():
    organisation = domain.create_organisation(actor=SuperUserFactory(), fields=fields())
    assert not organisation.memberships.exists()


@pytest.mark.parametrize("factory", [StaffFactory, CommitteeFactory, UnverifiedUserFactory])
def test_who_may_not_create(factory):
    with pytest.raises(PermissionDenied):
        domain.create_organisation(actor=factory(), fields=fields())
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "government", "parent_agency": ""}, "parent_agency"),
        ({"postcode": "50000"}, "postcode"),
        ({"latitude": Decimal("91"), "longitude": Decimal("100")}, "latitude"),
        ({"latitude": Decimal("13"), "longitude": Decimal("-181")}, "longitude"),
        ({"latitude": Decimal("13")}, "longitude"),
        ({"name": "x" * 300}, "name"),
        ({"name": ""}, "name"),
        ({"registration_year": 2566}, "registration_year"),
        ({"se_registration_number": "SE-1"}, "is_social_enterprise"),
    ],
)
def test_invalid_organisation_is_refused_and_nothing_saved(overrides, field):
    user = UserFactory()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.create_organisation(actor=user, fields=fields(**overrides))
    assert field in excinfo.value.errors
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_postcode_filled_from_subdistrict_and_government_with_agency_ok():
    organisation = domain.create_organisation(
        actor=UserFactory(),
        fields=fields(postcode="", kind="government", parent_agency="กระทรวงศึกษาธิการ",
                      latitude=Decimal("13.75"), longitude=Decimal("100.49"),
                      registration_year=2020),
    )
    organisation.refresh_from_db()
    assert organisation.postcode == "10200"
    assert organisation.province.code == "10"


def test_unknown_field_refused():
    with pytest.raises(ValidationFailed):
        domain.create_organisation(actor=UserFactory(), fields={"deleted_at": None, **fields()})


def test_only_own_managers_update():
    manager, organisation = manager_of()
    domain.update_organisation(actor=manager, organisation=organisation, fields={"road": "ราชดำเนิน"})
    organisation.refresh_from_db()
    assert organisation.road == "ราชดำเนิน"
    other_manager, _ = manager_of()
    for actor in (member_of(organisation), other_manager, StaffFactory(), SuperUserFactory(),
                  UserFactory()):
        with pytest.raises(PermissionDenied):
            domain.update_organisation(actor=actor, organisation=organisation,
                                       fields={"road": "x"})
    organisation.refresh_from_db()
    assert organisation.road == "ราชดำเนิน"


def test_update_validation_keeps_data():
    manager, organisation = manager_of()
    with pytest.raises(ValidationFailed):
        domain.update_organisation(actor=manager, organisation=organisation,
                                   fields={"kind": "government", "parent_agency": "  "})
    organisation.refresh_from_db()
    assert organisation.kind == "private"


def test_delete_is_super_user_only_and_soft():
    manager, organisation = manager_of()
    for actor in (manager, StaffFactory()):
        with pytest.raises(PermissionDenied):
            domain.delete_organisation(actor=actor, organisation=organisation)
    domain.delete_organisation(actor=SuperUserFactory(), organisation=organisation)
    organisation.refresh_from_db()
    assert organisation.deleted_at is not None
    assert not Organisation.objects.visible().filter(pk=organisation.pk).exists()
    with pytest.raises(InvalidTransition):
        domain.update_organisation(actor=manager, organisation=organisation, fields={"road": "y"})


def test_request_to_join_notifies_managers(django_capture_on_commit_callbacks):
    manager, organisation = manager_of()
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = domain.request_to_join(actor=user, organisation=organisation)
    assert membership.status == MembershipStatus.PENDING
    assert roles_of(user) == {Role.PROJECT_MANAGER}  # not yet a member, still may apply to join
    assert [m.to for m in mail.outbox] == [[manager.email]]
    with pytest.raises(InvalidTransition):
        domain.request_to_join(actor=user, organisation=organisation)
    with pytest.raises(InvalidTransition):
        domain.request_to_join(actor=manager, organisation=organisation)
    for actor in (StaffFactory(), CommitteeFactory(), UnverifiedUserFactory()):
        with pytest.raises(PermissionDenied):
            domain.request_to_join(actor=actor, organisation=organisation)


def test_approve_by_manager_or_staff(django_capture_on_commit_callbacks):
    manager, organisation = manager_of()
    first = PendingFactory(organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        domain.approve_membership(actor=manager, membership=first)
    first.refresh_from_db()
    assert first.status == MembershipStatus.APPROVED and first.decided_by == manager
    assert mail.outbox[-1].to == [first.user.email]
    assert roles_of(first.user) == {Role.PROJECT_MANAGER}
    second = PendingFactory(organisation=organisation)
    domain.reject_membership(actor=StaffFactory(), membership=second)
    second.refresh_from_db()
    assert second.status == MembershipStatus.REJECTED
    with pytest.raises(InvalidTransition):
        domain.approve_membership(actor=manager, membership=second)


def test_approve_refused_for_members_and_other_managers():
    _manager, organisation = manager_of()
    pending = PendingFactory(organisation=organisation)
    other_manager, _ = manager_of()
    for actor in (member_of(organisation), other_manager, CommitteeFactory(), pending.user):
        with pytest.raises(PermissionDenied):
            domain.approve_membership(actor=actor, membership=pending)
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_add_member_by_email():
    manager, organisation = manager_of()
    user = UserFactory(email="New.Person@example.org")
    membership = domain.add_member(actor=manager, organisation=organisation,
                                   email=" new.person@EXAMPLE.org ")
    assert membership.user == user and membership.status == MembershipStatus.APPROVED
    with pytest.raises(InvalidTransition):
        domain.add_member(actor=manager, organisation=organisation, email=user.email)


def test_add_member_approves_pending_request():
    _manager, organisation = manager_of()
    pending = PendingFactory(organisation=organisation)
    domain.add_member(actor=StaffFactory(), organisation=organisation, email=pending.user.email)
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.APPROVED
    assert Membership.objects.filter(user=pending.user).count() == 1


@pytest.mark.parametrize("make", [
    lambda: "nobody@example.org",
    lambda: UnverifiedUserFactory().email,
    lambda: StaffFactory().email,
])
def test_add_member_refuses_unknown_or_unverified(make):
    manager, organisation = manager_of()
    with pytest.raises(ValidationFailed) as excinfo:
        domain.add_member(actor=manager, organisation=organisation, email=make())
    assert excinfo.value.field == "email"
    assert organisation.memberships.count() == 1


def test_add_member_refused_for_plain_member():
    _, organisation = manager_of()
    with pytest.raises(PermissionDenied):
        domain.add_member(actor=member_of(organisation), organisation=organisation,
                          email=UserFactory().email)


def test_remove_member_and_rules():
    manager, organisation = manager_of()
    member = MembershipFactory(organisation=organisation)
    own = Membership.objects.get(user=manager)
    with pytest.raises(PermissionDenied):
        domain.remove_member(actor=member.user, membership=own)
    domain.remove_member(actor=manager, membership=member)
    member.refresh_from_db()
    assert member.status == MembershipStatus.REMOVED and member.ended_at
    assert roles_of(member.user) == {Role.PROJECT_MANAGER}  # verified external, no org
    with pytest.raises(InvalidTransition):
        domain.remove_member(actor=manager, membership=own)
    # the last manager cannot be removed, even by staff
    with pytest.raises(InvalidTransition):
        domain.remove_member(actor=StaffFactory(), membership=own)


def test_removed_person_can_ask_again():
    manager, organisation = manager_of()
    member = MembershipFactory(organisation=organisation)
    domain.remove_member(actor=manager, membership=member)
    again = domain.request_to_join(actor=member.user, organisation=organisation)
    assert again.pk != member.pk and again.status == MembershipStatus.PENDING


def test_leave():
    manager, organisation = manager_of()
    member = MembershipFactory(organisation=organisation)
    domain.leave_organisation(actor=member.user, organisation=organisation)
    member.refresh_from_db()
    assert member.status == MembershipStatus.LEFT
    with pytest.raises(InvalidTransition) as excinfo:
        domain.leave_organisation(actor=manager, organisation=organisation)
    with translation.override("en"):
        assert "only manager" in str(excinfo.value.message)
    second = ManagerFactory(organisation=organisation)
    domain.leave_organisation(actor=manager, organisation=organisation)
    assert roles_of(manager) == {Role.PROJECT_MANAGER}
    with pytest.raises(InvalidTransition):
        domain.leave_organisation(actor=manager, organisation=organisation)
    assert second.user in [m.user for m in organisation.memberships.filter(is_manager=True)]


def test_appoint_and_revoke_manager():
    manager, organisation = manager_of()
    member = MembershipFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        domain.appoint_manager(actor=member.user, membership=member)
    domain.appoint_manager(actor=manager, membership=member)
    member.refresh_from_db()
    assert member.is_manager
    assert Role.ORGANISATION_MANAGER in roles_of(member.user)
    with pytest.raises(InvalidTransition):
        domain.appoint_manager(actor=manager, membership=member)
    domain.revoke_manager(actor=StaffFactory(), membership=member)
    own = Membership.objects.get(user=manager)
    with pytest.raises(InvalidTransition):
        domain.revoke_manager(actor=manager, membership=own)
    pending = PendingFactory(organisation=organisation)
    with pytest.raises(InvalidTransition):
        domain.appoint_manager(actor=manager, membership=pending)


def test_other_organisations_manager_cannot_touch_memberships():
    _, organisation = manager_of()
    member = MembershipFactory(organisation=organisation)
    outsider, _ = manager_of()
    for call in (domain.remove_member, domain.appoint_manager):
        with pytest.raises(PermissionDenied):
            call(actor=outsider, membership=member)


def test_personnel_chair_first_and_one_chair():
    manager, organisation = manager_of()
    domain.add_personnel(actor=manager, organisation=organisation, role="staff",
                         first_name="ก", last_name="ข")
    domain.add_personnel(actor=manager, organisation=organisation, role="board_member",
                         first_name="ค", last_name="ง")
    chair = domain.add_personnel(actor=manager, organisation=organisation, role="chair",
                                 title="นาย", first_name="จ", last_name="ฉ")
    assert [p.role for p in organisation.personnel.all()] == [
        PersonnelRole.CHAIR, PersonnelRole.BOARD_MEMBER, PersonnelRole.STAFF]
    with pytest.raises(ValidationFailed):
        domain.add_personnel(actor=manager, organisation=organisation, role="chair",
                             first_name="ช", last_name="ซ")
    with pytest.raises(ValidationFailed):
        domain.add_personnel(actor=manager, organisation=organisation, role="king",
                             first_name="ช", last_name="ซ")
    with pytest.raises(ValidationFailed):
        domain.add_personnel(actor=manager, organisation=organisation, role="staff",
                             first_name="", last_name="ซ")
    with pytest.raises(PermissionDenied):
        domain.remove_personnel(actor=member_of(organisation), person=chair)
    domain.remove_personnel(actor=manager, person=chair)
    assert organisation.personnel.count() == 2


def test_objectives_and_products_ordered():
    manager, organisation = manager_of()
    for text in ("one", "two", "three"):
        domain.add_objective(actor=manager, organisation=organisation, text=text)
    assert [o.text for o in organisation.objectives.all()] == ["one", "two", "three"]
    domain.remove_objective(actor=manager, objective=organisation.objectives.get(text="two"))
    assert organisation.objectives.count() == 2
    with pytest.raises(ValidationFailed):
        domain.add_objective(actor=manager, organisation=organisation, text="x" * 1001)
    product = domain.add_product(actor=manager, organisation=organisation, name="ข้าวหอม")
    with pytest.raises(PermissionDenied):
        domain.add_product(actor=StaffFactory(), organisation=organisation, name="y")
    domain.remove_product(actor=manager, product=product)
    assert not organisation.products.exists()


def test_database_refuses_two_open_memberships():
    from django.db import IntegrityError, transaction

    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PendingFactory(user=membership.user, organisation=membership.organisation)


def test_factories_build_valid_organisation():
    OrganisationFactory().full_clean()
