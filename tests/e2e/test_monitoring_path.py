"""The monitoring path of issue 5 in the browser, keyboard only, every page checked by axe (see
driver.land), in Thai and in English:

the board approves a proposal (whose period starts in fiscal year 2569, so all its quarters have
begun) and its monitoring plan is seeded; staff give the plan's indicator its quarterly plans;
the project manager enters the results and the disbursement of quarters 1 and 2 and submits both
reports; staff accept Q1 and return Q2 with a comment; the project manager reads the comment in
a notice, corrects Q2 and submits it again; staff accept it; the dashboard (year 2569, the plan
chosen) shows the indicator ahead of plan; staff download the plan as Excel and as PDF from the
plan's page.

What only leads to the board is set up through the domain (screening, working group and
subcommittee: the review path covers them in the browser).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation

from phonlap.monitoring import exports
from phonlap.monitoring.enums import ReportStatus
from phonlap.monitoring.models import FundedProject, MonitoringPlan, QuarterlyReport
from phonlap.review.models import StageResult
from tests.e2e.driver import Driver, tab_to
from tests.e2e.test_paths import sign_in, sign_out, t
from tests.e2e.test_proposal_path import date_text
from tests.e2e.test_review_path import (
    go_to_sessions,
    open_session,
    people,
    session_of,
    start_recording,
    submit_result,
    submitted,
)
from tests.factories import PASSWORD
from tests.review.factories import advance_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = 2569  # the proposal's period starts on 1 Jan 2026: fiscal year 2569, all quarters begun
PLANS = r"/monitoring/"
PLAN = r"/monitoring/plans/\d+/"
INDICATOR_EDIT = r"/monitoring/indicators/\d+/edit/"
QUARTER = r"/monitoring/reports/plans/\d+/quarters/[1-4]/"
REPORT = r"/monitoring/reports/\d+/"
SUBMIT = r"/monitoring/reports/\d+/submit/"
RETURN = r"/monitoring/reports/\d+/return/"
ACCEPT = r"/monitoring/reports/\d+/accept/"
DASHBOARD = r"/monitoring/dashboard/"
NOTIFICATIONS = r"/notifications/"
# The indicator seeded from the proposal: "Teachers trained", 40 persons in the year. Staff plan
# 10 in each of Q1 and Q2 (Q3 and Q4 N/A); the project reports 12, then 15 corrected to 18.
QUARTER_PLANS = {1: "10", 2: "10"}


# --- moving about ---------------------------------------------------------------------------------

def go_to_plans(d: Driver) -> None:
    """The main menu's "Monitoring" link: the list of plans the reader may see."""
    d.navigates(lambda: d.activate(d.page.locator("header nav a[href$='/monitoring/']")), PLANS)


def open_plan(d: Driver, plan: MonitoringPlan) -> None:
    link = d.page.locator(f"main table.plan-list a[href$='/monitoring/plans/{plan.pk}/']")
    d.navigates(lambda: d.activate(link), PLAN)
    assert d.heading() == plan.name


def plans_then_plan(d: Driver, plan: MonitoringPlan) -> None:
    go_to_plans(d)
    open_plan(d, plan)


def open_quarter_from_plan(d: Driver, quarter: int) -> None:
    """The plan's table of quarterly reports: "Enter results" of the quarter."""
    link = d.page.locator(f"main table.report-table a[href$='/quarters/{quarter}/']")
    d.navigates(lambda: d.activate(link), QUARTER)
    assert f"{quarter}" in d.heading()


def open_report_from_plan(d: Driver, report: QuarterlyReport) -> None:
    link = d.page.locator(f"main table.report-table a[href='/monitoring/reports/{report.pk}/']")
    d.navigates(lambda: d.activate(link), REPORT)


def untick(d: Driver, locator) -> None:
    tab_to(d.page, locator)
    d.page.keyboard.press("Space")
    assert not locator.is_checked()


def status_word(language: str, status: str) -> str:
    return t(language, {"ahead": "Ahead of plan", "on_plan": "On plan",
                        "behind": "Behind plan"}[status])


