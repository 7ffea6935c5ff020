"""A stage result printed in the fund's layout (แบบกลั่นกรองโครงการ): the PDF's text read back with
pypdf (Thai in Sarabun, compared after NFKC as in tests/proposals/test_printing.py), and the
words the pages and the print share (``describe_result``)."""

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
from phonlap.core.money import baht_text
from phonlap.review.domain.results import record_stage_result
from phonlap.review.models import AgendaItem, ConflictOfInterest
from phonlap.review.printing import (
    describe_result,
    pdf_filename,
    render_result_pdf,
    result_print_html,
)
from tests.factories import CommitteeFactory, StaffFactory

from .factories import advance_to, decide_meeting, full_answers, in_review, make_session, screen

pytestmark = pytest.mark.django_db

ADVICE = "ควรเพิ่มรายละเอียดการติดตามผลหลังสิ้นสุดโครงการ และแนบแผนที่สถานที่จัดอบรม"
COMMENT = "อ้างอิงข้อมูลสำรวจของสำนักงานเขตพื้นที่การศึกษา"


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> str:
    return norm("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def working_group_result(*, conflict=False):
    """A submitted working-group result: 94 of 100 (item 3 has 3 of 4 indications)."""
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "working_group")
    proposal.refresh_from_db()
    member = CommitteeFactory(first_name="มาลี", last_name="ศรีสุข")
    session = make_session(proposal.current_stage, proposals=[proposal], members=[member],
                           name="การประชุมคณะทำงาน ครั้งที่ 3/2569")
    if conflict:
        ConflictOfInterest.objects.create(agenda_item=AgendaItem.objects.get(session=session),
                                          member=member, note="เป็นกรรมการของมูลนิธิ")
    answers = full_answers(proposal.current_stage.rubric.definition)
    answers["3"] = {"present": True, "indicators": ["1", "2", "3"], "comment": COMMENT}
    result = record_stage_result(actor=StaffFactory(), proposal=proposal, answers=answers,
                                 advice=ADVICE, submit=True)
    return result, session


def test_a_scored_result_prints_every_item_total_grade_pass_advice_stage_session_date_revision():
    result, session = working_group_result()
    text = pdf_text(render_result_pdf(result, language="th"))
    assert norm("แบบกลั่นกรองโครงการ") in text  # the form title of rubric A
    assert norm("คณะทำงาน") in text and norm(session.name) in text
    assert norm(result.proposal.number) in text and norm("โครงการพัฒนาครูการศึกษาพิเศษ") in text
    for label in ("ชื่อแผนงานหรือโครงการ", "หลักการและเหตุผล", "ผลที่คาดว่าจะได้รับ",
                  "เป้าหมายและตัวชี้วัดของโครงการ", "ความคิดเห็นเบื้องต้นต่อโครงการของผู้ประเมิน",
                  "คำแนะนำของเจ้าหน้าที่กลั่นกรองโครงการ"):
        assert norm(label) in text, label
    for points in ("5/5", "9/15", "10/10", "94/100"):
        assert norm(points) in text, points
    assert norm(COMMENT) in text and norm(ADVICE) in text
    assert norm("ดีมาก") in text  # the grade, in the rubric's Thai words
    day = timezone.localtime(result.submitted_at).date()
    assert norm(thaidate.format_date(day, "th")) in text and str(day.year + 543) in text
    assert norm("94.00 %") in text


def test_the_english_print_uses_the_english_labels_and_ce_dates():
    result, _session = working_group_result()
    with translation.override("en"):
        text = pdf_text(render_result_pdf(result, language="en"))
    assert norm("Project screening form") in text and norm("Working group") in text
    assert norm("Rationale") in text and norm("Very good") in text
    assert norm("Passes the rubric") in text and norm("Revision 1") in text
    day = timezone.localtime(result.submitted_at).date()
    assert norm(thaidate.format_date(day, "en")) in text


def test_the_board_print_has_the_approved_amount_in_words_and_the_sign_off():
    proposal, _pm, _manager = in_review()
    advance_to(proposal, "board")
    signed = timezone.localdate() - datetime.timedelta(days=1)
    result = decide_meeting(proposal, approved_amount=Decimal("95000.50"), signed_off_on=signed,
                            advice="อนุมัติตามที่เสนอ")
    text = pdf_text(render_result_pdf(result, language="th"))
    assert norm("95,000.50") in text and norm(baht_text(Decimal("95000.50"))) in text
    assert norm(thaidate.format_date(signed, "th")) in text
    assert norm("อนุมัติตามที่เสนอ") in text and norm("คณะกรรมการบริหาร") in text


def test_a_screening_result_prints_its_checks():
    proposal, _pm, _manager = in_review()
    answers = {"documents": {"checks": {"sections_complete": True, "attachments_present": False,
                                        "signed_by_manager": True}}}
    result = screen(proposal, outcome="not_passed_documents", answers=answers)
    with translation.override("en"):
        text = pdf_text(render_result_pdf(result, language="en"))
    assert norm("Project screening and document check form") in text
    assert norm("No: The required attachments are present") in text
    assert norm("Yes: All 4 sections of the proposal are complete") in text
    assert norm("Does not pass") in text and norm("Not passed: documents incomplete") in text


def test_a_draft_prints_marked_as_a_draft():
    proposal, _pm, _manager = in_review()
    result = record_stage_result(actor=StaffFactory(), proposal=proposal, outcome="passed", lock_version=0)
    with translation.override("en"):
        html = result_print_html(result, language="en")
    assert "Draft — not visible to the applicant" in html
    assert pdf_filename(result) == f"{proposal.number}-r1-screening-draft.pdf"


def test_conflicts_print_only_when_given():
    result, _session = working_group_result(conflict=True)
    conflicts = list(ConflictOfInterest.objects.filter(agenda_item=result.agenda_item))
    assert norm("มาลี ศรีสุข: เป็นกรรมการของมูลนิธิ") in norm(
        result_print_html(result, language="th", conflicts=conflicts))
    assert "มาลี" not in result_print_html(result, language="th")


def test_describe_result_gives_each_item_its_words_points_and_comment():
    result, _session = working_group_result()
    with translation.override("en"):
        view = describe_result(result)
    assert view.form_title == "Project screening form"
    assert (view.total, view.maximum, view.percentage, view.grade) == ("94", "100", "94.00", "Very good")
    assert view.rubric_passed is True and view.outcome == "Passed" and not view.is_draft
    rationale = next(line for line in view.items if line.number == "3")
    assert (rationale.points, rationale.maximum, rationale.comment) == ("9", "15", COMMENT)
    assert rationale.answer[:2] == ["Has the indications set by the screening procedure: Yes",
                                    "Indications present: 3 of 4"]
    summary = next(line for line in view.items if line.kind == "summary")
    assert summary.answer == ["Total 94 of 100 points · Grade: Very good"]
    text_item = next(line for line in view.items if line.kind == "text")
    assert text_item.answer == ["Good work."] and not text_item.scored
