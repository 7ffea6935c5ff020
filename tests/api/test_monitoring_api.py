"""The monitoring API (spec 04, issue 5 "API"): plans, indicators with nested quarterly targets,
results, budget plans and disbursement, quarterly reports and their transitions, and the computed
summary. Scopes by role, writes through the domain (refusals change nothing: 400 by field, 403,
409 for a state that forbids the change), messages in the caller's language, the schema, query
counts and a schemathesis run aimed at real plans."""

from __future__ import annotations

from decimal import Decimal

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error, response_schema_conformance

from phonlap.core.models import AuditEvent
from phonlap.monitoring import domain
from phonlap.monitoring.enums import IndicatorKind, ReportStatus
from phonlap.monitoring.models import (
    Activity,
    BudgetPlan,
    BudgetQuarter,
    Evidence,
    Indicator,
    IndicatorResult,
    MonitoringPlan,
    Obstacle,
    QuarterlyReport,
    QuarterTarget,
)
from tests.api.test_schemathesis import fuzz_app  # noqa: F401 (a fixture)
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.monitoring.factories import YEAR, organisation_plan, project_plan
from tests.proposals.factories import pdf_upload

pytestmark = pytest.mark.django_db

BASE = "/api/v1/monitoring/"
PLANS = BASE + "plans/"
INDICATORS = BASE + "indicators/"
TARGETS = BASE + "quarter-targets/"
RESULTS = BASE + "results/"
BUDGETS = BASE + "budget-plans/"
REPORTS = BASE + "reports/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


def figures(plan):
    """Everything a refused write must leave as it was."""
    return (
        list(MonitoringPlan.objects.order_by("pk").values_list("pk", "name", "fiscal_year")),
        list(Indicator.objects.filter(plan=plan).order_by("pk").values_list(
            "pk", "name", "unit", "kind", "annual_target", "baseline")),
        list(QuarterTarget.objects.filter(indicator__plan=plan).order_by("pk").values_list(
            "indicator", "quarter", "planned")),
        list(IndicatorResult.objects.filter(indicator__plan=plan).order_by("pk").values_list(
            "indicator", "quarter", "value", "numerator", "denominator", "note")),
        list(BudgetPlan.objects.filter(plan=plan).order_by("pk").values_list("name", "received")),
        list(BudgetQuarter.objects.filter(budget_plan__plan=plan).order_by("pk").values_list(
            "quarter", "target_pct", "planned", "disbursed")),
        list(QuarterlyReport.objects.filter(plan=plan).order_by("pk").values_list(
            "quarter", "status", "review_comment")),
    )


@pytest.fixture
def world(db):
    """Two funded projects' plans (ours and another organisation's) and a fund's own plan."""
    staff = StaffFactory()
    mine, pm, manager = project_plan(staff=staff)
    theirs, other_pm, _other_manager = project_plan(staff=staff)
    fund_plan = organisation_plan(staff=staff)
    return {"mine": mine, "pm": pm, "manager": manager, "theirs": theirs, "other_pm": other_pm,
            "staff": staff, "fund_plan": fund_plan}


def _indicator(plan):
    return plan.indicators.order_by("pk").first()


# --- plans ---------------------------------------------------------------------------------------

def test_plans_are_scoped_by_role(world, client_for):
    w = world
    assert ids(client_for(w["pm"]).get(PLANS)) == {w["mine"].pk}
    assert ids(client_for(w["manager"]).get(PLANS)) == {w["mine"].pk}
    assert ids(client_for(w["other_pm"]).get(PLANS)) == {w["theirs"].pk}
    everything = {w["mine"].pk, w["theirs"].pk, w["fund_plan"].pk}
    assert ids(client_for(w["staff"]).get(PLANS)) == everything
    assert ids(client_for(SuperUserFactory()).get(PLANS)) == everything
    # Committee members hold no row 13.1: the same 404 as a missing page; anonymous: 401.
    assert client_for(CommitteeFactory()).get(PLANS).status_code == 404
    assert APIClient().get(PLANS).status_code == 401
    for user in (w["pm"], w["manager"]):
        assert client_for(user).get(f"{PLANS}{w['theirs'].pk}/").status_code == 404
        assert client_for(user).get(f"{PLANS}{w['fund_plan'].pk}/").status_code == 404
        assert client_for(user).get(f"{PLANS}{w['theirs'].pk}/summary/").status_code == 404
    for pk in ("999999", "abc", "9" * 30):
        assert client_for(w["staff"]).get(f"{PLANS}{pk}/").status_code == 404


def test_plan_filters_and_detail(world, client_for):
    w = world
    staff = client_for(w["staff"])
    assert ids(staff.get(PLANS, {"level": "organisation"})) == {w["fund_plan"].pk}
    assert ids(staff.get(PLANS, {"fund": "se-promotion"})) == {w["fund_plan"].pk}
    assert ids(staff.get(PLANS, {"fiscal_year": YEAR, "level": "project"})) == {
        w["mine"].pk, w["theirs"].pk}
    assert ids(staff.get(PLANS, {"fiscal_year": YEAR + 1})) == set()
    for bad in ({"level": "national"}, {"fiscal_year": "next"}, {"fund": "se\x00"}):
        assert staff.get(PLANS, bad).status_code == 400, bad
    body = client_for(w["pm"]).get(f"{PLANS}{w['mine'].pk}/").json()
    assert body["level"] == "project" and body["fiscal_year"] == YEAR
    assert body["funded_project"]["number"] == w["mine"].funded_project.number
    assert body["fund"]["code"] == "disability-education"
    [programme] = body["programmes"]
    assert programme["activities"], "the proposal's steps become activities"
    fund_plan = staff.get(f"{PLANS}{w['fund_plan'].pk}/").json()
    assert fund_plan["funded_project"] is None
    assert fund_plan["programmes"][0]["activities"][0]["responsible_unit"] == "ฝ่ายพัฒนา"


