"""The draft editor: new proposal, sections saved in order, every form's messages, the "add a
row" button, the live totals, and garbage that must never give a 500."""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from phonlap.funds.models import Fund
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.models import Proposal
from tests.factories import StaffFactory, signed_in
from tests.funds.factories import CallFactory
from tests.proposals.factories import SECTION2, disability_fund, draft, proposal_in, team
from tests.proposals.test_views_support import be, section1_post, section2_post, section3_post

pytestmark = pytest.mark.django_db


def _section(proposal, n):
    return reverse("proposals:section", kwargs={"pk": proposal.pk, "section": n})


def _saved(pm, organisation, *sections):
    proposal = draft(pm=pm, organisation=organisation)
    from phonlap.proposals import domain
    from tests.proposals.factories import sections as all_sections

    for n in sections:
        proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=all_sections()[n])
    return proposal


# --- new proposal -------------------------------------------------------------------------------

def test_new_proposal_creates_a_draft_and_opens_section_1(client):
    pm, _manager, organisation = team()
    signed_in(client, pm)
    page = client.get(reverse("proposals:create")).content.decode()
    assert organisation.name in page
    fund = disability_fund()
    response = client.post(reverse("proposals:create"), {"organisation": organisation.pk, "fund": fund.pk})
    proposal = Proposal.objects.get(created_by=pm)
    assert response.status_code == 302
    assert response["Location"] == _section(proposal, 1)
    assert proposal.status == ProposalStatus.DRAFT and proposal.organisation == organisation


def test_new_proposal_refuses_another_organisation_and_a_call_of_another_fund(client):
    pm, _manager, _organisation = team()
    _other_pm, _other_manager, other_org = team()
    signed_in(client, pm)
    fund = disability_fund()
    response = client.post(reverse("proposals:create"), {"organisation": other_org.pk, "fund": fund.pk})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    other_fund = Fund.objects.exclude(pk=fund.pk).first()
    call = CallFactory(fund=other_fund)
    response = client.post(reverse("proposals:create"),
                           {"organisation": _organisation.pk, "fund": fund.pk, "call": call.pk})
    assert "This call belongs to another fund" in response.content.decode()
    assert not Proposal.objects.exists()


def test_staff_cannot_create_proposals(client):
    signed_in(client, StaffFactory())
    assert client.get(reverse("proposals:create")).status_code == 404


# --- sections in order ----------------------------------------------------------------------------

