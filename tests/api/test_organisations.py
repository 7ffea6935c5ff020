import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phonlap.core.models import AuditEvent
from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership, Organisation
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.organisations.factories import (
    POSTCODE,
    SUBDISTRICT_CODE,
    ManagerFactory,
    OrganisationFactory,
    PendingFactory,
    manager_of,
    member_of,
)

LIST = "/api/v1/organisations/"


def detail(org):
    return f"{LIST}{org.pk}/"


def members(org):
    return f"{LIST}{org.pk}/members/"


# --- list and retrieve ----------------------------------------------------------------------

def test_list_is_paginated_and_searchable(api):
    OrganisationFactory(name="มูลนิธิเด็กไทย")
    OrganisationFactory(name="Blind Learning Centre")
    body = api.get(LIST).json()
    assert body["count"] == 2
    assert {o["name"] for o in body["results"]} == {"มูลนิธิเด็กไทย", "Blind Learning Centre"}
    found = api.get(LIST, {"search": "blind"}).json()
    assert [o["name"] for o in found["results"]] == ["Blind Learning Centre"]
    assert found["results"][0]["province"]["code"] == "10"


def test_deleted_organisations_are_not_listed_or_found(api):
    from django.utils import timezone

    gone = OrganisationFactory(deleted_at=timezone.now())
    assert api.get(LIST).json()["count"] == 0
    assert api.get(detail(gone)).status_code == 404


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_are_constant_in_the_number_of_rows(db, client_for):
    user, _org = manager_of()
    client = client_for(user)
    client.get(LIST)  # warm the permission-matrix cache
    one = _count_list_queries(client)
    for _ in range(29):
        member_of(OrganisationFactory())
    assert client.get(LIST).json()["count"] == 30
    thirty = _count_list_queries(client)
    assert one == thirty
    assert thirty <= 15


def test_retrieve_shows_the_application_form_data(api):
    org = OrganisationFactory(name="A")
    member_of(org)
    body = api.get(detail(org)).json()
    assert body["name"] == "A"
    assert body["subdistrict"] == SUBDISTRICT_CODE
    assert body["postcode"] == POSTCODE
    assert body["province"]["code"] == "10"
    assert body["member_count"] == 1
    assert body["personnel"] == [] and body["objectives"] == []


@pytest.mark.parametrize("pk", ["999999", "abc", "99999999999999999999999"])
def test_missing_organisation_is_404(api, pk):
    assert api.get(f"{LIST}{pk}/").status_code == 404


def test_unverified_user_sees_nothing(db, client_for):
    from tests.factories import UnverifiedUserFactory

    OrganisationFactory()
    assert client_for(UnverifiedUserFactory()).get(LIST).status_code == 404


# --- create and update ----------------------------------------------------------------------

