"""Printing a session (spec 03 §2.11: "Session pages can be printed: agenda, and after the meeting
the list of resolutions"). The PDFs are read back with pypdf: Thai names with their tone marks,
B.E. dates, members and seats, the agenda, each resolution's outcome, score, grade and advice,
the approval's amount and sign-off date, and the conflicts of interest. Text read from a PDF
spells ำ as ํ + า, so both sides are compared after NFKC with spaces removed."""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from phonlap.core import thaidate
from phonlap.organisations.models import Organisation
from phonlap.review import session_printing as printing
from phonlap.review.domain import results
from phonlap.review.domain import sessions as domain
from phonlap.review.enums import Outcome, SessionRole
from tests.factories import CommitteeFactory, StaffFactory

from .factories import (
    advance_to,
    disability_fund,
    failing_answers,
    full_answers,
    in_review,
    make_session,
    screen,
    stage_of,
)

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 21, 9, 30))


def norm(text: str) -> str:
    """NFKC, no spaces, and no NIKHAHIT (U+0E4D): the PDF's text layer spells ำ as ํ + า and,
    in some runs, repeats the ํ (ทำงาน reads ทํํางําน); the glyphs drawn are right."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u0e4d", "")


def pdf_text(data: bytes) -> str:
    return norm("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


@pytest.fixture
def meeting():
    """A working-group session with a Thai chair, two proposals (one decided, one not) and a
    declared conflict."""
    passed, _pm, _manager = in_review()
    Organisation.objects.filter(pk=passed.organisation_id).update(name="มูลนิธิเพื่อการศึกษาของเด็กพิการ")
    screen(passed)
    failed, _pm2, _manager2 = in_review()
    screen(failed)
    waiting, _pm3, _manager3 = in_review()
    screen(waiting)
    chair = CommitteeFactory(first_name="สมศักดิ์", last_name="ใจดี")
    secretary = CommitteeFactory(first_name="น้ำฝน", last_name="แสงทอง")
    member = CommitteeFactory(first_name="วิไล", last_name="รุ่งเรือง")
    stage = stage_of(disability_fund(), "working_group")
    session = make_session(stage, name="การประชุมคณะทำงาน ครั้งที่ 3/2569", chair=chair,
                           secretary=secretary, members=[member], starts_at=WHEN,
                           proposals=[passed, failed, waiting])
    domain.declare_conflict(actor=member, item=session.agenda.get(proposal=passed),
                            note="เป็นที่ปรึกษาของมูลนิธิ")
    staff = StaffFactory()
    results.record_stage_result(actor=staff, proposal=passed, answers=full_answers(stage.rubric.definition),
                                advice="ควรเพิ่มตัวชี้วัดเชิงคุณภาพ\nติดตามผลทุกไตรมาส", submit=True)
    results.record_stage_result(actor=staff, proposal=failed, submit=True,
                                answers=failing_answers(stage.rubric.definition),
                                advice="Rationale unclear")
    results.record_stage_result(actor=staff, proposal=waiting, advice="Draft advice never printed",
                                answers=full_answers(stage.rubric.definition))
    for proposal in (passed, failed, waiting):
        proposal.refresh_from_db()
    return {"session": session, "passed": passed, "failed": failed, "waiting": waiting,
            "chair": chair, "secretary": secretary, "member": member, "staff": staff}


def test_the_agenda_in_thai(meeting):
    session = meeting["session"]
    text = pdf_text(printing.render_agenda_pdf(session, meeting["staff"], language="th"))
    assert norm(session.name) in text
    assert norm("21 พ.ย. 2569 09:30 น.") in text  # B.E.
    for person in ("สมศักดิ์ ใจดี", "น้ำฝน แสงทอง", "วิไล รุ่งเรือง"):
        assert norm(person) in text
    for key in ("passed", "failed", "waiting"):
        proposal = meeting[key]
        assert norm(proposal.number) in text and norm(proposal.name) in text
    assert norm("มูลนิธิเพื่อการศึกษาของเด็กพิการ") in text
    assert norm("100,000.00") in text  # requested budget of revision 1
    assert norm("เป็นที่ปรึกษาของมูลนิธิ") in text  # the conflict declared so far
    assert "Draftadvice" not in text  # the agenda prints no results


def test_the_agenda_in_english_and_its_labels(meeting):
    session = meeting["session"]
    html = printing.agenda_html(session, meeting["staff"], language="en")
    assert "Meeting agenda" in html and "Chair" in html and "Secretary" in html
    text = pdf_text(printing.render_agenda_pdf(session, meeting["staff"], language="en"))
    assert norm("21 Nov 2026 09:30") in text
    assert norm("Proposals to consider") in text
    assert norm("Page 1 of") in text


def test_the_resolutions(meeting):
    session = meeting["session"]
    data = printing.render_resolutions_pdf(session, meeting["staff"], language="en")
    text = pdf_text(data)
    assert norm("Resolutions of the meeting") in text
    assert norm("Provisional") in text  # one proposal still undecided, the session is open
    assert norm("Passed") in text and norm("100 / 100") in text and norm("Very good") in text
    assert norm("ควรเพิ่มตัวชี้วัดเชิงคุณภาพ") in text and norm("ติดตามผลทุกไตรมาส") in text
    assert norm("Not passed") in text and norm("Rationale unclear") in text
    assert norm("Awaiting: no result submitted") in text
    assert "Draftadvicenever" not in text  # drafts are no resolutions, even for staff
    assert norm("วิไล รุ่งเรือง: เป็นที่ปรึกษาของมูลนิธิ") in text


def test_the_resolutions_in_thai_after_closing(meeting):
    session = meeting["session"]
    results.record_stage_result(actor=meeting["staff"], proposal=meeting["waiting"], submit=True,
                                outcome="not_considered", answers={},
                                lock_version=meeting["waiting"].stage_results.get(status="draft").lock_version)
    domain.close_session(actor=meeting["staff"], session=session)
    session.refresh_from_db()
    text = pdf_text(printing.render_resolutions_pdf(session, meeting["chair"], language="th"))
    with translation.override("th"):  # whatever the catalogue holds when the test runs
        passed, not_considered = str(Outcome.PASSED.label), str(Outcome.NOT_CONSIDERED.label)
    assert norm(passed) in text and norm(not_considered) in text
    assert norm("ดีมาก") in text  # the rubric's own Thai grade label
    assert norm("Provisional") not in text and norm("ฉบับร่าง") not in text
    assert norm(thaidate.format_date(timezone.localdate(), "th")) in text  # closed / printed, B.E.


def test_a_committee_member_prints_what_they_may_read(meeting):
    text = pdf_text(printing.render_resolutions_pdf(meeting["session"], meeting["member"], language="en"))
    assert norm("Passed") in text and norm("Awaiting: no result submitted") in text
    assert "Draftadvicenever" not in text


def test_the_board_resolution_shows_the_approval():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    proposal.refresh_from_db()
    board = stage_of(disability_fund(), "board")
    session = make_session(board, name="Board 1/2569", proposals=[proposal])
    staff = StaffFactory()
    results.record_stage_result(actor=staff, proposal=proposal, outcome="approved",
                                approved_amount=Decimal("95000"),
                                signed_off_on=datetime.date(2026, 3, 2), submit=True)
    text = pdf_text(printing.render_resolutions_pdf(session, staff, language="th"))
    with translation.override("th"):
        assert norm(str(Outcome.APPROVED.label)) in text
    assert norm("95,000.00") in text and norm("2 มี.ค. 2569") in text


def test_an_empty_session_prints(meeting):
    session = make_session(stage_of(disability_fund(), "subcommittee"), name="Nothing yet")
    for render in (printing.render_agenda_pdf, printing.render_resolutions_pdf):
        text = pdf_text(render(session, meeting["staff"], language="en"))
        assert norm("Nothing yet") in text
    assert session.members.filter(role=SessionRole.CHAIR).exists()


def test_pdf_filename_is_ascii(meeting):
    name = printing.pdf_filename(meeting["session"], "agenda")
    assert name == f"session-{meeting['session'].pk}-agenda-2026-11-21.pdf"
