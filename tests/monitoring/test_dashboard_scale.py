"""With thousands of funded projects a year, the dashboard's filter lists the funds' own plans
and their responsible units (a select of thousands is neither usable nor fast); a project's plan
asked for by id is still offered and chosen."""

import datetime

import pytest
from django.urls import reverse

from phonlap.monitoring import dashboard
from tests.factories import StaffFactory, signed_in

from .factories import YEAR, organisation_plan, project_plan

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def many(monkeypatch):
    monkeypatch.setattr(dashboard, "MAX_LISTED_PLANS", 2)
    fund_plan = organisation_plan()
    projects = [project_plan()[0] for _ in range(2)]
    return fund_plan, projects


def test_beyond_the_limit_only_the_funds_plans_and_units_are_listed(many):
    fund_plan, projects = many
    options = dashboard._options(YEAR, TODAY)
    assert [p["id"] for p in options["plans"]] == [fund_plan.pk]
    assert "กองส่งเสริม" in options["units"]  # the fund plan's unit
    assert not {p.responsible_unit for p in projects} & set(options["units"])
    chosen = dashboard.with_chosen_plan(options, YEAR, str(projects[0].pk))
    assert [p["id"] for p in chosen["plans"]] == [fund_plan.pk, projects[0].pk]
    assert dashboard.with_chosen_plan(options, YEAR + 1, projects[0].pk) is options  # other year
    assert dashboard.with_chosen_plan(options, YEAR, "x") is options


def test_a_projects_plan_can_still_be_chosen_by_id(client, many):
    _fund_plan, projects = many
    signed_in(client, StaffFactory())
    page = client.get(reverse("monitoring:dashboard"),
                      {"fiscal_year": YEAR, "plan": projects[1].pk})
    body = page.content.decode()
    assert page.status_code == 200
    assert f'<option value="{projects[1].pk}" selected' in body
    plan_select = body.split('id="id_plan"')[1].split("</select>")[0]
    assert f'value="{projects[0].pk}"' not in plan_select