# --- the steps ------------------------------------------------------------------------------------

def board_approves(d: Driver, cast: dict, proposal) -> FundedProject:
    """Staff record the board's approval on its session (the board stage's form)."""
    page = d.page
    board = session_of("board", cast, proposal, language=d.language, members=("member", "other"))
    go_to_sessions(d)
    open_session(d, board)
    start_recording(d, page.locator(
        f"main table.agenda a[href$='/review/proposals/{proposal.pk}/record/']"))
    d.choose_radio(page.locator("#outcome-fieldset"), "approved")
    d.fill(page.locator("#id_approved_amount"), "90,000")
    d.fill(page.locator("#id_signed_off_on"), date_text(timezone.localdate(), d.language))
    approval = StageResult.objects.get(pk=submit_result(d, "Approved as proposed."))
    assert approval.outcome == "approved" and approval.approved_amount == Decimal("90000")
    assert t(d.language, "Approved") in page.inner_text("main")
    return FundedProject.objects.get(proposal=proposal)


def plan_quarters(d: Driver, plan: MonitoringPlan) -> None:
    """Staff open the seeded indicator's edit page and plan Q1 and Q2 (Q3, Q4 stay N/A)."""
    page = d.page
    indicator = plan.indicators.get()
    edit = page.locator(f"main a[href$='/monitoring/indicators/{indicator.pk}/edit/']")
    d.navigates(lambda: d.activate(edit), INDICATOR_EDIT)
    # a seeded indicator has no quarterly plan yet: every quarter is marked N/A
    for quarter, value in QUARTER_PLANS.items():
        untick(d, page.locator(f"#id_q{quarter}_na"))
        d.fill(page.locator(f"#id_q{quarter}_plan"), value)
    assert page.locator("#id_q3_na").is_checked() and page.locator("#id_q4_na").is_checked()
    d.submit(page.locator("main form button[type=submit]"), PLAN)
    message = t(d.language, "The indicator “%(name)s” was saved.") % {"name": indicator.name}
    assert message in page.inner_text(".messages")
    targets = {q.quarter: q.planned for q in indicator.quarter_targets.all()}
    assert targets.get(1) == Decimal("10") and targets.get(2) == Decimal("10")
    assert targets.get(3) is None and targets.get(4) is None


def enter_quarter(d: Driver, plan: MonitoringPlan, quarter: int, *, value: str, disbursed: str,
                  note: str = "", problems: str = "", fixes: str = "") -> None:
    """On the quarter's entry page: the indicator's result, the disbursement, obstacles; save."""
    page = d.page
    indicator = plan.indicators.get()
    budget_plan = plan.budget_plans.get()
    programme = plan.programmes.get()
    d.fill(page.locator(f"#id_ind{indicator.pk}-value"), value)
    if note:
        d.fill(page.locator(f"#id_ind{indicator.pk}-note"), note)
    if problems:
        d.fill(page.locator(f"#id_prog{programme.pk}-problems"), problems)
        d.fill(page.locator(f"#id_prog{programme.pk}-fixes"), fixes)
    d.fill(page.locator(f"#id_bp{budget_plan.pk}-disbursed"), disbursed)
    d.submit(page.locator("main form[method=post] button[type=submit]"), QUARTER)
    assert t(d.language, "Saved.") in page.inner_text(".messages")
    assert Decimal(page.locator(f"#id_ind{indicator.pk}-value").input_value()) == Decimal(value)


def submit_quarter(d: Driver, plan: MonitoringPlan, quarter: int) -> QuarterlyReport:
    """From the quarter's page: the report's summary → "Submit the report" → confirm."""
    page = d.page
    report = plan.reports.get(quarter=quarter)
    d.navigates(lambda: d.activate(page.locator(f"main a[href='/monitoring/reports/{report.pk}/']")),
                REPORT)
    d.navigates(lambda: d.activate(page.locator(f"main .actions a[href$='/reports/{report.pk}/submit/']")),
                SUBMIT)
    d.submit(page.locator("main form[method=post] button[type=submit]"), REPORT)
    assert t(d.language, "The report was submitted to the fund staff.") in page.inner_text(".messages")
    with translation.override(d.language):
        submitted = str(ReportStatus.SUBMITTED.label)  # the report status, not a date's label
    assert submitted in page.locator("main dl.summary").inner_text()
    report.refresh_from_db()
    assert report.status == "submitted"
    return report


