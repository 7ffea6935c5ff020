"""The review path of issue 4 in the browser, keyboard only, every page checked by axe (see
driver.land):

staff screen a submitted proposal and pass it; create a working-group session with a chair, a
secretary and members; record a scored result that passes; the subcommittee fails it; the
project manager sees the result and the advice, creates revision 2, the organisation manager
resubmits; it passes all stages and the board approves. A committee member reads the session
and declares a conflict of interest (shown on the board's result).

The issue's steps happen in the browser. What only leads from one to the next is set up through
the domain: the subcommittee's session, and revision 2's screening, working group and
subcommittee. The path runs in Thai and in English, keyboard only in both.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from phonlap.funds.models import Fund
from phonlap.monitoring.models import FundedProject
from phonlap.proposals import domain as proposals
from phonlap.proposals.models import Proposal
from phonlap.review.domain import sessions
from phonlap.review.models import ConflictOfInterest, EvaluationSession, StageResult
from tests.e2e.driver import Driver
from tests.e2e.test_paths import sign_in, sign_out, t, wait_for_mail
from tests.e2e.test_proposal_path import DETAIL, date_text, go_to_list, open_from_list
from tests.factories import PASSWORD, CommitteeFactory, OnboardedUserFactory, StaffFactory, onboard
from tests.organisations.factories import ManagerFactory, MembershipFactory, OrganisationFactory
from tests.proposals.factories import draft
from tests.review.factories import decide_meeting, screen

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEW = r"/review/proposals/\d+/"
RECORD_START = r"/review/proposals/\d+/record/"
RECORD_FORM = r"/review/proposals/\d+/record/form/"
RESULT = r"/review/results/\d+/"
SESSIONS = r"/review/sessions/"
SESSION = r"/review/sessions/\d+/"
# Rubric A: how many of each item's 4 indications the working group finds (item → ticks).
# Items of 15 points with 3 indications give 9, of 10 give 6, of 5 give 3: 100 - 6 - 4 - 2 = 88.
WORKING_GROUP_TICKS = {"1": 3, "2": 4, "3": 3, "4": 4, "5": 4, "6": 4, "7": 4, "8": 4, "9": 3,
                       "10": 4, "11": 4}
# The subcommittee finds only items 3, 4, 10 and 11 complete (4 × 15 = 60) and the rest absent.
SUBCOMMITTEE_COMPLETE = ("3", "4", "10", "11")


def people(language: str) -> dict:
    """The organisation's two managers, a staff member and four committee members, all past the
    account gate (consent, profile)."""
    organisation = OrganisationFactory(name="มูลนิธิการศึกษาเพื่อคนพิการ" if language == "th"
                                       else "Inclusive Education Trust")
    om = OnboardedUserFactory(language=language, email=f"om-{language}@example.org")
    ManagerFactory(user=om, organisation=organisation)
    pm = OnboardedUserFactory(language=language, email=f"pm-{language}@example.org")
    MembershipFactory(user=pm, organisation=organisation)

    def committee(key: str, first: str, last: str):
        return onboard(CommitteeFactory(language=language, email=f"{key}-{language}@example.org",
                                        first_name=first, last_name=last))

    return {
        "organisation": organisation, "om": om, "pm": pm,
        "staff": onboard(StaffFactory(language=language, email=f"staff-{language}@example.org")),
        "chair": committee("chair", "สมศักดิ์", "เกียรติก้อง"),
        "secretary": committee("secretary", "มาลี", "ศรีประเสริฐ"),
        "member": committee("member", "อนันต์", "พิทักษ์ธรรม"),
        "other": committee("other", "จินตนา", "บุญมาก"),
    }


def submitted(cast: dict) -> Proposal:
    """A complete proposal of the disability education fund, submitted: at screening."""
    proposal = draft(pm=cast["pm"], organisation=cast["organisation"], complete=True)
    proposals.submit_proposal(actor=cast["om"], proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def stage(code: str):
    return Fund.objects.get(code="disability-education").stages.get(code=code)


def stage_name(code: str, language: str) -> str:
    found = stage(code)
    return found.name_th if language == "th" else found.name_en


def meeting_name(code: str, language: str, number: int) -> str:
    """What staff call a meeting: "การประชุมคณะทำงาน ครั้งที่ 3/2570", "Working group meeting 3/2570"."""
    if language == "th":
        return f"การประชุม{stage_name(code, language)} ครั้งที่ {number}/2570"
    return f"{stage_name(code, language)} meeting {number}/2570"


def session_of(code: str, cast: dict, proposal: Proposal, *, language: str,
               members=("member",)) -> EvaluationSession:
    return sessions.create_session(
        actor=cast["staff"], stage=stage(code), name=meeting_name(code, language, 1),
        starts_at=timezone.now() + datetime.timedelta(days=10), location="Fund meeting room",
        chair=cast["chair"], secretary=cast["secretary"], members=[cast[k] for k in members],
        proposals=[proposal])


# --- moving about ---------------------------------------------------------------------------------

def go_to_sessions(d: Driver) -> None:
    """The main menu's link to the evaluation sessions."""
    link = d.page.locator("header nav a[href$='/review/sessions/']")
    d.navigates(lambda: d.activate(link), SESSIONS)