def test_staff_create_an_organisation_plan(world, client_for):
    w = world
    staff = client_for(w["staff"])
    response = staff.post(PLANS, {"fund": "se-promotion", "fiscal_year": 2570,
                                  "name": "แผนปฏิบัติการ 2570", "responsible_unit": "กองแผน"},
                          format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["level"] == "organisation" and body["fiscal_year"] == 2570
    assert MonitoringPlan.objects.get(pk=body["id"]).created_by == w["staff"]
    before = figures(w["fund_plan"])
    again = staff.post(PLANS, {"fund": "se-promotion", "fiscal_year": 2570,
                               "name": "แผนปฏิบัติการ 2570"}, format="json")
    assert again.status_code == 400 and "name" in again.json()
    for bad in ({"fiscal_year": 70}, {"fiscal_year": "2570x"}, {"fund": "nope"}, {"name": ""},
                {"name": "a\x00b"}):
        body = {"fund": "se-promotion", "fiscal_year": 2571, "name": "Plan", **bad}
        assert staff.post(PLANS, body, format="json").status_code == 400, bad
    # Project managers see plans (row 13.1) but may not create them (13.4): told why.
    refused = client_for(w["pm"]).post(PLANS, {"fund": "se-promotion", "fiscal_year": 2571,
                                               "name": "Mine"}, format="json")
    assert refused.status_code == 403
    assert client_for(CommitteeFactory()).post(PLANS, {}, format="json").status_code == 404
    assert figures(w["fund_plan"]) == before


# --- indicators and their quarterly targets --------------------------------------------------

def test_indicator_with_nested_quarterly_targets(world, client_for):
    w = world
    plan = w["fund_plan"]
    programme = plan.programmes.get()
    staff = client_for(w["staff"])
    response = staff.post(INDICATORS, {
        "plan": plan.pk, "programme": programme.pk, "name": "Share employing disabled people",
        "unit": "%", "kind": "percentage", "annual_target": "80",
        "quarter_targets": {"q1": "10.00", "q2": None, "q3": 50, "q4": "80"},
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["quarter_targets"] == {"q1": "10.00", "q2": None, "q3": "50.00", "q4": "80.00"}
    assert body["kind"] == "percentage" and body["annual_target"] == "80.00"
    assert body["programme"]["id"] == programme.pk and body["plan"] == plan.pk
    # Changing one quarter keeps the others; fields left out keep their value.
    changed = staff.patch(f"{INDICATORS}{body['id']}/", {"quarter_targets": {"q2": "30"}},
                          format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["quarter_targets"] == {"q1": "10.00", "q2": "30.00", "q3": "50.00",
                                                 "q4": "80.00"}
    assert changed.json()["name"] == "Share employing disabled people"
    # Read back: the list by plan, the detail, the flat read-only list of targets.
    assert body["id"] in ids(staff.get(INDICATORS, {"plan": plan.pk}))
    assert staff.get(f"{INDICATORS}{body['id']}/").json()["quarter_targets"]["q2"] == "30.00"
    targets = staff.get(TARGETS, {"indicator": body["id"]}).json()["results"]
    assert [(t["quarter"], t["planned"]) for t in targets] == [
        (1, "10.00"), (2, "30.00"), (3, "50.00"), (4, "80.00")]
    assert [t["quarter"] for t in staff.get(TARGETS, {"plan": plan.pk, "quarter": 3})
            .json()["results"]] == [3, 3]


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"annual_target": "a hundred"}, "annual_target", "Enter a number."),
    ({"quarter_targets": {"q2": "ten"}}, "quarter_targets.q2", "Enter a number."),
    ({"quarter_targets": {"q1": "1.234"}}, "quarter_targets.q1", "Enter at most two decimal places."),
    ({"quarter_targets": {"q1": "-5"}}, "quarter_targets.q1", "Enter a number that is not negative."),
    ({"annual_target": "1e400"}, "annual_target", "This number is too large."),
    ({"annual_target": "NaN"}, "annual_target", "Enter a number."),
    ({"kind": "percentage", "annual_target": "120"}, "annual_target", "This number is too large."),
    ({"unit": ""}, "unit", None),
    ({"kind": "guess"}, "kind", None),
    ({"programme": 999999}, "programme", "Choose a programme and activity of this plan."),
    ({"quarter_targets": {"q5": "1"}}, "quarter_targets", None),
    ({"quarter_targets": {"1": "1"}}, "quarter_targets", None),
    ({"quarter_targets": "10,20"}, "quarter_targets", None),
    ({"quarter_targets": {"q1": "0" * 41}}, "quarter_targets.q1", None),
    ({"level_definitions": ["ok", "bad\x00"]}, "level_definitions.1", None),
    ({"level_definitions": ["1", "2", "3", "4", "5", "6"]}, "level_definitions", None),
    ({"name": "x\x00y"}, "name", None),
])
def test_bad_indicators_answer_400_and_change_nothing(world, client_for, body, field, message):
    w = world
    plan = w["fund_plan"]
    before = figures(plan)
    base = {"plan": plan.pk, "programme": plan.programmes.get().pk, "name": "Enterprises",
            "unit": "enterprises", "kind": "count", "annual_target": "100"}
    response = client_for(w["staff"]).post(INDICATORS, {**base, **body}, format="json")
    assert response.status_code == 400, response.content
    if field:
        assert field in response.json(), response.json()
    if message:
        assert response.json()[field] == [message]
    assert figures(plan) == before
    # The same on a change.
    indicator = _indicator(plan)
    change = {k: v for k, v in body.items() if k != "programme"} or {"unit": ""}
    if "programme" in body:
        change["programme"] = body["programme"]
    response = client_for(w["staff"]).patch(f"{INDICATORS}{indicator.pk}/", change, format="json")
    assert response.status_code == 400, response.content
    assert figures(plan) == before


