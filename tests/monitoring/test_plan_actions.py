"""The plan page offers its exports (Budget Bureau form in Excel and PDF) to whoever sees the
plan, and the import only to staff who may edit it (row 13.4)."""

import pytest
from django.urls import reverse

from tests.factories import StaffFactory, signed_in

from .factories import project_plan

pytestmark = pytest.mark.django_db


def test_staff_get_exports_and_import_the_grantee_exports_only(client):
    plan, pm, _manager = project_plan()
    page = reverse("monitoring:plan", args=[plan.pk])
    xlsx = reverse("monitoring:plan_xlsx", args=[plan.pk])
    pdf = reverse("monitoring:plan_pdf", args=[plan.pk])
    imports = reverse("monitoring:plan_import", args=[plan.pk])

    signed_in(client, StaffFactory())
    staff_page = client.get(f"{page}?up_to=2").content.decode()
    assert f'href="{xlsx}?quarter=2"' in staff_page and f'href="{pdf}?quarter=2"' in staff_page
    assert f'href="{imports}"' in staff_page

    signed_in(client, pm)
    grantee_page = client.get(page).content.decode()
    assert xlsx in grantee_page and pdf in grantee_page
    assert imports not in grantee_page
    assert client.get(f"{xlsx}?quarter=2").status_code == 200