def open_session(d: Driver, session: EvaluationSession) -> None:
    link = d.page.locator(f"main table.session-list a[href$='/review/sessions/{session.pk}/']")
    d.navigates(lambda: d.activate(link), SESSION)
    assert d.heading() == session.name


def open_review(d: Driver, proposal: Proposal) -> None:
    """From the proposal list: a stage badge of the proposal's row opens its review page
    (results and advice)."""
    row = d.page.locator("main table.proposal-list tbody tr", has_text=proposal.number)
    d.navigates(lambda: d.activate(row.locator("a.badge").first), REVIEW)
    assert proposal.number in d.heading()


def start_recording(d: Driver, link) -> None:
    """"Record result" → "Record the result of stage X …?" → Yes → the form."""
    d.navigates(lambda: d.activate(link), RECORD_START)
    d.submit(d.page.locator("main form button[name=confirm][value=yes]"), RECORD_FORM)


def live_total(d: Driver, total: str, verdict: str) -> None:
    """The computed total (HTMX, from the server as one ticks) is ``total``, and the verdict
    says so in words."""
    d.page.wait_for_function(
        "t => (document.getElementById('score-total') || {}).textContent === t", arg=total)
    assert t(d.language, verdict) in d.page.locator("#live-totals .verdict").inner_text()


def present(d: Driver, item: str, answer: str) -> None:
    group = d.page.locator(f"#item-{item} fieldset.nested").first
    d.choose_radio(group, answer)


def tick_indications(d: Driver, item: str, count: int) -> None:
    present(d, item, "yes")
    for number in range(1, count + 1):
        d.tick(d.page.locator(f"input[name='item-{item}-indicators'][value='{number}']"))


def submit_result(d: Driver, advice: str) -> int:
    """Overall advice, "a submitted result is final" ticked, submit: the result's page."""
    page = d.page
    d.fill(page.locator("#id_advice"), advice)
    d.tick(page.locator("#id_confirm_final"))
    d.submit(page.locator("#record-form button[name=action][value=submit]"), RESULT)
    assert advice in page.inner_text("main")
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def declare_conflict(d: Driver, session: EvaluationSession, proposal: Proposal, note: str) -> None:
    """A committee member reads the session and the proposal on it, then declares an interest."""
    page = d.page
    go_to_sessions(d)
    open_session(d, session)
    agenda = page.locator("main table.agenda")
    assert proposal.number in agenda.inner_text()
    assert t(d.language, "None declared") in agenda.inner_text()
    row = agenda.locator("tbody tr", has_text=proposal.number)
    d.navigates(lambda: d.activate(row.locator(f"th a[href='/proposals/{proposal.pk}/']")), DETAIL)
    assert proposal.name in page.inner_text("main")
    go_to_sessions(d)
    open_session(d, session)
    item = session.agenda.get(proposal=proposal)
    d.fill(page.locator(f"#note-{item.pk}"), note)
    d.submit(page.locator(f"form#declare-{item.pk} button[type=submit]"), SESSION)
    message = t(d.language, "Your conflict of interest for proposal %(number)s was recorded on the "
                            "session.") % {"number": proposal.number}
    assert message in page.inner_text(".messages")
    assert note in page.locator(f"#item-{item.pk}").inner_text()
    assert page.locator(f"#declare-{item.pk} textarea").count() == 0  # declared once
    # a committee member records nothing: the agenda offers them no "record result"
    assert page.locator("main table.agenda a[href$='/record/']").count() == 0