def test_indicators_only_for_staff_and_in_scope(world, client_for):
    w = world
    indicator = _indicator(w["mine"])
    url = f"{INDICATORS}{indicator.pk}/"
    before = figures(w["mine"])
    # The project manager reads the plan's indicators but may not change them (13.4): 403.
    assert client_for(w["pm"]).get(url).status_code == 200
    assert client_for(w["pm"]).patch(url, {"annual_target": "1"}, format="json").status_code == 403
    assert client_for(w["pm"]).post(INDICATORS, {"plan": w["mine"].pk}, format="json").status_code == 403
    # Another organisation's indicator: 404 to read and to change.
    assert client_for(w["other_pm"]).get(url).status_code == 404
    assert client_for(w["other_pm"]).patch(url, {"annual_target": "1"}, format="json").status_code == 404
    assert ids(client_for(w["other_pm"]).get(INDICATORS, {"plan": w["mine"].pk})) == set()
    assert ids(client_for(w["pm"]).get(INDICATORS)) == {indicator.pk}
    # Staff may not move an indicator to another plan.
    moved = client_for(w["staff"]).patch(url, {"plan": w["theirs"].pk}, format="json")
    assert moved.status_code == 400 and "plan" in moved.json()
    assert figures(w["mine"]) == before


# --- results -----------------------------------------------------------------------------------

def _targets(staff, plan, *quarters):
    indicator = _indicator(plan)
    domain.save_indicator(actor=staff, plan=plan, indicator=indicator,
                          programme=indicator.programme, name=indicator.name, unit=indicator.unit,
                          annual_target=indicator.annual_target,
                          quarter_plans=dict(zip((1, 2, 3, 4), quarters, strict=True)))
    return indicator


def test_the_grantee_records_results(world, client_for):
    w = world
    indicator = _targets(w["staff"], w["mine"], "10", "10", "10", "10")
    pm = client_for(w["pm"])
    response = pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "12",
                                 "note": "Two workshops", "breakdown": {"women": 7, "disabilities": "3"}},
                       format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"] == "12.00" and body["quarter"] == 1 and body["plan"] == w["mine"].pk
    assert body["breakdown"] == {"women": 7, "disabilities": 3}
    assert body["entered_by"]["id"] == w["pm"].pk and body["evidence"] == []
    # Correcting it: 200, the same row.
    again = pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "11"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert again.json()["value"] == "11.00"
    # The quarter's report was opened as a draft.
    report = QuarterlyReport.objects.get(plan=w["mine"], quarter=1)
    assert report.status == ReportStatus.DRAFT
    assert ids(pm.get(REPORTS)) == {report.pk}
    # Reading: filters; others see nothing of it.
    assert ids(pm.get(RESULTS, {"indicator": indicator.pk, "quarter": 1})) == {body["id"]}
    assert ids(pm.get(RESULTS, {"quarter": 2})) == set()
    assert ids(pm.get(RESULTS, {"plan": w["mine"].pk})) == {body["id"]}
    assert ids(client_for(w["other_pm"]).get(RESULTS)) == set()
    assert client_for(w["other_pm"]).get(f"{RESULTS}{body['id']}/").status_code == 404
    assert pm.get(f"{RESULTS}{body['id']}/").json()["note"] == ""
    assert pm.get(RESULTS, {"quarter": 5}).status_code == 400
    # Someone else's indicator: 404, nothing recorded.
    other = _indicator(w["theirs"])
    assert pm.post(RESULTS, {"indicator": other.pk, "quarter": 1, "value": "1"},
                   format="json").status_code == 404
    assert not IndicatorResult.objects.filter(indicator=other).exists()