def review(d: Driver, report: QuarterlyReport, step: str, comment: str = "") -> None:
    """On the report's page, staff accept it or return it with a comment."""
    page = d.page
    pattern, message = {
        "accept": (ACCEPT, "The report was accepted. Its figures are now locked."),
        "return": (RETURN, "The report was returned to the grantee with your comment."),
    }[step]
    d.navigates(lambda: d.activate(page.locator(f"main .actions a[href$='/reports/{report.pk}/{step}/']")),
                pattern)
    if comment:
        d.fill(page.locator("#id_comment"), comment)
    d.submit(page.locator("main form[method=post] button[type=submit]"), REPORT)
    assert t(d.language, message) in page.inner_text(".messages")


def download(d: Driver, locator, name: str):
    """Enter on a download link: (the file's content type, its first bytes). The link has the
    ``download`` attribute, so Chromium saves the file without a response event on the page: the
    content type is read with the same session's request."""
    page = d.page
    with page.expect_download() as caught:
        d.activate(locator)
    saved = caught.value
    assert saved.failure() is None
    assert saved.suggested_filename.endswith(name.rsplit(".", 1)[1])
    data = Path(saved.path()).read_bytes()
    response = page.request.get(saved.url)
    assert response.status == 200 and response.body()[:4] == data[:4]
    assert "attachment" in response.headers["content-disposition"]
    return response.headers["content-type"], data