# --- the path -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["th", "en"])
def test_review_path_screening_to_board_approval(page_for, language):
    cast = people(language)
    staff, pm, om = cast["staff"], cast["pm"], cast["om"]
    proposal = submitted(cast)
    page = page_for(language)
    d = Driver(page, language, keyboard=True, visited=[])

    # --- staff screen the submitted proposal and pass it ------------------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    go_to_list(d)
    row = page.locator("main table.proposal-list tbody tr", has_text=proposal.number)
    assert t(language, "Awaiting result") in row.inner_text()
    open_review(d, proposal)
    start_recording(d, page.locator("main a[href$='/record/']"))
    assert stage_name("screening", language) in d.heading()
    # pre-filled from the submission; the fit with the fund's mission is the officer's call
    assert page.locator("#id_item-documents-check-attachments_present").is_checked()
    d.tick(page.locator("#id_item-eligibility-check-within_mission"))
    d.choose_radio(page.locator("#outcome-fieldset"), "passed")
    submit_result(d, "Complete and within the fund's mission.")
    assert t(language, "Passed") in page.inner_text("main")
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "working_group"

    # --- staff create a working-group session with a chair, a secretary and members ---------
    go_to_sessions(d)
    d.navigates(lambda: d.activate(page.locator("main a[href$='/review/sessions/new/']")),
                r"/review/sessions/new/")
    d.select(page.locator("#id_stage"), str(stage("working_group").pk))
    d.submit(page.locator("main form button[type=submit]"), r"/review/sessions/new/")
    meeting_day = timezone.localdate() + datetime.timedelta(days=7)
    d.fill(page.locator("#id_name"), meeting_name("working_group", language, 3))
    d.fill(page.locator("#id_date"), date_text(meeting_day, language))
    d.fill(page.locator("#id_time"), "09:30")
    d.fill(page.locator("#id_location"), "Fund meeting room, 5th floor")
    d.select(page.locator("#id_chair"), str(cast["chair"].pk))
    d.select(page.locator("#id_secretary"), str(cast["secretary"].pk))
    d.tick(page.locator(f"input[name=members][value='{cast['member'].pk}']"))
    d.tick(page.locator(f"input[name=members][value='{cast['other'].pk}']"))
    d.tick(page.locator(f"input[name=proposals][value='{proposal.pk}']"))
    d.submit(page.locator("main form[method=post] button[type=submit]"), SESSION)
    working_group = EvaluationSession.objects.get(name=meeting_name("working_group", language, 3))
    assert {m.user_id: m.role for m in working_group.members.all()} == {
        cast["chair"].pk: "chair", cast["secretary"].pk: "secretary",
        cast["member"].pk: "member", cast["other"].pk: "member"}
    assert timezone.localtime(working_group.starts_at).date() == meeting_day
    members = page.locator("section[aria-labelledby=members-heading]").inner_text()
    assert cast["chair"].get_full_name() in members and cast["other"].get_full_name() in members

    # --- it records a scored result that passes ----------------------------------------------
    agenda = page.locator("main table.agenda")
    assert proposal.number in agenda.inner_text()
    start_recording(d, agenda.locator(f"a[href$='/review/proposals/{proposal.pk}/record/']"))
    for item, ticks in WORKING_GROUP_TICKS.items():
        tick_indications(d, item, ticks)
    d.fill(page.locator("#id_item-9-comment"), "Separate the costs of each workshop.")
    live_total(d, "88", "As recorded now, the proposal passes the rubric.")
    passed = StageResult.objects.get(pk=submit_result(d, "Clear and feasible; forward it to the "
                                                         "subcommittee."))
    assert (passed.total, passed.outcome, passed.grade) == (Decimal("88"), "passed", "very_good")
    assert passed.answers["9"]["comment"] == "Separate the costs of each workshop."
    assert "88" in page.inner_text("main")
    sign_out(d)

    # --- the subcommittee fails it -------------------------------------------------------------
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "subcommittee"
    subcommittee = session_of("subcommittee", cast, proposal, language=language)
    advice = "Give each objective a measurable indicator and a budget per workshop."
    sign_in(d, staff.email, PASSWORD, r"/")
    go_to_sessions(d)
    open_session(d, subcommittee)
    start_recording(d, page.locator(f"main table.agenda a[href$='/review/proposals/{proposal.pk}/record/']"))
    # the level selector shows the working group's result, never a later stage's
    levels = page.locator("section[aria-labelledby=part-levels]")
    assert stage_name("working_group", language) in levels.inner_text() and "88" in levels.inner_text()
    for item in WORKING_GROUP_TICKS:
        if item in SUBCOMMITTEE_COMPLETE:
            tick_indications(d, item, 4)
        else:
            present(d, item, "no")
    live_total(d, "60", "As recorded now, the proposal does not pass the rubric.")
    failed = StageResult.objects.get(pk=submit_result(d, advice))
    assert (failed.total, failed.outcome) == (Decimal("60"), "not_passed")
    sign_out(d)

    # --- the project manager sees the result and the advice, creates revision 2 -------------
    sign_in(d, pm.email, PASSWORD, r"/")
    d.navigates(lambda: d.activate(page.locator("header nav a[href$='/notifications/']")),
                r"/notifications/")
    # the notice of the return carries the subcommittee's advice
    title = t(language, "Proposal %(number)s was returned for revision") % {"number": proposal.number}
    card = page.locator("main li.notification", has_text=title)
    assert advice in card.inner_text()
    d.navigates(lambda: d.activate(card.locator("form button")), DETAIL)
    assert t(language, "Returned for revision") in page.locator("main").inner_text()
    review_link = page.locator(f"main .action-list a[href$='/review/proposals/{proposal.pk}/']")
    d.navigates(lambda: d.activate(review_link), REVIEW)
    results = page.locator("section[aria-labelledby=results-heading]").inner_text()
    assert advice in results and "60" in results
    assert "Separate the costs of each workshop." in results  # the working group's item comment
    d.navigates(lambda: d.activate(page.locator("main .breadcrumb a")), DETAIL)
    d.submit(page.locator("main form[action$='/next-revision/'] button"), r"/proposals/\d+/section/1/")
    go_to_list(d)
    open_from_list(d, proposal.number)
    d.submit(page.locator("main form[action$='/request-submission/'] button"), DETAIL)
    wait_for_mail(om.email)
    sign_out(d)

    # --- the organisation manager resubmits ------------------------------------------------------
    sign_in(d, om.email, PASSWORD, r"/")
    go_to_list(d)
    open_from_list(d, proposal.number)
    d.navigates(lambda: d.activate(page.locator("main a.button[href$='/submit/']")),
                r"/proposals/\d+/submit/")
    d.submit(page.locator("main form button[type=submit]"), DETAIL)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.latest_revision_number) == ("in_review", 2)
    assert proposal.current_stage.code == "screening"
    sign_out(d)

    # --- revision 2 passes screening, the working group and the subcommittee (domain) --------
    screen(proposal, staff=staff)
    decide_meeting(proposal, staff=staff)
    decide_meeting(proposal, staff=staff)
    proposal.refresh_from_db()
    assert proposal.current_stage.code == "board"
    board = session_of("board", cast, proposal, language=language, members=("member", "other"))

    # --- a committee member reads the session and declares a conflict -------------------------
    sign_in(d, cast["member"].email, PASSWORD, r"/")
    note = ("ข้าพเจ้าเคยเป็นที่ปรึกษาของมูลนิธิในโครงการนี้เมื่อปีที่แล้ว" if language == "th"
            else "I advised the organisation on this project last year.")
    declare_conflict(d, board, proposal, note)
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.member, conflict.agenda_item.session, conflict.note) == (cast["member"], board, note)
    sign_out(d)

    # --- the board approves ------------------------------------------------------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    go_to_sessions(d)
    open_session(d, board)
    assert note in page.locator("main table.agenda").inner_text()
    start_recording(d, page.locator(f"main table.agenda a[href$='/review/proposals/{proposal.pk}/record/']"))
    d.choose_radio(page.locator("#outcome-fieldset"), "approved")
    d.fill(page.locator("#id_approved_amount"), "90,000")
    d.fill(page.locator("#id_signed_off_on"), date_text(timezone.localdate(), language))
    approval = StageResult.objects.get(pk=submit_result(d, "Approved, with the printing costs cut."))
    shown = page.inner_text("main")
    assert t(language, "Approved") in shown and note in shown  # the conflict is on the result
    assert approval.outcome == "approved" and approval.approved_amount == Decimal("90000")
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.current_stage is None
    project = FundedProject.objects.get(proposal=proposal)
    assert project.approved_amount == Decimal("90000") and project.revision.number == 2
    assert project.signed_off_on == timezone.localdate()
    assert len(set(d.visited)) >= 15