def test_creator_becomes_manager(api, user):
    response = api.post(LIST, {"name": "มูลนิธิใหม่", "kind": "private", "subdistrict": SUBDISTRICT_CODE},
                        format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["postcode"] == POSTCODE  # filled in from the subdistrict by the model
    membership = Membership.objects.get(user=user, organisation_id=body["id"])
    assert membership.is_manager and membership.status == MembershipStatus.APPROVED
    assert AuditEvent.objects.filter(action="organisation.create").exists()


@pytest.mark.parametrize(("payload", "field"), [
    ({"name": "x", "kind": "government"}, "parent_agency"),
    ({"name": "x", "kind": "martian"}, "kind"),
    ({"kind": "private"}, "name"),
    ({"name": "x", "kind": "private", "subdistrict": "999999"}, "subdistrict"),
    ({"name": "x", "kind": "private", "subdistrict": SUBDISTRICT_CODE, "postcode": "50000"}, "postcode"),
    ({"name": "x", "kind": "private", "latitude": "13.7"}, "longitude"),
    ({"name": "x", "kind": "private", "latitude": "100", "longitude": "100"}, "latitude"),
    ({"name": "x", "kind": "private", "registration_year": 99999}, "registration_year"),
    ({"name": "x" * 256, "kind": "private"}, "name"),
])
def test_invalid_organisation_is_400_and_creates_nothing(api, payload, field):
    response = api.post(LIST, payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Organisation.objects.exists()


def test_staff_may_not_create(db, client_for):
    response = client_for(StaffFactory()).post(LIST, {"name": "x", "kind": "private"}, format="json")
    assert response.status_code == 404
    assert not Organisation.objects.exists()


def test_manager_updates_own_organisation(db, client_for):
    user, org = manager_of()
    response = client_for(user).patch(detail(org), {"road": "ถนนพระราม 1"}, format="json")
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert org.road == "ถนนพระราม 1"


def test_update_refused_to_others(db, client_for):
    _manager, org = manager_of()
    other_manager, _other = manager_of()
    assert client_for(other_manager).patch(detail(org), {"road": "x"}, format="json").status_code == 403
    # Roles without row 3.3 get the same answer as a missing organisation.
    for user in (member_of(org), StaffFactory(), CommitteeFactory()):
        assert client_for(user).patch(detail(org), {"road": "x"}, format="json").status_code == 404
    org.refresh_from_db()
    assert org.road == ""


def test_invalid_update_is_400_and_changes_nothing(db, client_for):
    user, org = manager_of()
    response = client_for(user).patch(detail(org), {"kind": "government", "parent_agency": ""},
                                      format="json")
    assert response.status_code == 400
    assert "parent_agency" in response.json()
    org.refresh_from_db()
    assert org.kind == "private"


def test_only_super_user_deletes(db, client_for):
    manager, org = manager_of()
    assert client_for(manager).delete(detail(org)).status_code == 404
    assert client_for(SuperUserFactory()).delete(detail(org)).status_code == 204
    org.refresh_from_db()
    assert org.deleted_at is not None


# --- memberships ----------------------------------------------------------------------------

def test_request_to_join_then_approve(db, client_for, mailoutbox):
    manager, org = manager_of()
    joiner = UserFactory()
    response = client_for(joiner).post(f"{detail(org)}join/")
    assert response.status_code == 201
    membership_id = response.json()["id"]
    assert response.json()["status"] == "pending"
    again = client_for(joiner).post(f"{detail(org)}join/")
    assert again.status_code == 400
    assert "already asked" in again.json()["detail"]

    listed = client_for(manager).get(members(org)).json()
    assert {m["status"] for m in listed["results"]} == {"approved", "pending"}
    response = client_for(manager).post(f"{members(org)}{membership_id}/approve/")
    assert response.status_code == 200
    assert Membership.objects.get(pk=membership_id).status == MembershipStatus.APPROVED
    assert client_for(manager).post(f"{members(org)}{membership_id}/approve/").status_code == 400


def test_reject(db, client_for):
    manager, org = manager_of()
    pending = PendingFactory(organisation=org)
    response = client_for(manager).post(f"{members(org)}{pending.pk}/reject/")
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"


def test_members_are_listed_only_to_managers_and_staff(db, client_for):
    manager, org = manager_of()
    member = member_of(org)
    other_manager, _ = manager_of()
    assert client_for(manager).get(members(org)).status_code == 200
    assert client_for(StaffFactory()).get(members(org)).status_code == 200
    assert client_for(member).get(members(org)).status_code == 404
    assert client_for(other_manager).get(members(org)).status_code == 404


def test_membership_of_another_organisation_is_404(db, client_for):
    manager, org = manager_of()
    elsewhere = PendingFactory()
    response = client_for(manager).post(f"{members(org)}{elsewhere.pk}/approve/")
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == MembershipStatus.PENDING


def test_manager_of_another_organisation_cannot_decide(db, client_for):
    _manager, org = manager_of()
    pending = PendingFactory(organisation=org)
    other_manager, _ = manager_of()
    response = client_for(other_manager).post(f"{members(org)}{pending.pk}/approve/")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this."}


def test_add_member_by_email(db, client_for):
    manager, org = manager_of()
    newcomer = UserFactory(email="new@example.org")
    response = client_for(manager).post(members(org), {"email": "New@example.org"}, format="json")
    assert response.status_code == 201, response.json()
    assert Membership.objects.filter(user=newcomer, organisation=org,
                                     status=MembershipStatus.APPROVED).exists()
    unknown = client_for(manager).post(members(org), {"email": "nobody@example.org"}, format="json")
    assert unknown.status_code == 400
    assert "email" in unknown.json()


def test_appoint_and_revoke_manager(db, client_for):
    manager, org = manager_of()
    membership = Membership.objects.get(user=member_of(org), organisation=org)
    url = f"{members(org)}{membership.pk}/"
    assert client_for(manager).post(f"{url}appoint-manager/").json()["is_manager"] is True
    assert client_for(manager).post(f"{url}appoint-manager/").status_code == 400
    assert client_for(manager).post(f"{url}revoke-manager/").json()["is_manager"] is False


def test_remove_member_but_not_the_last_manager(db, client_for):
    manager, org = manager_of()
    membership = Membership.objects.get(user=member_of(org), organisation=org)
    response = client_for(manager).delete(f"{members(org)}{membership.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "removed"
    own = Membership.objects.get(user=manager, organisation=org)
    staff = client_for(StaffFactory())
    response = staff.delete(f"{members(org)}{own.pk}/")
    assert response.status_code == 400
    assert "only manager" in response.json()["detail"]


def test_leave(db, client_for):
    manager, org = manager_of()
    member = member_of(org)
    assert client_for(member).post(f"{detail(org)}leave/").json()["status"] == "left"
    response = client_for(manager).post(f"{detail(org)}leave/")
    assert response.status_code == 400
    assert "only manager" in response.json()["detail"]
    ManagerFactory(organisation=org)
    assert client_for(manager).post(f"{detail(org)}leave/").status_code == 200


@pytest.mark.parametrize("text", ["a\x00b", "x" * 201])
def test_bad_search_text_is_400(api, text):
    assert api.get(LIST, {"search": text}).status_code == 400


def test_every_field_the_model_refuses_is_reported(api):
    response = api.post(LIST, {"name": "x", "kind": "government", "latitude": "13.7",
                               "is_social_enterprise": False, "se_registration_number": "SE-1"},
                        format="json")
    assert response.status_code == 400
    assert {"parent_agency", "longitude", "is_social_enterprise"} <= set(response.json())


def test_my_memberships(db, client_for):
    user, org = manager_of()
    pending = PendingFactory(user=user)
    body = client_for(user).get("/api/v1/me/memberships/").json()
    assert {(m["organisation"], m["status"], m["is_manager"]) for m in body} == {
        (org.pk, "approved", True), (pending.organisation_id, "pending", False)}
    assert {m["organisation_name"] for m in body} == {org.name, pending.organisation.name}
