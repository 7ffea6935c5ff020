import pytest
from django.urls import reverse

from phonlap.organisations.enums import MembershipStatus
from phonlap.organisations.models import Membership, Organisation
from tests.factories import (
    CommitteeFactory,
    StaffFactory,
    SuperUserFactory,
    UnverifiedUserFactory,
    UserFactory,
    signed_in,
)

from .factories import (
    SUBDISTRICT_CODE,
    MembershipFactory,
    OrganisationFactory,
    PendingFactory,
    PersonnelFactory,
    manager_of,
    member_of,
)

pytestmark = pytest.mark.django_db



FORM = {
    "name": "มูลนิธิทดสอบ", "kind": "private", "parent_agency": "", "registration_year": "2560",
    "house_number": "1", "road": "ราชดำเนิน", "province": "10", "district": "1001",
    "subdistrict": SUBDISTRICT_CODE, "postcode": "", "latitude": "13.7563309",
    "longitude": "100.5017651",
}


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("organisations:start"))
    assert response.status_code == 302 and "login" in response.url


def test_unverified_user_gets_404(client):
    assert signed_in(client, UnverifiedUserFactory()).get(
        reverse("organisations:start")).status_code == 404


def test_start_page_search_and_htmx_partial(client):
    OrganisationFactory(name="มูลนิธิคนตาบอด")
    OrganisationFactory(name="สมาคมอื่น")
    client = signed_in(client, UserFactory())
    page = client.get(reverse("organisations:start"), {"q": "ตาบอด"})
    assert page.status_code == 200
    assert "มูลนิธิคนตาบอด" in page.content.decode() and "สมาคมอื่น" not in page.content.decode()
    assert "<h1>" in page.content.decode()
    partial = client.get(reverse("organisations:start"), {"q": "ตาบอด"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in partial.content.decode() and "มูลนิธิคนตาบอด" in partial.content.decode()


def test_join_from_start_page(client):
    _manager, organisation = manager_of()
    user = UserFactory()
    response = signed_in(client, user).post(reverse("organisations:join", args=[organisation.pk]))
    assert response.status_code == 302
    assert Membership.objects.get(user=user).status == MembershipStatus.PENDING
    again = client.post(reverse("organisations:join", args=[organisation.pk]), follow=True)
    assert "already asked" in again.content.decode()


def test_create_page_creates_with_be_year_and_postcode(client):
    user = UserFactory()
    client = signed_in(client, user)
    assert client.get(reverse("organisations:create")).status_code == 200
    response = client.post(reverse("organisations:create"), FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    organisation = Organisation.objects.get()
    assert organisation.registration_year == 2017
    assert organisation.postcode == "10200"
    assert str(organisation.latitude) == "13.756331"
    assert Membership.objects.get(user=user, organisation=organisation).is_manager


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"province": "99"}, "province", "Unknown province"),
        ({"district": "5001"}, "district", "Unknown district"),
        ({"subdistrict": "999999"}, "subdistrict", "Unknown subdistrict"),
        ({"postcode": "50000"}, "postcode", "does not belong"),
        ({"latitude": "95"}, "latitude", ""),
        ({"longitude": "abc"}, "longitude", ""),
        ({"name": "x" * 300}, "name", ""),
        ({"kind": "government"}, "parent_agency", "parent agency"),
        ({"registration_year": "2700"}, "registration_year", "future"),
        ({"latitude": ""}, "latitude", "both"),
    ],
)
def test_create_bad_input_is_a_form_error_nothing_saved(client, change, field, message):
    client = signed_in(client, UserFactory())
    response = client.post(reverse("organisations:create"), {**FORM, **change})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_refresh_button_narrows_lists_without_saving(client):
    client = signed_in(client, UserFactory(language="th"))
    response = client.post(reverse("organisations:create"),
                           {**FORM, "refresh": "1", "district": "", "subdistrict": ""})
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert "เขตพระนคร" in response.content.decode()


