"""Row 12: the access log for staff and super users — append-only, filterable, paged with
constant queries, exportable as CSV and Excel."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phonlap.core import audit
from phonlap.core.models import AuditEvent
from tests import matrix_support as ms


@pytest.fixture
def world(db):
    return ms.build_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users[ms.STAFF])
    return client


def make_events(world, n, *, action="organisation.edited", actor=None):
    actor = actor or world.users[ms.ORGANISATION_MANAGER_A]
    return [
        audit.state_change(actor=actor, action=action, obj=world.organisations["A"], ip="10.0.0.1",
                           field="name")
        for _ in range(n)
    ]


# --- append-only ---


def test_an_event_cannot_be_saved_again(world):
    event = make_events(world, 1)[0]
    event.action = "tampered"
    with pytest.raises(TypeError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "organisation.edited"


def test_an_event_cannot_be_deleted(world):
    event = make_events(world, 1)[0]
    with pytest.raises(TypeError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_log_cannot_be_updated_or_deleted_in_bulk(world):
    make_events(world, 2)
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="tampered")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(action="organisation.edited").update(action="x")
    assert AuditEvent.objects.filter(action="organisation.edited").count() == 2


# --- who may see it ---


@pytest.mark.parametrize("persona", [ms.NO_ORGANISATION, ms.PROJECT_MANAGER_A,
                                     ms.ORGANISATION_MANAGER_A, ms.COMMITTEE])
def test_others_get_404(client, world, persona):
    client.force_login(world.users[persona])
    for name in ("matrix:access_log", "matrix:access_log_csv", "matrix:access_log_xlsx"):
        ms.assert_not_found(client.get(reverse(name)), persona)


@pytest.mark.parametrize("persona", [ms.STAFF, ms.SUPER_USER])
def test_staff_and_super_users_see_it(client, world, persona):
    make_events(world, 1)
    client.force_login(world.users[persona])
    response = client.get(reverse("matrix:access_log"))
    assert response.status_code == 200
    assert "organisation.edited" in response.content.decode()


# --- filters ---


def test_filters_by_kind_action_actor_and_object_type(staff_client, world):
    make_events(world, 1, action="organisation.edited")
    make_events(world, 1, action="membership.approved", actor=world.users[ms.STAFF])
    audit.sensitive_read(actor=world.users[ms.STAFF], action="profile.national_id_read")
    url = reverse("matrix:access_log")

    def actions(**query):
        page = staff_client.get(url, query).context["page"]
        return sorted(e.action for e in page.object_list)

    assert actions(kind="sensitive_read") == ["profile.national_id_read"]
    assert actions(action="membership") == ["membership.approved"]
    assert actions(actor="om-a@") == ["organisation.edited"]
    assert actions(object_type="organisations.organisation") == ["membership.approved",
                                                                 "organisation.edited"]


def test_filters_by_date_range_in_buddhist_era(staff_client, world):
    make_events(world, 1)
    today = timezone.localdate()
    be = f"{today:%d/%m}/{today.year + 543}"
    tomorrow = today + timedelta(days=1)
    url = reverse("matrix:access_log")
    page = staff_client.get(url, {"date_from": be, "date_to": be, "kind": "state_change"}).context["page"]
    assert len(page.object_list) == 1
    later = f"{tomorrow:%d/%m}/{tomorrow.year + 543}"
    page = staff_client.get(url, {"date_from": later}).context["page"]
    assert len(page.object_list) == 0


def test_bad_filter_input_is_a_form_error_not_a_crash(staff_client, world):
    make_events(world, 1)
    response = staff_client.get(reverse("matrix:access_log"),
                                {"date_from": "31/02/2569", "kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    response = staff_client.get(reverse("matrix:access_log"),
                                {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert "date_to" in response.context["form"].errors


def test_paging_uses_constant_queries(staff_client, world):
    url = reverse("matrix:access_log")
    make_events(world, 1)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as one:
        staff_client.get(url)
    make_events(world, 120)
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 50
    assert len(many) == len(one)
    assert len(many) <= 15


def test_a_page_number_out_of_range_shows_the_last_page(staff_client, world):
    make_events(world, 3)
    response = staff_client.get(reverse("matrix:access_log"), {"page": "999"})
    assert response.status_code == 200
    response = staff_client.get(reverse("matrix:access_log"), {"page": "x"})
    assert response.status_code == 200


# --- exports ---


def test_csv_export_streams_the_filtered_log(staff_client, world):
    make_events(world, 3)
    make_events(world, 2, action="membership.approved")
    response = staff_client.get(reverse("matrix:access_log_csv"), {"action": "organisation"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 3
    assert {r[3] for r in rows[1:]} == {"organisation.edited"}
    assert rows[1][2] == "om-a@example.org"
    # the export itself is logged
    assert AuditEvent.objects.filter(action="access_log.exported").exists()


def test_excel_export_writes_the_filtered_log(staff_client, world):
    from openpyxl import load_workbook

    make_events(world, 4)
    response = staff_client.get(reverse("matrix:access_log_xlsx"), {"kind": "state_change"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 4
    assert rows[1][3] == "organisation.edited"
