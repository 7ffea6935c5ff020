"""The review API (spec 03, issue 4 "API"): rubric versions and pipelines (public), sessions
(row 7), results (row 9) and recording one (row 8), each through the review's own access
functions and domain. Scopes, the pipeline moving on, refusals with nothing changed, bad bodies
answering 400 (never 500), the schema, query counts and a schemathesis run aimed at real
proposals, sessions and results."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from phonlap.funds.models import ReviewStage, Rubric
from phonlap.monitoring.models import FundedProject
from phonlap.proposals import domain as proposal_domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.review.enums import Outcome, ResultStatus
from phonlap.review.models import AgendaItem, ConflictOfInterest, StageResult
from tests.api.test_schemathesis import fuzz_app  # noqa: F401 (a fixture)
from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory
from tests.proposals.factories import pdf_upload, sections, team
from tests.review.factories import (
    advance_to,
    decide_meeting,
    disability_fund,
    full_answers,
    in_review,
    make_session,
    screen,
    se_fund,
    stage_of,
)

pytestmark = pytest.mark.django_db

RESULTS = "/api/v1/results/"
SESSIONS = "/api/v1/sessions/"
RUBRICS = "/api/v1/rubrics/"
STAGES = "/api/v1/stages/"


def se_proposal():
    """(proposal, pm, manager): a proposal to the SE Promotion Fund at screening (its target
    groups are that fund's)."""
    pm, manager, organisation = team()
    proposal = proposal_domain.create_proposal(actor=pm, organisation=organisation, fund=se_fund())
    for number, data in sections().items():
        if number == 2:
            data["target_groups"] = ["disabled", "youth"]
        proposal = proposal_domain.save_section(actor=pm, proposal=proposal, section=number, data=data)
    for kind in proposal.fund.required_attachment_types:
        proposal_domain.add_attachment(actor=pm, proposal=proposal, type=kind,
                                       upload=pdf_upload(f"{kind}.pdf"))
    proposal_domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    return proposal, pm, manager


def record_url(proposal) -> str:
    return f"/api/v1/proposals/{proposal.pk}/results/"


def stage_code(proposal) -> str | None:
    proposal.refresh_from_db()
    return proposal.current_stage.code if proposal.current_stage_id else None


def snapshot(proposal):
    """What a refused request must leave exactly as it was."""
    proposal.refresh_from_db()
    return (proposal.status, proposal.current_stage_id, proposal.latest_revision_number,
            list(StageResult.objects.filter(proposal=proposal).order_by("pk")
                 .values_list("pk", "status", "outcome", "lock_version", "answers", "advice")),
            list(AgendaItem.objects.filter(proposal=proposal).values_list("pk", "decided_at")))


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


@pytest.fixture
def world(db):
    """Two organisations' proposals past screening (at the working group), one of them on a
    session where ``committee`` sits; a third proposal still at screening with a staff draft."""
    mine, pm, manager = in_review()
    theirs, other_pm, _other_manager = in_review()
    staff = StaffFactory()
    mine_screening = screen(mine, staff=staff, advice="Complete.")
    theirs_screening = screen(theirs, staff=staff)
    committee = CommitteeFactory()
    session = make_session(stage_of(disability_fund(), "working_group"), proposals=[mine],
                           members=[committee])
    pending, *_ = in_review()
    from phonlap.review.domain.results import record_stage_result

    draft = record_stage_result(actor=staff, proposal=pending, outcome="passed")
    for proposal in (mine, theirs, pending):
        proposal.refresh_from_db()
    return {"mine": mine, "pm": pm, "manager": manager, "theirs": theirs, "other_pm": other_pm,
            "staff": staff, "committee": committee, "session": session, "pending": pending,
            "mine_screening": mine_screening, "theirs_screening": theirs_screening, "draft": draft}


# --- results: who reads what -------------------------------------------------------------------

def test_results_list_is_scoped_by_role(world, client_for):
    w = world
    assert ids(client_for(w["pm"]).get(RESULTS)) == {w["mine_screening"].pk}
    assert ids(client_for(w["manager"]).get(RESULTS)) == {w["mine_screening"].pk}
    assert ids(client_for(w["other_pm"]).get(RESULTS)) == {w["theirs_screening"].pk}
    # Committee: the results of the proposals on their sessions only.
    assert ids(client_for(w["committee"]).get(RESULTS)) == {w["mine_screening"].pk}
    assert ids(client_for(CommitteeFactory()).get(RESULTS)) == set()
    # Staff and super users read all, drafts included.
    everything = {w["mine_screening"].pk, w["theirs_screening"].pk, w["draft"].pk}
    assert ids(client_for(w["staff"]).get(RESULTS)) == everything
    assert ids(client_for(SuperUserFactory()).get(RESULTS)) == everything


def test_results_list_filters(world, client_for):
    w = world
    staff = client_for(w["staff"])
    assert ids(staff.get(RESULTS, {"proposal": w["mine"].number})) == {w["mine_screening"].pk}
    assert ids(staff.get(RESULTS, {"status": "draft"})) == {w["draft"].pk}
    assert ids(staff.get(RESULTS, {"outcome": "passed", "stage": "screening"})) == {
        w["mine_screening"].pk, w["theirs_screening"].pk, w["draft"].pk}
    # Someone else's number filters to nothing for an applicant.
    assert ids(client_for(w["pm"]).get(RESULTS, {"proposal": w["theirs"].number})) == set()
    for bad in ({"status": "final"}, {"proposal": "DEF\x00"}, {"outcome": "maybe"}):
        response = staff.get(RESULTS, bad)
        assert response.status_code == 400, (bad, response.content)


def test_result_detail_404_outside_the_scope(world, client_for):
    w = world
    theirs = f"{RESULTS}{w['theirs_screening'].pk}/"
    draft = f"{RESULTS}{w['draft'].pk}/"
    for user in (w["pm"], w["manager"], w["committee"]):
        assert client_for(user).get(theirs).status_code == 404
    # A draft is invisible to applicants of that very proposal.
    pending_pm = w["pending"].created_by
    assert client_for(pending_pm).get(draft).status_code == 404
    assert client_for(w["staff"]).get(draft).status_code == 200
    # Missing, garbage and huge ids: the same 404.
    for pk in ("999999", "abc", "9" * 30, "%00"):
        assert client_for(w["staff"]).get(f"{RESULTS}{pk}/").status_code == 404
    # Without row 9 (a verified user of no organisation... is a project manager; a committee
    # account is the one without sessions): nothing, and anonymous callers are told to sign in.
    from rest_framework.test import APIClient

    assert APIClient().get(RESULTS).status_code == 401


def test_result_detail_of_a_scored_stage(world, client_for):
    w = world
    staff = StaffFactory()
    result = decide_meeting(w["mine"], staff=staff, session=w["session"], advice="Well argued.")
    ConflictOfInterest.objects.create(agenda_item=result.agenda_item, member=w["committee"],
                                      note="My cousin")
    url = f"{RESULTS}{result.pk}/"
    body = client_for(w["pm"]).get(url).json()
    assert body["outcome"] == Outcome.PASSED and body["outcome_label"] == "Passed"
    assert body["stage"]["code"] == "working_group" and body["stage"]["form"] == "rubric"
    assert body["session"] == w["session"].pk and body["revision"] == 1
    assert body["rubric"]["code"] == "def-committee"
    assert Decimal(body["total"]) == Decimal(body["maximum"]) == Decimal("100")
    assert body["grade"] == "very_good" and body["grade_label"] == "Very good"
    assert body["advice"] == "Well argued."
    scored = [i for i in body["items"] if i["kind"] == "indicator_count"]
    assert len(scored) == 11
    assert sum(Decimal(i["points"]) for i in scored) == Decimal("100")
    assert all(i["points"] == i["maximum"] for i in scored)
    first = next(i for i in body["items"] if i["id"] == "1")
    assert first["label"] and first["applicable"] and first["answered"]
    # Applicants see neither the conflicts nor who recorded; staff and committee do.
    assert body["conflicts"] == [] and body["recorded_by"] is None
    for user in (w["committee"], StaffFactory()):
        inside = client_for(user).get(url).json()
        assert [c["note"] for c in inside["conflicts"]] == ["My cousin"]
        assert inside["recorded_by"]["id"] == staff.pk


def test_results_of_one_proposal(world, client_for):
    w = world
    url = record_url(w["mine"])
    assert ids(client_for(w["pm"]).get(url)) == {w["mine_screening"].pk}
    assert ids(client_for(w["committee"]).get(url)) == {w["mine_screening"].pk}
    assert client_for(w["other_pm"]).get(url).status_code == 404
    assert client_for(CommitteeFactory()).get(url).status_code == 404
    assert ids(client_for(w["staff"]).get(record_url(w["pending"]))) == {w["draft"].pk}
    assert ids(client_for(w["pending"].created_by).get(record_url(w["pending"]))) == set()


# --- recording ---------------------------------------------------------------------------------

def test_staff_pass_screening_and_the_proposal_moves_to_the_working_group(client_for):
    proposal, pm, _manager = in_review()
    staff = StaffFactory()
    response = client_for(staff).post(record_url(proposal), {
        "outcome": "passed", "advice": "All documents there.", "submit": True, "lock_version": 0,
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == ResultStatus.SUBMITTED and body["outcome"] == Outcome.PASSED
    assert body["stage"]["code"] == "screening" and body["recorded_by"]["id"] == staff.pk
    assert stage_code(proposal) == "working_group"
    # The project manager now reads it.
    assert client_for(pm).get(f"{RESULTS}{body['id']}/").json()["advice"] == "All documents there."


def test_a_draft_then_its_update_then_a_stale_save(client_for):
    proposal, pm, _manager = in_review()
    staff = client_for(StaffFactory())
    first = staff.post(record_url(proposal), {"outcome": "not_passed", "lock_version": 0},
                       format="json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "draft" and first.json()["lock_version"] == 1
    assert client_for(pm).get(record_url(proposal)).json() == []  # invisible to the applicant
    second = staff.post(record_url(proposal), {"outcome": "passed", "lock_version": 1}, format="json")
    assert second.status_code == 200 and second.json()["lock_version"] == 2
    assert second.json()["id"] == first.json()["id"]
    before = snapshot(proposal)
    stale = staff.post(record_url(proposal), {"outcome": "passed", "lock_version": 1, "submit": True},
                       format="json")
    assert stale.status_code == 409, stale.content
    assert "Someone else saved" in stale.json()["detail"]
    assert snapshot(proposal) == before


def test_a_scored_stage_by_api_and_its_item_errors(world, client_for):
    w = world
    proposal = w["mine"]
    definition = proposal.current_stage.rubric.definition
    staff = client_for(StaffFactory())
    before = snapshot(proposal)
    answers = full_answers(definition)
    answers["3"] = {"present": "yes"}  # not a boolean
    answers["99"] = {"option": "x"}  # no such item
    response = staff.post(record_url(proposal), {"answers": answers, "submit": True, "lock_version": 0},
                          format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert "answers.3" in body and "answers.99" in body and body["detail"]
    assert snapshot(proposal) == before
    response = staff.post(record_url(proposal), {"answers": full_answers(definition), "submit": True,
                                                  "lock_version": 0}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "passed" and Decimal(response.json()["total"]) == 100
    assert stage_code(proposal) == "subcommittee"
    assert AgendaItem.objects.get(proposal=proposal).decided_at is not None


def test_the_board_approves_by_api(client_for):
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    make_session(proposal.current_stage, proposals=[proposal])
    staff = client_for(StaffFactory())
    budget = proposal.revisions.get(number=proposal.latest_revision_number).requested_budget
    before = snapshot(proposal)
    too_much = staff.post(record_url(proposal), {
        "outcome": "approved", "approved_amount": str(budget + 1), "signed_off_on": "2025-01-10",
        "submit": True, "lock_version": 0}, format="json")
    assert too_much.status_code == 400 and "approved_amount" in too_much.json()
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    later = staff.post(record_url(proposal), {
        "outcome": "approved", "approved_amount": str(budget), "signed_off_on": future,
        "submit": True, "lock_version": 0}, format="json")
    assert later.status_code == 400 and "signed_off_on" in later.json()
    assert snapshot(proposal) == before
    response = staff.post(record_url(proposal), {
        "outcome": "approved", "approved_amount": str(budget), "signed_off_on": "2025-01-10",
        "submit": True, "lock_version": 0}, format="json")
    assert response.status_code == 201, response.content
    assert Decimal(response.json()["approved_amount"]) == budget
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert FundedProject.objects.get(proposal=proposal).approved_amount == budget


def test_committee_and_applicants_may_not_record(world, client_for):
    w = world
    proposal = w["mine"]
    before = snapshot(proposal)
    body = {"answers": full_answers(proposal.current_stage.rubric.definition), "submit": True,
            "lock_version": 0}
    # Committee members see the proposal (it is on their session): told why, 403.
    response = client_for(w["committee"]).post(record_url(proposal), body, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only fund staff record review results."
    assert client_for(w["pm"]).post(record_url(proposal), body, format="json").status_code == 403
    assert client_for(w["manager"]).post(record_url(proposal), body, format="json").status_code == 403
    # Those who cannot see it: 404.
    assert client_for(CommitteeFactory()).post(record_url(proposal), body, format="json").status_code == 404
    assert client_for(w["other_pm"]).post(record_url(proposal), body, format="json").status_code == 404
    from rest_framework.test import APIClient

    assert APIClient().post(record_url(proposal), body, format="json").status_code == 401
    assert snapshot(proposal) == before


def test_refusals_of_the_pipeline_change_nothing(world, client_for):
    w = world
    staff = client_for(StaffFactory())
    proposal = w["theirs"]  # at the working group, on no session
    before = snapshot(proposal)
    screening = stage_of(disability_fund(), "screening")
    board = stage_of(disability_fund(), "board")
    cases = [
        {"stage": screening.pk, "outcome": "passed", "submit": True},  # recorded twice
        {"stage": board.pk, "outcome": "approved", "submit": True},  # not at that stage
        {"answers": {}, "submit": False},  # a meeting stage with no open agenda item
        {"stage": stage_of(se_fund(), "committee").pk, "submit": False},  # another fund's
    ]
    for body in cases:
        response = staff.post(record_url(proposal), body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["detail"]
    assert snapshot(proposal) == before


@pytest.mark.parametrize("body", [
    {"answers": ["1", "2"]},
    {"answers": "all good"},
    {"answers": None},
    {"answers": {"1": "yes"}},
    {"answers": {"1": ["present"]}},
    {"answers": {"1": {"comment": "bad\x00comment"}}},
    {"answers": {"1\x00": {"present": True}}},
    {"answers": {"1": {"present": True, "indicators": ["1\x00"]}}},
    {"answers": {str(i): {} for i in range(500)}},
    {"outcome": "passed\x00"},
    {"outcome": "excellent"},
    {"outcome": 3},
    {"advice": "text\x00"},
    {"advice": ["a list"]},
    {"approved_amount": "1e400"},
    {"approved_amount": "NaN"},
    {"approved_amount": "Infinity"},
    {"approved_amount": 10**30},
    {"approved_amount": "12.345"},
    {"approved_amount": "lots"},
    {"signed_off_on": "yesterday"},
    {"signed_off_on": "2025-02-30"},
    {"signed_off_on": 20250101},
    {"lock_version": "one"},
    {"lock_version": -1},
    {"lock_version": 2**40},
    {"submit": "maybe"},
    {"stage": "\x00"},
    {"stage": 2**40},
    {"stage": "screening"},
    {"stage": 999999},
], ids=lambda body: json.dumps(body, default=str)[:60])
def test_bad_bodies_answer_400_and_change_nothing(body, client_for):
    proposal, _pm, _manager = in_review()
    before = snapshot(proposal)
    response = client_for(StaffFactory()).post(record_url(proposal), {"outcome": "passed", **body},
                                                format="json")
    assert response.status_code == 400, response.content
    assert all(isinstance(v, (list, str)) for v in response.json().values()), response.json()
    assert snapshot(proposal) == before


@pytest.mark.parametrize("raw", [
    '{"answers": {"1": {"present": true, "value": 1e400}}, "outcome": "passed"}',
    '{"answers": {"1": {"value": -1e999}}}',
    "[1, 2, 3]",
    '"passed"',
    "{not json",
    '{"outcome": "passed", "lock_version": NaN}',
])
def test_raw_bodies_that_are_not_usable_answer_400(raw, client_for):
    proposal, _pm, _manager = in_review()
    before = snapshot(proposal)
    response = client_for(StaffFactory()).post(record_url(proposal), raw, content_type="application/json")
    assert response.status_code == 400, response.content
    assert snapshot(proposal) == before


def test_rubric_answers_over_the_cap_are_refused_by_item(client_for):
    """SE fund committee (rubric B): a bounded judgement above its choice's cap."""
    proposal, _pm, _manager = se_proposal()
    advance_to(proposal, "committee")
    make_session(proposal.current_stage, proposals=[proposal])
    definition = proposal.current_stage.rubric.definition
    answers = full_answers(definition)
    bounded = next(i for i in definition["items"] if i["kind"] == "bounded" and i.get("choices"))
    low = min(bounded["choices"], key=lambda c: Decimal(c["cap"]))
    answers[bounded["id"]] = {"choice": low["id"], "value": str(Decimal(low["cap"]) + 1)}
    before = snapshot(proposal)
    response = client_for(StaffFactory()).post(record_url(proposal), {"answers": answers, "submit": True},
                                                format="json")
    assert response.status_code == 400, response.content
    assert f"answers.{bounded['id']}" in response.json()
    assert "at most" in response.json()[f"answers.{bounded['id']}"][0]
    assert snapshot(proposal) == before


def test_messages_come_in_the_callers_language(client_for):
    proposal, _pm, _manager = in_review()
    staff = StaffFactory()
    english = client_for(staff).post(record_url(proposal), {"outcome": "excellent"}, format="json")
    thai = client_for(staff, language="th").post(record_url(proposal), {"outcome": "excellent"},
                                                 format="json")
    assert english.status_code == thai.status_code == 400
    assert english.json()["outcome"] == ['"excellent" is not a valid choice.']
    assert thai.json()["outcome"] != english.json()["outcome"]


# --- sessions ---------------------------------------------------------------------------------

def test_sessions_are_scoped(world, client_for):
    w = world
    other = make_session(stage_of(disability_fund(), "working_group"))
    assert ids(client_for(w["staff"]).get(SESSIONS)) == {w["session"].pk, other.pk}
    assert ids(client_for(w["committee"]).get(SESSIONS)) == {w["session"].pk}
    assert ids(client_for(CommitteeFactory()).get(SESSIONS)) == set()
    # Applicants hold no row 7: the same 404 as a missing page.
    assert client_for(w["pm"]).get(SESSIONS).status_code == 404
    assert client_for(w["committee"]).get(f"{SESSIONS}{other.pk}/").status_code == 404
    assert client_for(w["pm"]).get(f"{SESSIONS}{w['session'].pk}/").status_code == 404
    for pk in ("0", "abc", "9" * 25):
        assert client_for(w["staff"]).get(f"{SESSIONS}{pk}/").status_code == 404
    staff = client_for(w["staff"])
    assert ids(staff.get(SESSIONS, {"fund": "se-promotion"})) == set()
    assert ids(staff.get(SESSIONS, {"status": "planned", "fund": "disability-education"})) == {
        w["session"].pk, other.pk}
    assert staff.get(SESSIONS, {"stage": "x"}).status_code == 400
    assert staff.get(SESSIONS, {"fund": "a\x00"}).status_code == 400


def test_session_detail_members_and_agenda(world, client_for):
    w = world
    url = f"{SESSIONS}{w['session'].pk}/"
    body = client_for(w["committee"]).get(url).json()
    assert [m["role"] for m in body["members"]] == ["chair", "secretary", "member"]
    assert w["committee"].pk in {m["user"]["id"] for m in body["members"]}
    assert body["stage"]["code"] == "working_group" and body["item_count"] == 1
    [item] = body["agenda"]
    assert item["proposal"]["number"] == w["mine"].number and item["revision"] == 1
    assert item["number"] == 1 and item["decided"] is False and item["result"] is None
    ConflictOfInterest.objects.create(agenda_item_id=item["id"], member=w["committee"], note="Friend")
    result = decide_meeting(w["mine"], session=w["session"])
    body = client_for(w["committee"]).get(url).json()
    [item] = body["agenda"]
    assert item["decided"] is True and item["result"] == result.pk
    assert [c["member"]["id"] for c in item["conflicts"]] == [w["committee"].pk]


# --- rubrics and stages: public ---------------------------------------------------------------

def test_rubrics_are_public(anon):
    response = anon.get(RUBRICS)
    assert response.status_code == 200
    codes = {r["code"] for r in response.json()["results"]}
    assert {"def-screening", "def-committee", "se-criteria"} <= codes
    se = next(r for r in response.json()["results"] if r["code"] == "se-criteria")
    assert [(s["fund"], s["code"]) for s in se["used_by"]] == [("se-promotion", "committee")]
    detail = anon.get(f"{RUBRICS}{se['id']}/").json()
    assert detail["definition"]["items"]
    assert detail["maximum"] == {"government": "90.00", "private": "100.00"}
    committee = anon.get(RUBRICS, {"code": "def-committee"}).json()["results"]
    assert [r["code"] for r in committee] == ["def-committee"]
    assert anon.get(f"{RUBRICS}999999/").status_code == 404
    assert anon.get(RUBRICS, {"code": "\x00"}).status_code == 400
    assert anon.post(RUBRICS, {}, format="json").status_code == 405


def test_stages_are_the_pipeline_in_order(anon):
    body = anon.get(STAGES, {"fund": "disability-education"}).json()
    assert [s["code"] for s in body] == ["screening", "working_group", "subcommittee", "board"]
    assert [s["decided_by"] for s in body] == ["staff", "meeting", "meeting", "meeting"]
    assert body[1]["rubric"]["code"] == "def-committee" and body[3]["form"] == "approval"
    se = anon.get(STAGES, {"fund": "se-promotion"}).json()
    assert [s["code"] for s in se] == ["screening", "committee", "board"]
    assert anon.get(f"{STAGES}{body[0]['id']}/").json()["fund"]["code"] == "disability-education"
    assert anon.get(STAGES, {"fund": "nope"}).json() == []


# --- schema and query counts ------------------------------------------------------------------

def test_the_schema_documents_the_review_endpoints(anon):
    schema = anon.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in ("/api/v1/rubrics/", "/api/v1/rubrics/{id}/", "/api/v1/stages/", "/api/v1/stages/{id}/",
                 "/api/v1/sessions/", "/api/v1/sessions/{id}/", "/api/v1/results/",
                 "/api/v1/results/{id}/", "/api/v1/proposals/{proposal_pk}/results/"):
        assert path in paths, path
    record = paths["/api/v1/proposals/{proposal_pk}/results/"]["post"]
    assert {"201", "400", "403", "404", "409"} <= set(record["responses"])
    # The review's choice sets do not rename the other modules' enum components.
    assert {"ProposalStatusEnum", "KindEnum"} <= set(schema["components"]["schemas"])


def _results_for(n: int) -> list:
    return [screen(in_review()[0]) for _ in range(n)]


def test_list_queries_do_not_grow_with_rows(client_for, django_assert_max_num_queries):
    staff = StaffFactory()
    client = client_for(staff)
    _results_for(1)
    make_session(stage_of(disability_fund(), "working_group"))
    counts = {}
    for url in (RESULTS, SESSIONS, RUBRICS, STAGES):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        counts[url] = len(one)
    _results_for(29)
    for _ in range(29):
        make_session(stage_of(disability_fund(), "working_group"))
    for url, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
        assert count <= 15, (url, count)


def test_detail_queries_do_not_grow_with_the_agenda(client_for, django_assert_max_num_queries):
    staff = StaffFactory()
    proposals = [in_review()[0] for _ in range(5)]
    for proposal in proposals:
        screen(proposal)
    session = make_session(stage_of(disability_fund(), "working_group"), proposals=proposals,
                           members=[CommitteeFactory() for _ in range(5)])
    with django_assert_max_num_queries(15):
        assert client_for(staff).get(f"{SESSIONS}{session.pk}/").status_code == 200


# --- fuzzing from the schema, aimed at real objects --------------------------------------------

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
REVIEW = r"^/api/v1/(rubrics|stages|sessions|results|proposals/\{proposal_pk\}/results)"


@pytest.fixture
def review_world(db):
    """A staff token, and ids of real objects: proposals at screening (one with a draft), at the
    working group on an open session, at the board on one, and another fund's."""
    staff = UserFactory(email="fuzz-staff@example.org", is_fund_staff=True, language="en")
    at_screening = [in_review()[0] for _ in range(2)]
    from phonlap.review.domain.results import record_stage_result

    record_stage_result(actor=StaffFactory(), proposal=at_screening[1], outcome="not_passed")
    at_group, *_ = in_review()
    screen(at_group)
    session = make_session(at_group.current_stage, proposals=[at_group])
    at_board, *_ = in_review()
    advance_to(at_board, "board")
    make_session(at_board.current_stage, proposals=[at_board])
    se, *_ = se_proposal()
    proposals = [*at_screening, at_group, at_board, se]
    return {
        "token": Token.objects.create(user=staff).key,
        "proposals": [p.pk for p in proposals],
        "sessions": [session.pk],
        "results": list(StageResult.objects.values_list("pk", flat=True)),
        "rubrics": list(Rubric.objects.values_list("pk", flat=True)),
        "stages": list(ReviewStage.objects.values_list("pk", flat=True)),
    }


def aim(case, world):
    targets = {"proposal_pk": "proposals", "sessions": "sessions", "results": "results",
               "rubrics": "rubrics", "stages": "stages"}
    for name, value in list((case.path_parameters or {}).items()):
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        key = targets.get(name) or next(v for k, v in targets.items() if f"/{k}/" in case.path)
        case.path_parameters[name] = world[key][value % len(world[key])]
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("stage"), int) and not isinstance(body["stage"], bool):
        body["stage"] = world["stages"][body["stage"] % len(world["stages"])]


@schema.include(path_regex=REVIEW).parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_review_api_conforms_to_its_schema(case, fuzz_app, review_world):  # noqa: F811
    aim(case, review_world)
    case.call_and_validate(
        headers={"Authorization": f"Token {review_world['token']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
