"""The proposal path of issue 3 in the browser, in Thai (keyboard only) and English (mouse):

a project manager drafts a complete proposal over two sittings, uploads the attachments and asks
for submission; the organisation manager submits it; staff see it in their list as "in review";
the project manager prints it. Every page on the way is checked with axe (see driver.land).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import translation

from phonlap.funds.models import Call, Fund
from phonlap.proposals.models import Proposal
from tests.e2e.conftest import check_axe
from tests.e2e.driver import Driver
from tests.e2e.test_paths import sign_in, sign_out, t, wait_for_mail
from tests.factories import PASSWORD, OnboardedUserFactory, StaffFactory, onboard
from tests.funds.factories import CallFactory
from tests.organisations.factories import ManagerFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DETAIL = r"/proposals/\d+/"
# The attachment types the disability-education fund requires (its migration's settings).
REQUIRED = ("expense_table", "training_schedule", "speaker_cvs")


def pdf_file(directory, name: str) -> str:
    """A small file whose content is a PDF, as the upload check (files.sniff) requires."""
    path = directory / f"{name}.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return str(path)


def date_text(day: datetime.date, language: str) -> str:
    """A date as the person types it: B.E. years in Thai, C.E. in English."""
    year = day.year + 543 if language == "th" else day.year
    return f"{day.day:02d}/{day.month:02d}/{year}"


def open_call(fund: Fund) -> Call:
    call = Call.objects.open_on().filter(fund=fund).first()
    return call or CallFactory(fund=fund)


def go_to_list(d: Driver) -> None:
    """The main menu's link to the proposal list."""
    link = d.page.locator("header nav a[href$='/proposals/']")
    d.navigates(lambda: d.activate(link), r"/proposals/")


def open_from_list(d: Driver, number: str) -> None:
    link = d.page.locator("main table.proposal-list tbody th a", has_text=number)
    d.navigates(lambda: d.activate(link), DETAIL)


def save_and_continue(d: Driver, path_pattern: str) -> None:
    d.submit(d.page.locator("#section-form .actions button[name=continue]"), path_pattern)