def test_area_endpoints(client):
    client = signed_in(client, UserFactory(language="th"))
    districts = client.get(reverse("organisations:districts"), {"province": "10"})
    assert "เขตพระนคร" in districts.content.decode()
    assert 'hx-swap-oob' in districts.content.decode()
    subs = client.get(reverse("organisations:subdistricts"), {"district": "1001"})
    assert "พระบรมมหาราชวัง" in subs.content.decode()
    postcode = client.get(reverse("organisations:postcode"), {"subdistrict": SUBDISTRICT_CODE})
    assert 'value="10200"' in postcode.content.decode()
    unknown = client.get(reverse("organisations:districts"), {"province": "zz"})
    assert unknown.status_code == 200 and "<option value=\"1" not in unknown.content.decode()


def test_edit_only_by_own_manager(client):
    manager, organisation = manager_of()
    url = reverse("organisations:edit", args=[organisation.pk])
    for outsider in (member_of(organisation), manager_of()[0], StaffFactory(), SuperUserFactory()):
        signed_in(client, outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, FORM).status_code == 404
    signed_in(client, manager)
    assert client.get(url).status_code == 200
    response = client.post(url, {**FORM, "name": "ชื่อใหม่", "kind": "government",
                                 "parent_agency": "กระทรวง"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "ชื่อใหม่"


def test_edit_form_shows_be_year_in_thai(client):
    manager, organisation = manager_of()
    manager.language = "th"
    manager.save(update_fields=["language"])
    organisation.registration_year = 2017
    organisation.save()
    signed_in(client, manager)
    page = client.get(reverse("organisations:edit", args=[organisation.pk]),
                      HTTP_ACCEPT_LANGUAGE="th")
    assert 'value="2560"' in page.content.decode()


@pytest.mark.parametrize("factory", [UserFactory, StaffFactory, CommitteeFactory, SuperUserFactory])
def test_everyone_with_row_3_2_views_detail(client, factory):
    organisation = OrganisationFactory()
    PersonnelFactory(organisation=organisation, role="staff", first_name="พนักงาน")
    PersonnelFactory(organisation=organisation, role="chair", first_name="ประธาน")
    signed_in(client, factory())
    page = client.get(reverse("organisations:detail", args=[organisation.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("ประธาน") < text.index("พนักงาน")
    assert not page.context["can_edit"]


def test_deleted_and_missing_are_404(client):
    organisation = OrganisationFactory()
    signed_in(client, SuperUserFactory())
    assert client.get(reverse("organisations:delete", args=[organisation.pk])).status_code == 200
    assert client.post(reverse("organisations:delete", args=[organisation.pk])).status_code == 302
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 404
    assert client.get(reverse("organisations:detail", args=[999999])).status_code == 404


def test_delete_refused_for_others(client):
    manager, organisation = manager_of()
    for user in (manager, StaffFactory()):
        signed_in(client, user)
        assert client.post(reverse("organisations:delete", args=[organisation.pk])).status_code == 404
    organisation.refresh_from_db()
    assert organisation.deleted_at is None


def test_personnel_objectives_products_pages(client):
    manager, organisation = manager_of()
    signed_in(client, manager)
    detail = reverse("organisations:detail", args=[organisation.pk])
    response = client.post(reverse("organisations:personnel_add", args=[organisation.pk]),
                           {"person-role": "chair", "person-title": "นาย",
                            "person-first_name": "ก", "person-last_name": "ข"})
    assert response.status_code == 302
    second_chair = client.post(reverse("organisations:personnel_add", args=[organisation.pk]),
                               {"person-role": "chair", "person-first_name": "ค",
                                "person-last_name": "ง"})
    assert second_chair.status_code == 200 and "already has a chair" in second_chair.content.decode()
    long_objective = client.post(reverse("organisations:objective_add", args=[organisation.pk]),
                                 {"objective-text": "x" * 1001})
    assert long_objective.status_code == 200 and organisation.objectives.count() == 0
    client.post(reverse("organisations:objective_add", args=[organisation.pk]),
                {"objective-text": "ส่งเสริมอาชีพ"})
    client.post(reverse("organisations:product_add", args=[organisation.pk]),
                {"product-name": "ข้าวหอม", "product-description": ""})
    page = client.get(detail).content.decode()
    assert "ส่งเสริมอาชีพ" in page and "ข้าวหอม" in page
    person = organisation.personnel.get()
    assert client.post(reverse("organisations:personnel_remove",
                               args=[organisation.pk, person.pk])).status_code == 302
    assert not organisation.personnel.exists()


def test_children_of_another_organisation_are_404(client):
    manager, organisation = manager_of()
    other_person = PersonnelFactory()
    signed_in(client, manager)
    url = reverse("organisations:personnel_remove", args=[organisation.pk, other_person.pk])
    assert client.post(url).status_code == 404
    url = reverse("organisations:personnel_remove", args=[other_person.organisation.pk,
                                                          other_person.pk])
    assert client.post(url).status_code == 404
    assert other_person.__class__.objects.filter(pk=other_person.pk).exists()
    # a plain member cannot add
    signed_in(client, member_of(organisation))
    assert client.post(reverse("organisations:objective_add", args=[organisation.pk]),
                       {"objective-text": "x"}).status_code == 404


def test_members_page_and_actions(client):
    manager, organisation = manager_of()
    pending = PendingFactory(organisation=organisation)
    member = MembershipFactory(organisation=organisation)
    signed_in(client, manager)
    url = reverse("organisations:members", args=[organisation.pk])
    page = client.get(url)
    assert page.status_code == 200 and pending.user.email in page.content.decode()
    assert client.post(reverse("organisations:membership_approve",
                               args=[organisation.pk, pending.pk])).status_code == 302
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.APPROVED
    client.post(reverse("organisations:membership_appoint", args=[organisation.pk, member.pk]))
    member.refresh_from_db()
    assert member.is_manager
    client.post(reverse("organisations:membership_revoke", args=[organisation.pk, member.pk]))
    client.post(reverse("organisations:membership_remove", args=[organisation.pk, member.pk]))
    member.refresh_from_db()
    assert member.status == MembershipStatus.REMOVED
    newcomer = UserFactory()
    assert client.post(reverse("organisations:member_add", args=[organisation.pk]),
                       {"email": newcomer.email}).status_code == 302
    bad = client.post(reverse("organisations:member_add", args=[organisation.pk]),
                      {"email": "nobody@example.org"})
    assert bad.status_code == 200 and "No verified account" in bad.content.decode()
    bad = client.post(reverse("organisations:member_add", args=[organisation.pk]),
                      {"email": "not-an-address"})
    assert bad.status_code == 200 and 'aria-invalid="true"' in bad.content.decode()


def test_last_manager_cannot_leave_clear_message(client):
    manager, organisation = manager_of()
    signed_in(client, manager)
    response = client.post(reverse("organisations:leave", args=[organisation.pk]), follow=True)
    assert "only manager" in response.content.decode()
    assert Membership.objects.get(user=manager).status == MembershipStatus.APPROVED


def test_member_leaves(client):
    _manager, organisation = manager_of()
    user = member_of(organisation)
    signed_in(client, user)
    assert client.post(reverse("organisations:leave", args=[organisation.pk])).status_code == 302
    assert Membership.objects.get(user=user).status == MembershipStatus.LEFT


def test_members_page_permissions(client):
    _manager, organisation = manager_of()
    other = MembershipFactory(organisation=organisation)
    url = reverse("organisations:members", args=[organisation.pk])
    for outsider in (member_of(organisation), manager_of()[0], CommitteeFactory()):
        signed_in(client, outsider)
        assert client.get(url).status_code == 404
        assert client.post(reverse("organisations:membership_remove",
                                   args=[organisation.pk, other.pk])).status_code == 404
    signed_in(client, StaffFactory())
    assert client.get(url).status_code == 200
    # a membership of another organisation through this organisation's URL is 404
    foreign = MembershipFactory()
    assert client.post(reverse("organisations:membership_remove",
                               args=[organisation.pk, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MembershipStatus.APPROVED


def test_list_query_count_is_constant(client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = StaffFactory()
    signed_in(client, user)
    OrganisationFactory()
    client.get(reverse("organisations:list"))  # warm caches (matrix, session)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("organisations:list")).status_code == 200
    for _ in range(29):
        MembershipFactory(organisation=OrganisationFactory())
    with CaptureQueriesContext(connection) as thirty:
        page = client.get(reverse("organisations:list"))
    assert page.context["page"].paginator.count == 30
    assert len(thirty) == len(one)


def test_mine_page(client):
    membership = MembershipFactory()
    signed_in(client, membership.user)
    page = client.get(reverse("organisations:mine"))
    assert page.status_code == 200 and membership.organisation.name in page.content.decode()
