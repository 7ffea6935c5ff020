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


def test_an_approved_proposal_links_to_its_monitoring_plan_for_those_who_see_the_plan(client):
    from phonlap.proposals.models import Proposal

    plan, pm, _manager = project_plan()
    Proposal.objects.filter(pk=plan.funded_project.proposal_id).update(status="approved")
    detail = reverse("proposals:detail", args=[plan.funded_project.proposal_id])
    link = f'href="{reverse("monitoring:plan", args=[plan.pk])}"'
    signed_in(client, pm)
    assert link in client.get(detail).content.decode()
    assert client.get(reverse("monitoring:plan", args=[plan.pk])).status_code == 200
    signed_in(client, StaffFactory())
    assert link in client.get(detail).content.decode()