@pytest.mark.parametrize(("kind", "body", "field", "message"), [
    ("count", {"quarter": 5, "value": "1"}, "quarter", "Choose a quarter from 1 to 4 of fiscal year 2569."),
    ("count", {"quarter": 0, "value": "1"}, "quarter", "Choose a quarter from 1 to 4 of fiscal year 2569."),
    ("count", {"quarter": 1, "value": "twelve"}, "value", "Enter a number."),
    ("count", {"quarter": 1, "value": ""}, "value", "Enter the result."),
    ("count", {"quarter": 1, "value": "-1"}, "value", "Enter a number that is not negative."),
    ("count", {"quarter": 1, "value": "Infinity"}, "value", "Enter a number."),
    ("count", {"quarter": 1, "value": 10**30}, "value", "This number is too large."),
    ("count", {"quarter": 1, "value": "1", "breakdown": {"aliens": 2}}, "breakdown", None),
    ("count", {"quarter": 1, "value": "1", "breakdown": {"women": 1.5}}, "breakdown.women",
     "Give whole numbers of people."),
    ("count", {"quarter": 1, "value": "1", "breakdown": [1, 2]}, "breakdown", None),
    ("count", {"quarter": "first", "value": "1"}, "quarter", None),
    ("count", {"quarter": 1, "value": "1", "note": "a\x00b"}, "note", None),
    ("percentage", {"quarter": 1, "numerator": "5", "denominator": "0"}, "denominator",
     "The denominator cannot be zero."),
    ("percentage", {"quarter": 1, "numerator": "5"}, "denominator",
     "Enter both the numerator and the denominator."),
    ("percentage", {"quarter": 1, "numerator": "9", "denominator": "5"}, "numerator",
     "The numerator cannot exceed the denominator."),
    ("level", {"quarter": 1, "value": "2.5"}, "value", "Enter the level reached, from 1 to 5."),
    ("qualitative", {"quarter": 1, "note": " "}, "note", "Describe the result in the note."),
])
def test_bad_results_answer_400_and_change_nothing(client_for, kind, body, field, message):
    staff = StaffFactory()
    plan = organisation_plan(staff=staff, kind=kind,
                             target="100" if kind != "level" else "5",
                             plans=(10, 20, 30, 40) if kind != "level" else (1, 2, 3, 4))
    before = figures(plan)
    response = client_for(staff).post(RESULTS, {"indicator": _indicator(plan).pk, **body},
                                      format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    if message:
        assert response.json()[field] == [message]
        assert response.json().get("detail", message) == message
    assert figures(plan) == before


# --- programmes, activities, obstacles, evidence ---------------------------------------------

def _structure(plan):
    return (list(plan.programmes.order_by("order").values_list("name", flat=True)),
            list(Activity.objects.filter(programme__plan=plan).order_by("programme__order", "order")
                 .values_list("programme__name", "name", "responsible_unit")))


def test_staff_add_programmes_and_activities(world, client_for):
    w = world
    plan = w["fund_plan"]
    staff = client_for(w["staff"])
    audited = AuditEvent.objects.filter(action="monitoring_plan.add_activity").count()
    added = staff.post(f"{PLANS}{plan.pk}/programmes/", {"name": "แผนงานเครือข่าย"}, format="json")
    assert added.status_code == 201, added.content
    programme = added.json()["programmes"][-1]
    assert programme["name"] == "แผนงานเครือข่าย" and programme["activities"] == []
    activity = staff.post(f"{PLANS}{plan.pk}/activities/",
                          {"programme": programme["id"], "name": "ประชุมเครือข่าย",
                           "responsible_unit": "ฝ่ายเครือข่าย"}, format="json")
    assert activity.status_code == 201, activity.content
    assert [(a["name"], a["responsible_unit"]) for a in
            activity.json()["programmes"][-1]["activities"]] == [("ประชุมเครือข่าย", "ฝ่ายเครือข่าย")]
    before = _structure(plan), _structure(w["mine"])
    # A programme of another plan, an empty name: 400 by field; nothing added.
    other = w["mine"].programmes.get().pk
    wrong = staff.post(f"{PLANS}{plan.pk}/activities/", {"programme": other, "name": "x"},
                       format="json")
    assert wrong.status_code == 400 and "programme" in wrong.json()
    assert staff.post(f"{PLANS}{plan.pk}/programmes/", {"name": " "},
                      format="json").status_code == 400
    # Grantees may read their plan but not shape it (403); another's plan is not found (404).
    pm = client_for(w["pm"])
    assert pm.post(f"{PLANS}{w['mine'].pk}/programmes/", {"name": "x"},
                   format="json").status_code == 403
    assert pm.post(f"{PLANS}{w['theirs'].pk}/programmes/", {"name": "x"},
                   format="json").status_code == 404
    assert (_structure(plan), _structure(w["mine"])) == before
    assert AuditEvent.objects.filter(action="monitoring_plan.add_activity").count() == audited + 1


def test_the_grantee_records_obstacles_until_the_report_is_accepted(world, client_for):
    w = world
    plan = w["mine"]
    indicator = _targets(w["staff"], plan, "10", "10", "10", "10")
    domain.record_result(actor=w["pm"], indicator=indicator, quarter=1, value="12")
    report = domain.open_report(plan=plan, quarter=1)
    programme = plan.programmes.get()
    pm = client_for(w["pm"])
    url = f"{REPORTS}{report.pk}/obstacles/"
    saved = pm.post(url, {"programme": programme.pk, "problems": "ฝนตกหนัก",
                          "fixes": "เลื่อนการอบรม"}, format="json")
    assert saved.status_code == 200, saved.content
    assert saved.json()["obstacles"] == [{"programme": {"id": programme.pk, "name": programme.name},
                                          "problems": "ฝนตกหนัก", "fixes": "เลื่อนการอบรม"}]
    # Another plan's programme: 400; someone else's report: 404; nothing changed.
    wrong = pm.post(url, {"programme": w["theirs"].programmes.get().pk, "problems": "x"},
                    format="json")
    assert wrong.status_code == 400 and "programme" in wrong.json()
    assert client_for(w["other_pm"]).post(url, {"programme": programme.pk, "problems": "x"},
                                          format="json").status_code == 404
    domain.submit_report(actor=w["pm"], report=report)
    domain.accept_report(actor=w["staff"], report=QuarterlyReport.objects.get(pk=report.pk))
    locked = pm.post(url, {"programme": programme.pk, "problems": "แก้ไข"}, format="json")
    assert locked.status_code == 409
    assert list(Obstacle.objects.values_list("problems", "fixes")) == [("ฝนตกหนัก", "เลื่อนการอบรม")]


def test_the_grantee_attaches_and_removes_evidence(world, client_for):
    w = world
    indicator = _targets(w["staff"], w["mine"], "10", "10", "10", "10")
    result = domain.record_result(actor=w["pm"], indicator=indicator, quarter=1, value="12")
    pm = client_for(w["pm"])
    url = f"{RESULTS}{result.pk}/evidence/"
    added = pm.post(url, {"file": pdf_upload("รายชื่อผู้เข้าอบรม.pdf")}, format="multipart")
    assert added.status_code == 201, added.content
    [evidence] = added.json()["evidence"]
    assert evidence["name"] == "รายชื่อผู้เข้าอบรม.pdf" and evidence["content_type"] == "application/pdf"
    # Not a file the fund accepts; no file: 400, nothing attached.
    fake = SimpleUploadedFile("notes.pdf", b"MZ not a pdf", content_type="application/pdf")
    assert pm.post(url, {"file": fake}, format="multipart").status_code == 400
    assert pm.post(url, {}, format="multipart").status_code == 400
    # Someone else's result: 404; a committee member: 404 (no row 13.1).
    assert client_for(w["other_pm"]).post(url, {"file": pdf_upload()},
                                          format="multipart").status_code == 404
    assert Evidence.objects.count() == 1
    # Removing: an evidence file of another result is refused by field.
    remove = f"{RESULTS}{result.pk}/evidence/remove/"
    assert pm.post(remove, {"evidence": 999999}, format="json").status_code == 400
    gone = pm.post(remove, {"evidence": evidence["id"]}, format="json")
    assert gone.status_code == 200 and gone.json()["evidence"] == []
    assert not Evidence.objects.exists()
    # A submitted report locks its evidence: 409.
    pm.post(url, {"file": pdf_upload()}, format="multipart")
    domain.submit_report(actor=w["pm"], report=domain.open_report(plan=w["mine"], quarter=1))
    assert pm.post(url, {"file": pdf_upload()}, format="multipart").status_code == 409
    kept = Evidence.objects.get()
    assert pm.post(remove, {"evidence": kept.pk}, format="json").status_code == 409
    assert Evidence.objects.count() == 1


# --- budget plans and disbursement -------------------------------------------------------------

def test_budget_plans_and_disbursement(world, client_for):
    w = world
    plan = w["fund_plan"]
    staff = client_for(w["staff"])
    response = staff.post(BUDGETS, {"plan": plan.pk, "name": "งบลงทุน", "received": "200000",
                                    "quarters": {"q1": {"target_pct": "50", "planned": "100000"},
                                                 "q2": {"target_pct": "100", "planned": "100000"}}},
                          format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["received"] == "200000.00" and body["order"] == 2
    assert body["quarters"]["q1"] == {"target_pct": "50.00", "planned": "100000.00",
                                      "disbursed": None}
    assert body["quarters"]["q3"] == {"target_pct": None, "planned": None, "disbursed": None}
    url = f"{BUDGETS}{body['id']}/"
    paid = staff.post(url + "disbursements/", {"quarter": 1, "disbursed": "80000.50"}, format="json")
    assert paid.status_code == 200, paid.content
    assert paid.json()["quarters"]["q1"]["disbursed"] == "80000.50"
    assert paid.json()["disbursed_total"] == "80000.50"
    # Above the budget received: refused, with the totals in the message; nothing changed.
    before = figures(plan)
    over = staff.post(url + "disbursements/", {"quarter": 2, "disbursed": "120000"}, format="json")
    assert over.status_code == 400
    assert over.json()["disbursed"] == [
        "Disbursement would total 200,000.50 baht, above the budget received (200,000.00 baht)."]
    for bad in ({"quarter": 5, "disbursed": "1"}, {"quarter": 2, "disbursed": "lots"},
                {"quarter": 2, "disbursed": "-3"}, {"quarter": None, "disbursed": "1"}):
        assert staff.post(url + "disbursements/", bad, format="json").status_code == 400, bad
    # The budget received may not fall below what was disbursed.
    lower = staff.patch(url, {"received": "50000"}, format="json")
    assert lower.status_code == 400 and "received" in lower.json()
    bad_pct = staff.patch(url, {"quarters": {"q3": {"target_pct": "101"}}}, format="json")
    assert bad_pct.status_code == 400 and "quarters.q3.target_pct" in bad_pct.json()
    assert figures(plan) == before
    # A change keeps what is left out.
    renamed = staff.patch(url, {"name": "งบลงทุน (ปรับ)", "quarters": {"q2": {"planned": "90000"}}},
                          format="json")
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["received"] == "200000.00"
    assert renamed.json()["quarters"]["q2"] == {"target_pct": "100.00", "planned": "90000.00",
                                                "disbursed": None}
    assert ids(staff.get(BUDGETS, {"plan": plan.pk})) == {body["id"], plan.budget_plans.first().pk}
    # A budget plan stays in its plan: a change naming another plan is refused, nothing moves.
    before = figures(plan)
    moved = staff.patch(url, {"plan": w["mine"].pk, "name": "ย้าย"}, format="json")
    assert moved.status_code == 400
    assert moved.json()["plan"] == ["A budget plan stays in its plan."]
    assert figures(plan) == before
    assert staff.get(url).json()["plan"] == plan.pk


def test_budget_plans_scoped_and_managed_by_staff(world, client_for):
    w = world
    mine = w["mine"].budget_plans.get()
    pm = client_for(w["pm"])
    assert ids(pm.get(BUDGETS)) == {mine.pk}
    assert pm.get(f"{BUDGETS}{mine.pk}/").json()["received"] == "90000.00"
    assert client_for(w["other_pm"]).get(f"{BUDGETS}{mine.pk}/").status_code == 404
    assert client_for(w["other_pm"]).post(f"{BUDGETS}{mine.pk}/disbursements/",
                                          {"quarter": 1, "disbursed": "1"},
                                          format="json").status_code == 404
    before = figures(w["mine"])
    assert pm.patch(f"{BUDGETS}{mine.pk}/", {"received": "1"}, format="json").status_code == 403
    assert pm.post(BUDGETS, {"plan": w["mine"].pk, "name": "x", "received": "1"},
                   format="json").status_code == 403
    assert figures(w["mine"]) == before
    # The grantee records the disbursement (13.2).
    paid = pm.post(f"{BUDGETS}{mine.pk}/disbursements/", {"quarter": 2, "disbursed": "30000"},
                   format="json")
    assert paid.status_code == 200 and paid.json()["quarters"]["q2"]["disbursed"] == "30000.00"


# --- quarterly reports ------------------------------------------------------------------------

def test_report_submit_return_resubmit_accept_then_locked(world, client_for):
    w = world
    plan = w["mine"]
    indicator = _targets(w["staff"], plan, "10", "10", "10", "10")
    report = domain.open_report(plan=plan, quarter=1)
    pm, staff = client_for(w["pm"]), client_for(w["staff"])
    url = f"{REPORTS}{report.pk}/"
    # Results planned for the quarter are missing: 400 naming them.
    missing = pm.post(url + "submit/")
    assert missing.status_code == 400
    assert indicator.name in missing.json()["results"][0]
    assert pm.get(url).json()["missing_results"] == [{"id": indicator.pk, "name": indicator.name}]
    pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "12"}, format="json")
    # Accepting a draft: 409 with the message.
    early = staff.post(url + "accept/", {}, format="json")
    assert early.status_code == 409 and early.json()["detail"] == "This change of state is not allowed now."
    submitted = pm.post(url + "submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_by"]["id"] == w["pm"].pk
    # Submitted figures are locked.
    locked = pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "13"}, format="json")
    assert locked.status_code == 409
    assert "can no longer be changed" in locked.json()["detail"]
    # The project manager may not review (13.3): told why; others: 404.
    assert pm.post(url + "accept/", {}, format="json").status_code == 403
    assert client_for(w["other_pm"]).post(url + "accept/", {}, format="json").status_code == 404
    assert client_for(w["other_pm"]).get(url).status_code == 404
    # Returning needs a comment.
    silent = staff.post(url + "return/", {"comment": "  "}, format="json")
    assert silent.status_code == 400 and silent.json()["comment"] == ["Say what needs to change."]
    returned = staff.post(url + "return/", {"comment": "Attach the sign-in sheets."}, format="json")
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert returned.json()["review_comment"] == "Attach the sign-in sheets."
    # Editable again; resubmitted; accepted; then everything is refused with nothing changed.
    assert pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "14"},
                   format="json").status_code == 200
    assert pm.post(url + "submit/").json()["status"] == "submitted"
    accepted = staff.post(url + "accept/", {"comment": "Good work"}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["reviewed_by"]["id"] == w["staff"].pk
    before = figures(plan)
    budget = plan.budget_plans.get()
    for response in (
        pm.post(RESULTS, {"indicator": indicator.pk, "quarter": 1, "value": "99"}, format="json"),
        pm.post(f"{BUDGETS}{budget.pk}/disbursements/", {"quarter": 1, "disbursed": "5"},
                format="json"),
        staff.patch(f"{INDICATORS}{indicator.pk}/", {"quarter_targets": {"q1": "1"}}, format="json"),
        pm.post(url + "submit/"),
        staff.post(url + "return/", {"comment": "Again"}, format="json"),
        staff.post(url + "accept/", {}, format="json"),
    ):
        assert response.status_code == 409, response.content
        assert response.json()["detail"]
    assert figures(plan) == before
    # Filters.
    assert ids(staff.get(REPORTS, {"status": "accepted", "plan": plan.pk})) == {report.pk}
    assert ids(staff.get(REPORTS, {"quarter": 2})) == set()
    assert staff.get(REPORTS, {"status": "lost"}).status_code == 400


# --- the summary ------------------------------------------------------------------------------

def test_summary_achievement_statuses_and_budget(client_for):
    staff = StaffFactory()
    plan = organisation_plan(staff=staff, plans=(10, 20, None, 40), target="100",
                             received="1000000.00")
    indicator = _indicator(plan)
    domain.record_result(actor=staff, indicator=indicator, quarter=1, value="15")
    domain.record_result(actor=staff, indicator=indicator, quarter=2, value="20")
    budget = plan.budget_plans.get()
    domain.record_disbursement(actor=staff, budget_plan=budget, quarter=1, disbursed="200000")
    domain.record_disbursement(actor=staff, budget_plan=budget, quarter=2, disbursed="100000.50")
    client = client_for(staff)
    body = client.get(f"{PLANS}{plan.pk}/summary/", {"up_to": 2}).json()
    assert body["fiscal_year"] == YEAR and body["up_to"] == 2 and body["plan"]["id"] == plan.pk
    [row] = body["indicators"]
    assert row["id"] == indicator.pk
    assert row["achievement"] == "35.00"  # 35 of a target of 100
    assert row["ytd_result"] == "35.00" and row["ytd_plan"] == "30.00"
    assert [q["status"] for q in row["quarters"]] == ["ahead", "on_plan", None, None]
    assert [q["status_label"] for q in row["quarters"]] == ["Ahead of plan", "On plan", None, None]
    assert [q["plan"] for q in row["quarters"]] == ["10.00", "20.00", None, "40.00"]
    assert [q["result"] for q in row["quarters"]] == ["15.00", "20.00", None, None]
    assert row["quarters"][0]["months"] == "Oct – Dec"
    assert row["ytd_status"] == "ahead" and row["ytd_status_label"] == "Ahead of plan"
    [plan_row] = body["budget"]["plans"]
    assert plan_row["received"] == "1000000.00"
    assert plan_row["total_disbursed"] == "300000.50" and plan_row["disbursed_pct"] == "30.00"
    q2 = plan_row["quarters"][1]
    assert q2["target_pct"] == "50.00" and q2["target_amount"] == "500000.00"
    assert q2["disbursed_cumulative"] == "300000.50" and q2["planned_cumulative"] == "500000.00"
    assert body["budget"]["summary"]["received"] == "1000000.00"
    assert body["budget"]["summary"]["total_disbursed"] == "300000.50"
    # The whole year: behind (35 of 70 planned to Q4; Q4 not reported has no status).
    year = client.get(f"{PLANS}{plan.pk}/summary/").json()
    assert year["up_to"] == 4 and year["indicators"][0]["ytd_status"] == "behind"
    assert year["indicators"][0]["ytd_plan"] == "70.00"
    # Thai month spans for a Thai caller.
    thai = client_for(staff, language="th").get(f"{PLANS}{plan.pk}/summary/").json()
    assert thai["indicators"][0]["quarters"][0]["months"] == "ต.ค. – ธ.ค."
    for bad in ("5", "0", "x", "\x00"):
        assert client.get(f"{PLANS}{plan.pk}/summary/", {"up_to": bad}).status_code == 400


def test_summary_without_a_target_or_results_is_null_not_an_error(client_for):
    staff = StaffFactory()
    plan = organisation_plan(staff=staff, target="0", received="0.00", plans=(None, None, None, None))
    body = client_for(staff).get(f"{PLANS}{plan.pk}/summary/").json()
    [row] = body["indicators"]
    assert row["achievement"] is None and row["ytd_status"] is None
    assert all(q["status"] is None and q["plan"] is None for q in row["quarters"])
    assert body["budget"]["summary"]["disbursed_pct"] is None


def test_summary_of_a_project_plan_for_its_grantee(world, client_for):
    w = world
    body = client_for(w["manager"]).get(f"{PLANS}{w['mine'].pk}/summary/").json()
    assert [r["name"] for r in body["indicators"]] == ["Teachers trained"]
    assert body["indicators"][0]["annual_target"] == "40.00"
    assert body["budget"]["plans"][0]["received"] == "90000.00"


def test_messages_come_in_the_callers_language(world, client_for):
    w = world
    url = f"{PLANS}{w['fund_plan'].pk}/summary/"
    english = client_for(w["staff"]).get(url, {"up_to": 9})
    thai = client_for(w["staff"], language="th").get(url, {"up_to": 9})
    assert english.status_code == thai.status_code == 400
    assert english.json()["up_to"] == ["Ensure this value is less than or equal to 4."]
    assert thai.json()["up_to"] != english.json()["up_to"]


# --- schema and query counts ------------------------------------------------------------------

def test_the_schema_documents_the_monitoring_endpoints(anon):
    schema = anon.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in ("plans/", "plans/{id}/", "plans/{id}/summary/", "indicators/", "indicators/{id}/",
                 "quarter-targets/", "results/", "results/{id}/", "budget-plans/",
                 "budget-plans/{id}/", "budget-plans/{id}/disbursements/", "reports/",
                 "reports/{id}/", "reports/{id}/submit/", "reports/{id}/return/",
                 "reports/{id}/accept/"):
        assert f"/api/v1/monitoring/{path}" in paths, path
    for path, method in (("results/", "post"), ("reports/{id}/accept/", "post"),
                         ("budget-plans/{id}/disbursements/", "post"),
                         ("indicators/{id}/", "patch")):
        assert {"400", "403", "404", "409"} <= set(paths[f"/api/v1/monitoring/{path}"][method]
                                                    ["responses"]), path
    # Monitoring's choice sets do not rename the other modules' enum components.
    assert {"ProposalStatusEnum", "KindEnum"} <= set(schema["components"]["schemas"])


LISTS = (PLANS, INDICATORS, TARGETS, RESULTS, BUDGETS, REPORTS)


def _fund_plans(staff, n: int, start: int = 0):
    for i in range(start, start + n):
        plan = organisation_plan(staff=staff, name=f"Plan {i}")
        domain.record_result(actor=staff, indicator=_indicator(plan), quarter=1, value="5")


def test_list_queries_do_not_grow_with_rows(client_for, django_assert_max_num_queries):
    staff = StaffFactory()
    client = client_for(staff)
    _fund_plans(staff, 1)
    counts = {}
    for url in LISTS:
        with CaptureQueriesContext(connection) as one:
            response = client.get(url)
            assert response.status_code == 200
        assert response.json()["count"] >= 1, url
        counts[url] = len(one)
    _fund_plans(staff, 29, start=1)
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            response = client.get(url)
            assert response.status_code == 200
        assert len(response.json()["results"]) == 30, url
        assert count <= 15, (url, count)


def test_list_queries_for_a_project_manager(client_for, django_assert_max_num_queries):
    """The scoped lists (own projects' plans) too: one plan with 30 indicators and results."""
    staff = StaffFactory()
    plan, pm, _manager = project_plan(staff=staff)
    _targets(staff, plan, "10", None, None, None)
    client = client_for(pm)
    counts = {}
    for url in (INDICATORS, TARGETS, PLANS):
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        counts[url] = len(one)
    programme = plan.programmes.get()
    for i in range(30):
        domain.save_indicator(actor=staff, plan=plan, programme=programme, name=f"I{i}", unit="x",
                              quarter_plans={1: "1"})
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
        assert count <= 15, (url, count)


def test_summary_queries_do_not_grow_with_indicators(client_for, django_assert_max_num_queries):
    staff = StaffFactory()
    plan = organisation_plan(staff=staff)
    programme = plan.programmes.get()
    client = client_for(staff)
    url = f"{PLANS}{plan.pk}/summary/"
    domain.record_result(actor=staff, indicator=_indicator(plan), quarter=1, value="1")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(30):
        indicator = domain.save_indicator(actor=staff, plan=plan, programme=programme,
                                          name=f"I{i}", unit="x", annual_target="10",
                                          quarter_plans={1: "1", 2: "2"})
        domain.record_result(actor=staff, indicator=indicator, quarter=1, value="1")
    with django_assert_max_num_queries(len(one)):
        body = client.get(url).json()
    assert len(body["indicators"]) == 31 and len(one) <= 15


# --- fuzzing from the schema, aimed at real objects --------------------------------------------

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
MONITORING = r"^/api/v1/monitoring/"


@pytest.fixture
def monitoring_world(db):
    """A staff token and ids of real objects: a project plan, a fund plan with results (one
    of each kind of report state: a draft Q1, a submitted Q2) and its budget plan."""
    staff = UserFactory(email="fuzz-monitoring@example.org", is_fund_staff=True, language="en")
    fund_plan = organisation_plan(staff=staff)
    indicator = _indicator(fund_plan)
    for quarter in (1, 2):
        domain.record_result(actor=staff, indicator=indicator, quarter=quarter, value="12")
    domain.submit_report(actor=staff, report=domain.open_report(plan=fund_plan, quarter=2))
    percentage = organisation_plan(staff=staff, name="Percent", kind=IndicatorKind.PERCENTAGE)
    plans = [fund_plan, percentage, project_plan(staff=staff)[0]]
    return {
        "token": Token.objects.create(user=staff).key,
        "plans": [p.pk for p in plans],
        "indicators": list(Indicator.objects.values_list("pk", flat=True)),
        "results": list(IndicatorResult.objects.values_list("pk", flat=True)),
        "budget-plans": list(BudgetPlan.objects.values_list("pk", flat=True)),
        "reports": list(QuarterlyReport.objects.values_list("pk", flat=True)),
        "programmes": [p.programmes.first().pk for p in plans],
    }


def aim(case, world):
    collection = case.path.removeprefix("/api/v1/monitoring/").split("/")[0]
    for name, value in list((case.path_parameters or {}).items()):
        if isinstance(value, int) and not isinstance(value, bool) and world.get(collection):
            case.path_parameters[name] = world[collection][value % len(world[collection])]
    body = case.body if isinstance(case.body, dict) else {}
    for key, source in (("plan", "plans"), ("indicator", "indicators"),
                        ("programme", "programmes")):
        if isinstance(body.get(key), int) and not isinstance(body[key], bool):
            body[key] = world[source][body[key] % len(world[source])]
    if isinstance(body.get("quarter"), int) and not isinstance(body["quarter"], bool):
        body["quarter"] = 1 + body["quarter"] % 5  # 1–4, and 5 now and then
    query = case.query if isinstance(case.query, dict) else {}
    if isinstance(query.get("plan"), int) and not isinstance(query["plan"], bool):
        query["plan"] = world["plans"][query["plan"] % len(world["plans"])]


@schema.include(path_regex=MONITORING).parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_monitoring_api_conforms_to_its_schema(case, fuzz_app, monitoring_world):  # noqa: F811
    aim(case, monitoring_world)
    case.call_and_validate(
        headers={"Authorization": f"Token {monitoring_world['token']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


def test_numbers_are_exact(world, client_for):
    """Amounts go in as strings or JSON numbers and come out as exact decimal strings."""
    w = world
    budget = w["fund_plan"].budget_plans.get()
    staff = client_for(w["staff"])
    response = staff.post(f"{BUDGETS}{budget.pk}/disbursements/",
                          {"quarter": 1, "disbursed": 250000.01}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["quarters"]["q1"]["disbursed"] == "250000.01"
    assert BudgetQuarter.objects.get(budget_plan=budget, quarter=1).disbursed == Decimal("250000.01")