@pytest.mark.parametrize(("language", "keyboard"), [("th", True), ("en", False)])
def test_proposal_drafted_submitted_reviewed_printed(page_for, tmp_path, language, keyboard):
    thai = language == "th"
    fund = Fund.objects.get(code="disability-education")
    call = open_call(fund)
    organisation = OrganisationFactory(name="มูลนิธิเพื่อการศึกษาพิเศษ" if thai else "Special Schools Trust")
    om = OnboardedUserFactory(language=language, email=f"om-{language}@example.org")
    ManagerFactory(user=om, organisation=organisation)
    pm = OnboardedUserFactory(language=language, email=f"pm-{language}@example.org")
    MembershipFactory(user=pm, organisation=organisation)
    staff = onboard(StaffFactory(language=language, email=f"staff-{language}@example.org"))
    page = page_for(language)
    d = Driver(page, language, keyboard=keyboard, visited=[])
    name = "โครงการพัฒนาครูการศึกษาพิเศษ" if thai else "Training special-education teachers"
    start, end = datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)

    # --- first sitting: the project manager starts the proposal and fills section 1 ---------
    sign_in(d, pm.email, PASSWORD, r"/")
    go_to_list(d)
    d.navigates(lambda: d.activate(page.locator("main a.button[href$='/proposals/new/']")),
                r"/proposals/new/")
    assert d.heading() == t(language, "New proposal")
    assert page.locator("#id_organisation").input_value() == str(organisation.pk)
    d.select(page.locator("#id_fund"), str(fund.pk))
    d.select(page.locator("#id_call"), str(call.pk))
    d.submit(page.locator("main form button[type=submit]"), r"/proposals/\d+/section/1/")
    proposal = Proposal.objects.get(organisation=organisation)
    assert proposal.number in page.inner_text(".messages")
    assert proposal.call_id == call.pk

    d.fill(page.locator("#id_current_activities-0-text"),
           "ห้องเรียนอักษรเบรลล์สำหรับเด็ก" if thai else "Braille classes for children")
    d.fill(page.locator("#id_past_year_results"),
           "อบรมครู 120 คน" if thai else "Trained 120 teachers in inclusive education.")
    d.choose_radio(page.locator("#id_received_before"), "no")
    save_and_continue(d, r"/proposals/\d+/section/2/")
    assert t(language, "Section %(n)s was saved.") % {"n": 1} in page.inner_text(".messages")
    sign_out(d)

    # --- second sitting: back to the draft from its page; sections 2, 3 and 4 -------------
    sign_in(d, pm.email, PASSWORD, r"/")
    go_to_list(d)
    open_from_list(d, proposal.number)
    d.navigates(lambda: d.activate(page.locator("main .action-list a[href$='/section/2/']")),
                r"/proposals/\d+/section/2/")
    assert d.heading() == t(language, "Section 2: the project")

    d.fill(page.locator("#id_name"), name)
    d.tick(page.locator("#id_target_groups input[value='visual']"))
    d.fill(page.locator("#id_unit_name"), "หน่วยการศึกษาพิเศษ" if thai else "Special education unit")
    d.fill(page.locator("#id_unit_phone"), "021234567")
    d.fill(page.locator("#id_unit_email"), "unit@example.org")
    d.fill(page.locator("#id_coordinator_name"), "สมชาย ใจดี" if thai else "Somchai Jaidee")
    d.fill(page.locator("#id_coordinator_phone"), "0812345678")
    d.fill(page.locator("#id_coordinator_email"), "somchai@example.org")
    d.fill(page.locator("#id_rationale"), "ครูต้องการทักษะการสอน" if thai else "Teachers need skills.")
    d.fill(page.locator("#id_objectives-0-text"), "อบรมครู" if thai else "Train teachers")
    d.fill(page.locator("#id_targets-0-text"), "ครู 40 คน" if thai else "40 teachers")
    d.fill(page.locator("#id_indicators-0-name"), "ครูที่ผ่านการอบรม" if thai else "Teachers trained")
    d.fill(page.locator("#id_indicators-0-unit"), "คน" if thai else "persons")
    d.fill(page.locator("#id_indicators-0-target_value"), "40")
    d.fill(page.locator("#id_outputs-0-text"), "ครูผ่านการอบรม 40 คน" if thai else "40 trained teachers")
    d.fill(page.locator("#id_outcomes-0-text"), "การสอนดีขึ้น" if thai else "Better lessons")
    d.fill(page.locator("#id_impact-0-text"), "โรงเรียนเรียนร่วม" if thai else "Inclusive schools")
    d.fill(page.locator("#id_location"), "กรุงเทพมหานคร" if thai else "Bangkok")
    d.fill(page.locator("#id_period_start"), date_text(start, language))
    d.fill(page.locator("#id_period_end"), date_text(end, language))
    d.fill(page.locator("#id_method"), "จัดอบรมเชิงปฏิบัติการ" if thai else "Workshops")
    d.fill(page.locator("#id_requested_budget"), "100,000")
    d.fill(page.locator("#id_steps-0-name"), "การอบรม" if thai else "Training")
    activity = "#id_steps-0-activities-{}-{}".format
    d.fill(page.locator(activity(0, "description")), "อบรมครั้งที่ 1" if thai else "Workshop 1")
    d.fill(page.locator(activity(0, "start")), date_text(datetime.date(2027, 2, 1), language))
    d.fill(page.locator(activity(0, "end")), date_text(datetime.date(2027, 2, 3), language))
    d.fill(page.locator(activity(0, "budget")), "60,000")
    total = page.locator("#project-total")
    # the live totals (computed on the server as one types) show the first activity's budget
    page.wait_for_function("() => document.getElementById('project-total').textContent"
                           ".includes('60,000')")
    # a second activity: "add a row" redraws the form (HTMX) and keeps what was typed
    d.activate(page.locator("#add-steps-0-activities"))
    page.locator(activity(1, "description")).wait_for()
    assert page.locator(activity(0, "budget")).input_value() == "60,000"
    assert t(language, "A row was added. Nothing is saved until you press Save.") in page.inner_text(
        "#section-form")
    check_axe(page, d.visited)  # the form after the swap
    d.fill(page.locator(activity(1, "description")), "อบรมครั้งที่ 2" if thai else "Workshop 2")
    d.fill(page.locator(activity(1, "start")), date_text(datetime.date(2027, 3, 1), language))
    d.fill(page.locator(activity(1, "end")), date_text(datetime.date(2027, 3, 3), language))
    d.fill(page.locator(activity(1, "budget")), "40,000")
    page.wait_for_function("() => document.getElementById('project-total').textContent"
                           ".includes('100,000')")
    assert "100,000" in page.locator("[data-step-budget='1']").inner_text()
    assert page.locator("#live-totals").get_attribute("aria-live") == "polite"
    assert total.is_visible()
    check_axe(page, d.visited)  # with the live totals updated
    save_and_continue(d, r"/proposals/\d+/section/3/")
    assert t(language, "Section %(n)s was saved.") % {"n": 2} in page.inner_text(".messages")

    d.select(page.locator("#id_participation-0-type"), "venue")
    d.fill(page.locator("#id_participation-0-description"),
           "ห้องประชุม 3 วัน" if thai else "Meeting room for 3 days")
    d.fill(page.locator("#id_participation-0-agency"), "สำนักงานเขต" if thai else "District office")
    save_and_continue(d, r"/proposals/\d+/section/4/")

    for kind in REQUIRED:
        d.select(page.locator("#id_type"), kind)
        d.upload(page.locator("#id_file"), pdf_file(tmp_path, kind))
        d.submit(page.locator("main form[enctype] button[type=submit]"), r"/proposals/\d+/section/4/")
        assert t(language, "The file was attached.") in page.inner_text(".messages")
    # every required type is now marked "attached" (in words, not by colour)
    marks = page.locator("section[aria-labelledby=required-heading] li strong").all_inner_texts()
    assert marks == [t(language, "attached")] * len(REQUIRED)
    proposal.refresh_from_db()
    saved = proposal.content["section2"]
    # B.E. dates typed in Thai are stored as C.E. dates; amounts as typed with commas are numbers
    assert (saved["period_start"], saved["period_end"]) == (start.isoformat(), end.isoformat())
    assert [a["budget"] for a in saved["steps"][0]["activities"]] == ["60000.00", "40000.00"]
    d.navigates(lambda: d.activate(page.locator(f"main a.button[href$='/proposals/{proposal.pk}/']")),
                DETAIL)
    assert t(language, "The proposal is complete and can be submitted.") in page.inner_text("main")
    d.submit(page.locator("main form[action$='/request-submission/'] button"), DETAIL)
    assert t(language, "The organisation's managers were asked to check and submit the proposal.") \
        in page.inner_text(".messages")
    wait_for_mail(om.email)
    sign_out(d)

    # --- the organisation manager submits ------------------------------------------------
    sign_in(d, om.email, PASSWORD, r"/")
    go_to_list(d)
    open_from_list(d, proposal.number)
    d.navigates(lambda: d.activate(page.locator("main a.button[href$='/submit/']")),
                r"/proposals/\d+/submit/")
    d.submit(page.locator("main form button[type=submit]"), DETAIL)
    in_review = t(language, "In review")
    if thai:
        assert in_review == "อยู่ในขั้นตอนตรวจสอบ"
    assert in_review in page.locator("main .badge").first.inner_text()
    revisions = page.locator("section[aria-labelledby=revisions-heading] tbody")
    assert revisions.locator("tr").count() == 1
    with translation.override(language):
        first = translation.gettext("Revision %(n)s") % {"n": 1}
    assert first in revisions.inner_text()
    proposal.refresh_from_db()
    assert proposal.status == "in_review" and proposal.latest_revision_number == 1
    # the frozen revision has its own page
    d.navigates(lambda: d.activate(revisions.locator("a", has_text=first)), r"/proposals/\d+/revisions/1/")
    assert name in page.inner_text("main")
    sign_out(d)

    # --- staff see it in their list as in review -----------------------------------------
    sign_in(d, staff.email, PASSWORD, r"/")
    go_to_list(d)
    row = page.locator("main table.proposal-list tbody tr", has_text=proposal.number)
    assert name in row.inner_text()
    assert in_review in row.locator(".badge").first.inner_text()
    sign_out(d)

    # --- the project manager prints it ------------------------------------------------------
    sign_in(d, pm.email, PASSWORD, r"/")
    go_to_list(d)
    open_from_list(d, proposal.number)
    link = page.locator("main a[href$='/print/']")
    with page.expect_download() as download:
        d.activate(link)
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.endswith(".pdf")
    # the same link fetched with the person's session: a PDF, sent as a download
    response = page.request.get(d.base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.body().startswith(b"%PDF")
    assert len(set(d.visited)) >= 10
