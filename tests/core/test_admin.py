"""Django admin: extra holidays are edited there (B.E. input); the access log is read-only."""

from datetime import date

import pytest
from django.urls import reverse

from phonlap.core.models import AuditEvent, ExtraHoliday
from tests.factories import SuperUserFactory
from tests.matrix_support import complete_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = SuperUserFactory()
    complete_user(user)  # past the account gate (TOTP, consent)
    client.force_login(user)
    return client


@pytest.fixture
def event():
    return AuditEvent.objects.create(kind=AuditEvent.Kind.STATE_CHANGE, actor_label="a@example.org",
                                     action="proposal.submitted", object_type="proposal", object_id="7")


def test_extra_holiday_list_and_add_pages_open(admin_client):
    ExtraHoliday.objects.create(day=date(2026, 4, 16), name="Songkran extension")
    response = admin_client.get(reverse("admin:core_extraholiday_changelist"))
    assert response.status_code == 200
    assert "Songkran extension" in response.content.decode()
    assert admin_client.get(reverse("admin:core_extraholiday_add")).status_code == 200


@pytest.mark.parametrize(("language", "typed"), [("th", "16/04/2569"), ("en", "16/04/2026")])
def test_extra_holiday_is_entered_and_shown_with_the_languages_year(client, language, typed):
    user = SuperUserFactory(language=language)
    complete_user(user)
    client.force_login(user)
    response = client.post(
        reverse("admin:core_extraholiday_add"), {"day": typed, "name": "Songkran extension"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    holiday = ExtraHoliday.objects.get()
    assert holiday.day == date(2026, 4, 16)  # never year 2569
    page = client.get(reverse("admin:core_extraholiday_change", args=[holiday.pk])).content.decode()
    assert f'value="{typed}"' in page


def test_extra_holiday_impossible_date_is_a_form_error(admin_client):
    response = admin_client.post(reverse("admin:core_extraholiday_add"), {"day": "29/02/2566", "name": "x"})
    assert response.status_code == 200
    assert not ExtraHoliday.objects.exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_access_log_can_be_read(admin_client, event):
    response = admin_client.get(reverse("admin:core_auditevent_changelist"))
    assert response.status_code == 200
    assert "proposal.submitted" in response.content.decode()
    response = admin_client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()  # shown, not editable


def test_access_log_cannot_be_added_to(admin_client):
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:core_auditevent_add"), {"action": "forged", "kind": "sign_in"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_access_log_cannot_be_changed(admin_client, event):
    response = admin_client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]),
        {"action": "forged", "kind": "sign_in", "actor_label": "x"},
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "proposal.submitted"


def test_access_log_cannot_be_deleted(admin_client, event):
    url = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    # ... nor through the bulk action.
    response = admin_client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_access_log_admin_permissions_are_false_for_a_super_user(rf, event):
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = SuperUserFactory()
    model_admin = site._registry[AuditEvent]
    assert model_admin.has_view_permission(request, event)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert "delete_selected" not in model_admin.get_actions(request)