def test_sections_open_in_order_and_save_one_by_one(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    signed_in(client, pm)
    page = client.get(_section(proposal, 1)).content.decode()
    assert organisation.name in page  # pre-filled, read-only
    assert 'aria-current="step"' in page and "opens when the earlier sections are saved" in page
    # section 2 is not open yet: the user is led back to section 1
    response = client.get(_section(proposal, 2))
    assert response.status_code == 302 and response["Location"] == _section(proposal, 1)
    response = client.post(_section(proposal, 1), {**section1_post(), "continue": "1"})
    assert response.status_code == 302 and response["Location"] == _section(proposal, 2)
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1]
    assert proposal.section(1)["fund_history"]["last_year"] == 2566
    response = client.post(_section(proposal, 2), {**section2_post(), "continue": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal.refresh_from_db()
    assert proposal.section(2)["period_start"] == "2026-01-01"  # typed in B.E., stored as a date
    assert proposal.section(2)["steps"][1]["activities"][1]["budget"] == "30000.00"
    assert proposal.name == SECTION2["name"]
    response = client.post(_section(proposal, 3), {**section3_post(), "continue": "1"})
    assert response["Location"] == _section(proposal, 4)
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1, 2, 3]
    page = client.get(_section(proposal, 2)).content.decode()
    assert "01/01/2026" in page  # English user: C.E. shown back


def test_unknown_section_is_404(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    assert signed_in(client, pm).get(_section(proposal, 7)).status_code == 404


def _post2(client, proposal, **overrides):
    return client.post(_section(proposal, 2), section2_post(**overrides))


@pytest.mark.parametrize(("overrides", "message"), [
    ({"period_start": "31/02/2569"}, "There is no such date"),
    ({"period_start": "soon"}, "Enter the date as day/month/year"),
    ({"period_end": be("2025-12-01")}, "The end date cannot be before the start date."),
    ({"steps-0-activities-0-end": be("2025-12-01")}, "The end date cannot be before the start date."),
    ({"steps-0-activities-0-start": be("2025-06-01"), "steps-0-activities-0-end": be("2025-06-02")},
     "The date must lie inside the project period"),
    ({"requested_budget": "-5"}, "The amount cannot be negative."),
    ({"steps-1-activities-0-budget": "fifty"}, "Enter a number, e.g. 12500.50."),
    ({"requested_budget": "12.345"}, "Use at most two decimal places"),
    ({"unit_email": "not-an-email"}, "Enter a valid e-mail address."),
    ({"target_groups": ["martians"]}, "Select a valid choice"),
])
def test_section2_messages_and_nothing_saved(client, overrides, message):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    before = copy.deepcopy(Proposal.objects.get(pk=proposal.pk).content)
    response = _post2(client, proposal, **overrides)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Nothing was saved" in page
    assert 'aria-invalid="true"' in page
    assert "_error" in page  # errors are linked through aria-describedby
    proposal.refresh_from_db()
    assert proposal.content == before and proposal.sections_saved == [1]


def test_budget_over_the_ceiling(client):
    pm, _manager, organisation = team()
    Fund.objects.filter(pk=disability_fund().pk).update(budget_ceiling="50000")
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    page = _post2(client, proposal).content.decode()
    assert "over the fund&#x27;s ceiling of 50,000.00 baht" in page
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1]


def test_budget_mismatch_is_saved_with_a_warning(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    response = _post2(client, proposal, requested_budget="120000")
    assert response.status_code == 302
    page = client.get(_section(proposal, 2)).content.decode()
    assert "20,000.00 baht more than the total of the activities (100,000.00 baht)" in page


def test_section1_messages(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    signed_in(client, pm)
    data = {**section1_post(), "last_year": "1999", "other_funding-0-amount": "-1", "times": "0"}
    page = client.post(_section(proposal, 1), data).content.decode()
    assert "Enter a year in the Buddhist Era, e.g. 2567." in page
    assert "The amount cannot be negative." in page
    assert "greater than or equal to 1" in page
    proposal.refresh_from_db()
    assert proposal.sections_saved == []


def test_section3_unknown_type(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1, 2)
    signed_in(client, pm)
    data = {**section3_post(), "participation-0-type": "dragons"}
    page = client.post(_section(proposal, 3), data).content.decode()
    assert "Select a valid choice" in page
    proposal.refresh_from_db()
    assert 3 not in proposal.sections_saved


def test_add_a_row_re_renders_without_saving(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    data = {**section2_post(), "add": "steps-1-activities"}
    page = client.post(_section(proposal, 2), data).content.decode()
    assert "A row was added" in page
    assert 'name="steps-1-activities-2-description"' in page
    data = {**section2_post(), "add": "steps"}
    page = client.post(_section(proposal, 2), data).content.decode()
    assert 'name="steps-2-name"' in page and 'name="steps-2-activities-0-budget"' in page
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1]


def test_a_removed_row_is_gone_after_saving(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    data = {**section2_post(), "steps-1-activities-1-DELETE": "on", "requested_budget": "70000"}
    assert client.post(_section(proposal, 2), data).status_code == 302
    proposal.refresh_from_db()
    assert len(proposal.section(2)["steps"][1]["activities"]) == 1


def test_editing_a_submitted_proposal_is_refused(client):
    proposal, pm, _manager = proposal_in(ProposalStatus.IN_REVIEW)
    before = copy.deepcopy(proposal.content)
    signed_in(client, pm)
    response = client.post(_section(proposal, 2), section2_post(name="Changed"), follow=True)
    assert "Submitted revisions are read-only" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.content == before and proposal.name != "Changed"


def test_editor_is_404_for_other_organisations_and_staff(client):
    pm, _manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation)
    for user in (team()[0], team()[1], StaffFactory()):
        client.logout()
        signed_in(client, user)
        assert client.get(_section(proposal, 1)).status_code == 404
        assert client.post(_section(proposal, 1), section1_post()).status_code == 404
    proposal.refresh_from_db()
    assert proposal.sections_saved == []


# --- live totals ------------------------------------------------------------------------------

def test_live_totals_for_the_spec_like_example(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    response = client.post(reverse("proposals:totals", kwargs={"pk": proposal.pk}),
                           section2_post(requested_budget="120000"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<td class="number" data-step-budget="1">20,000.00</td>' in page
    assert '<td class="number" data-step-budget="2">80,000.00</td>' in page
    assert '<td class="number" id="project-total">100,000.00</td>' in page
    # Jan 1 → Mar 3 2026, both ends counted
    assert '<td class="number" id="project-days">62</td>' in page
    assert "20,000.00 baht more than the total of the activities" in page
    proposal.refresh_from_db()
    assert proposal.sections_saved == [1]  # never saves


def test_section2_page_has_a_polite_live_region(client):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    page = signed_in(client, pm).get(_section(proposal, 2)).content.decode()
    assert 'aria-live="polite"' in page
    assert reverse("proposals:totals", kwargs={"pk": proposal.pk}) in page
    assert "<script>" not in page


@pytest.mark.parametrize("data", [
    {},
    {"steps-TOTAL_FORMS": "abc"},
    {"steps-TOTAL_FORMS": "-3", "objectives-TOTAL_FORMS": "99999"},
    {"steps-TOTAL_FORMS": "2", "steps-0-activities-TOTAL_FORMS": "x", "steps-1-activities-0-budget": "1e999"},
    {"period_start": "\x00", "requested_budget": "NaN", "target_groups": ["", "x" * 5000]},
])
def test_garbage_never_gives_a_server_error(client, data):
    pm, _manager, organisation = team()
    proposal = _saved(pm, organisation, 1)
    signed_in(client, pm)
    assert client.post(reverse("proposals:totals", kwargs={"pk": proposal.pk}), data).status_code == 200
    assert client.post(_section(proposal, 2), data).status_code in (200, 302)
    assert client.post(_section(proposal, 1), data).status_code in (200, 302)
    assert client.post(reverse("proposals:create"), data).status_code == 200
    assert client.get(reverse("proposals:section", kwargs={"pk": proposal.pk, "section": 3})).status_code in (
        200, 302)