# --- the path -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["th", "en"])
def test_monitoring_path_board_approval_to_exports(page_for, language):
    cast = people(language)
    staff, pm = cast["staff"], cast["pm"]
    proposal = advance_to(submitted(cast), "board")
    page = page_for(language)
    d = Driver(page, language, keyboard=True, visited=[])

    # --- the board approves; the project's monitoring plan is seeded ---------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    project = board_approves(d, cast, proposal)
    plan = project.plans.get()
    assert plan.fiscal_year == YEAR and plan.budget_plans.get().received == Decimal("90000")
    indicator = plan.indicators.get()
    assert indicator.annual_target == Decimal("40")

    # --- staff give the indicator its quarterly plans ------------------------------------------
    plans_then_plan(d, plan)
    assert project.number in page.inner_text("main dl.summary")
    plan_quarters(d, plan)
    sign_out(d)

    # --- the project manager enters Q1 and Q2 and submits both reports -------------------------
    sign_in(d, pm.email, PASSWORD, r"/")
    plans_then_plan(d, plan)
    open_quarter_from_plan(d, 1)
    enter_quarter(d, plan, 1, value="12", disbursed="20,000",
                  note="อบรมครูรุ่นที่ 1 ครบ 12 คน" if language == "th" else "First cohort: 12 teachers.")
    q1 = submit_quarter(d, plan, 1)
    d.navigates(lambda: d.activate(page.locator(f"main .breadcrumb a[href$='/monitoring/plans/{plan.pk}/']")),
                PLAN)
    open_quarter_from_plan(d, 2)
    enter_quarter(d, plan, 2, value="15", disbursed="50000",
                  problems="Two schools postponed the workshop.",
                  fixes="A make-up session in April.")
    q2 = submit_quarter(d, plan, 2)
    sign_out(d)

    # --- staff accept Q1 and return Q2 with a comment ------------------------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    plans_then_plan(d, plan)
    open_report_from_plan(d, q1)
    review(d, q1, "accept")
    plans_then_plan(d, plan)
    open_report_from_plan(d, q2)
    assert "Two schools postponed the workshop." in page.inner_text("main")
    comment = ("ไตรมาส 2 ยังไม่นับครู 3 คนที่อบรมรอบชดเชย" if language == "th"
               else "Q2 leaves out the 3 teachers of the make-up session.")
    review(d, q2, "return", comment)
    q2.refresh_from_db()
    assert q2.status == "returned" and q2.review_comment == comment
    sign_out(d)

    # --- the project manager reads the comment, corrects Q2 and submits it again ---------------
    sign_in(d, pm.email, PASSWORD, r"/")
    d.navigates(lambda: d.activate(page.locator("header nav a[href$='/notifications/']")),
                NOTIFICATIONS)
    title = t(language, "Quarterly report returned: %(plan)s, Q%(quarter)s") % {
        "plan": plan.name, "quarter": 2}
    card = page.locator("main li.notification", has_text=title)
    assert comment in card.inner_text()
    d.navigates(lambda: d.activate(card.locator("form button")), REPORT)
    assert t(language, "Returned for changes") in page.locator("main dl.summary").inner_text()
    d.navigates(lambda: d.activate(page.locator("main .actions a[href$='/quarters/2/']")), QUARTER)
    assert comment in page.locator("main .message-warning").inner_text()
    enter_quarter(d, plan, 2, value="18", disbursed="50000")
    submit_quarter(d, plan, 2)
    sign_out(d)

    # --- staff accept Q2; the quarter is locked -------------------------------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    plans_then_plan(d, plan)
    open_report_from_plan(d, q2)
    review(d, q2, "accept")
    q2.refresh_from_db()
    assert q2.status == "accepted"
    lines = page.locator("main section[aria-labelledby=results-heading] tbody tr",
                         has_text=indicator.name).inner_text()
    assert status_word(language, "ahead") in lines  # 18 against 10 this quarter; 30 against 20
    results = {r.quarter: r.value for r in indicator.results.all()}
    assert results == {1: Decimal("12"), 2: Decimal("18")}
    disbursed = {q.quarter: q.disbursed for q in plan.budget_plans.get().quarters.all()}
    assert disbursed[1] == Decimal("20000") and disbursed[2] == Decimal("50000")
    # the accepted quarter's page shows its figures and no longer offers a form
    d.navigates(lambda: d.activate(page.locator("main .breadcrumb a[href$='/quarters/2/']")),
                QUARTER)
    locked = t(language, "This quarter's report has been submitted or accepted: its figures can "
                         "no longer be changed.")
    assert locked in page.inner_text("main")
    assert page.locator(f"#id_ind{indicator.pk}-value").count() == 0

    # --- the dashboard of fiscal year 2569, the plan chosen: the indicator is ahead of plan ----
    plans_then_plan(d, plan)
    d.navigates(lambda: d.activate(page.locator("#plan-actions a[href$='/monitoring/dashboard/']")),
                DASHBOARD)
    apply = page.locator("main form.filter-form button[type=submit]")
    d.select(page.locator("#id_fiscal_year"), str(YEAR))
    d.submit(apply, DASHBOARD)
    d.select(page.locator("#id_plan"), str(plan.pk))
    d.submit(apply, DASHBOARD)
    article = page.locator("main article.dash-indicator", has_text=indicator.name)
    shown = article.inner_text()
    assert status_word(language, "ahead") in shown and "75.00" in shown  # 30 of 40
    assert article.locator(".status-ahead").count() >= 1  # Q1, Q2 and the year to date
    assert page.locator("main .status-behind").count() == 0  # nothing of the plan is behind

    # --- staff download the plan as Excel and as PDF from the plan's page ----------------------
    d.navigates(lambda: d.activate(article.locator(f"a[href$='/monitoring/plans/{plan.pk}/']")),
                PLAN)
    content_type, data = download(d, page.locator("#plan-actions a[href*='/export.xlsx']"),
                                  "export.xlsx")
    assert content_type.startswith(exports.XLSX_CONTENT_TYPE) and data[:4] == b"PK\x03\x04"
    content_type, data = download(d, page.locator("#plan-actions a[href*='/export.pdf']"),
                                  "export.pdf")
    assert content_type.startswith("application/pdf") and data[:5] == b"%PDF-"
    assert len(set(d.visited)) >= 14
