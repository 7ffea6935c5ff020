"""Printing a proposal or a revision in the fund's form layout (issue 3 "Printing").

A long Thai proposal (many steps and activities, a long rationale) goes through the domain to a
submitted revision, is printed, and the PDF's text is read back with pypdf: Thai names with their
tone marks, every step's subtotal, the project total, the amount in Thai words, the revision
number, the B.E. submission date and the page numbers. Text read from a PDF spells ำ as ํ + า, so
both sides are compared after ``unicodedata.normalize("NFKC", ...)``.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from phonlap.core import thaidate
from phonlap.core.money import baht_text, format_baht
from phonlap.funds.models import Fund
from phonlap.proposals import content, domain
from phonlap.proposals.enums import ProposalStatus
from phonlap.proposals.printing import (
    pdf_filename,
    proposal_print_context,
    proposal_print_html,
    render_proposal_pdf,
)
from tests.organisations.factories import OrganisationFactory

from .factories import disability_fund, draft, pdf_upload, proposal_in, sections, team

pytestmark = pytest.mark.django_db

RATIONALE_PARAGRAPH = (
    "ผู้ใหญ่ในชุมชนมีน้ำใจต่อเด็กพิการและครอบครัว แต่ครูในโรงเรียนเรียนร่วมยังขาดทักษะการสอน"
    "นักเรียนที่มีความบกพร่องทางการมองเห็นและการได้ยิน เจ้าหน้าที่ของมูลนิธิจึงร่วมกับสำนักงานเขตพื้นที่"
    "การศึกษาจัดทำหลักสูตรอบรมเชิงปฏิบัติการ ติดตามผลในห้องเรียน และผลิตสื่อที่เข้าถึงได้ให้แก่โรงเรียน"
)
STEP_NAMES = [
    "เตรียมการและประชุมวางแผน", "สำรวจความต้องการของโรงเรียน", "พัฒนาหลักสูตรการอบรม",
    "ผลิตสื่ออักษรเบรลล์", "ผลิตสื่อภาษามือ", "อบรมครูรุ่นที่หนึ่ง", "อบรมครูรุ่นที่สอง",
    "อบรมผู้ปกครอง", "นิเทศติดตามในห้องเรียน", "จัดเวทีแลกเปลี่ยนเรียนรู้", "ประเมินผลโครงการ",
    "สรุปและเผยแพร่ผลการดำเนินงาน",
]
ACTIVITIES_PER_STEP = 6


def norm(text: str) -> str:
    """Compare PDF text and expected text alike: NFKC, no line breaks or spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


def long_sections(*, steps=len(STEP_NAMES), activities=ACTIVITIES_PER_STEP, paragraphs=14):
    """Complete, valid content: ``steps`` steps of ``activities`` activities in 2026, budgets that
    differ from step to step, and a rationale of ``paragraphs`` paragraphs."""
    data = sections()
    data[1].update(
        current_activities=[f"ห้องเรียนอักษรเบรลล์สำหรับเด็ก กลุ่มที่ {i}" for i in range(1, 6)],
        past_year_results="อบรมครูและผู้ปกครอง 120 คน จัดทำสื่ออักษรเบรลล์ 300 เล่ม\nเปิดห้องสมุดเสียง 2 แห่ง",
        fund_history={"received_before": True, "times": 2, "last_year": 2566,
                      "last_project": "โครงการห้องสมุดอักษรเบรลล์", "problems": "การจัดส่งสื่อล่าช้า"},
        other_funding=[{"source": "องค์การบริหารส่วนจังหวัดเชียงใหม่", "amount": "50000", "year": 2567},
                       {"source": "มูลนิธิเพื่อคนพิการ", "amount": "125000.50", "year": 2566}],
    )
    step_list = []
    for s in range(steps):
        month = 1 + (s % 12)
        step_list.append({
            "name": STEP_NAMES[s % len(STEP_NAMES)] + ("" if s < len(STEP_NAMES) else f" ({s + 1})"),
            "activities": [
                {"description": f"กิจกรรมที่ {s + 1}.{a + 1} ประชุมเชิงปฏิบัติการและจัดทำรายงานสรุปผล",
                 "start": datetime.date(2026, month, 1 + a * 3).isoformat(),
                 "end": datetime.date(2026, month, 2 + a * 3).isoformat(),
                 "budget": str(Decimal(1000 * (s + 1)) + Decimal("250.25") * (a + 1))}
                for a in range(activities)
            ],
        })
    data[2].update(
        name="โครงการพัฒนาครูการศึกษาพิเศษเพื่อนักเรียนพิการในโรงเรียนเรียนร่วม",
        target_groups=["visual", "hearing", "autism"],
        rationale="\n".join([RATIONALE_PARAGRAPH] * paragraphs),
        objectives=["พัฒนาทักษะการสอนของครู", "เพิ่มสื่อการเรียนรู้ที่เข้าถึงได้"],
        targets=["ครู 40 คน", "นักเรียนพิการ 200 คน"],
        indicators=[{"name": "ครูที่ผ่านการอบรม", "unit": "คน", "target_value": "40"},
                    {"name": "ความพึงพอใจของผู้เข้าอบรม", "unit": "ร้อยละ", "target_value": "85"}],
        outputs=["ครูผ่านการอบรม 40 คน"], outcomes=["ครูใช้สื่อที่เข้าถึงได้ในชั้นเรียน"],
        impact=["นักเรียนพิการเรียนร่วมได้เต็มศักยภาพ"],
        location="อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่", method="อบรมเชิงปฏิบัติการและติดตามผลในโรงเรียน",
        period_start="2026-01-01", period_end="2026-12-31",
        other_sources=[{"name": "เทศบาลนครเชียงใหม่", "amount": "20000"}],
        steps=step_list,
    )
    data[2]["requested_budget"] = str(content.project_totals(data[2]).budget)
    data[3] = {"participation": [
        {"type": "venue", "description": "ห้องประชุม 3 วัน", "agency": "สำนักงานเขตพื้นที่การศึกษา"},
        {"type": "speakers", "description": "วิทยากรภาษามือ 2 คน", "agency": "สมาคมคนหูหนวกแห่งประเทศไทย"},
    ]}
    return data


def fill(proposal, pm, data):
    for n, section in data.items():
        proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=section)
    for kind in proposal.fund.required_attachment_types:
        domain.add_attachment(actor=pm, proposal=proposal, type=kind, upload=pdf_upload(f"{kind}.pdf"))
    return proposal


def submitted_long_proposal(**kwargs):
    organisation = OrganisationFactory(name="มูลนิธิส่งเสริมการศึกษาคนพิการเชียงใหม่")
    pm, manager, organisation = team(organisation)
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=disability_fund())
    data = long_sections(**kwargs)
    proposal = fill(proposal, pm, data)
    revision = domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    return proposal, revision, data


def test_long_thai_revision_prints_names_totals_words_revision_date_and_page_numbers():
    proposal, revision, data = submitted_long_proposal()

    pdf = render_proposal_pdf(proposal, revision, language="th")

    pages = pdf_pages(pdf)
    count = len(pages)
    assert count >= 4, count
    whole = norm("".join(pages))
    # Page numbers and the running header (number, revision, B.E. submission date) on every page.
    revision_label = in_language("th", "Revision %(number)s") % {"number": 1}
    submitted_on = thaidate.format_date(timezone.localtime(revision.submitted_at).date(), "th")
    assert str(timezone.localtime(revision.submitted_at).year + 543) in submitted_on
    for number, text in enumerate(pages, start=1):
        assert norm(f"หน้า {number} จาก {count}") in norm(text), number
        assert proposal.number in text
        assert norm(revision_label) in norm(text)
        assert norm(submitted_on) in norm(text)
    # The fund, the organisation and the Thai words with their tone marks.
    fund = disability_fund()
    for words in (fund.name_th, "มูลนิธิส่งเสริมการศึกษาคนพิการเชียงใหม่", data[2]["name"],
                  "การมองเห็น", "การได้ยินหรือสื่อความหมาย", "ออทิสติก", "ผู้ใหญ่ในชุมชนมีน้ำใจ",
                  "องค์การบริหารส่วนจังหวัดเชียงใหม่", "โครงการห้องสมุดอักษรเบรลล์", "สมาคมคนหูหนวกแห่งประเทศไทย",
                  "ความพึงพอใจของผู้เข้าอบรม", "ร้อยละ", "เทศบาลนครเชียงใหม่", *STEP_NAMES):
        assert norm(words) in whole, words
    assert "\ufffd" not in whole
    # Steps: activity dates in B.E., every step's subtotal, the project total, the Thai words.
    assert norm("1 ม.ค. 2569") in whole and norm("17 ธ.ค. 2569") in whole
    totals = content.all_step_totals(data[2])
    assert len(totals) == len(STEP_NAMES)
    for totals_of_step in totals:
        assert format_baht(totals_of_step.budget) in whole, totals_of_step
    project = content.project_totals(data[2])
    assert project.budget == sum(t.budget for t in totals) == Decimal("531063.00")
    assert format_baht(project.budget) == "531,063.00"
    assert whole.count("531,063.00") >= 2  # the project total and the requested amount
    assert baht_text(project.budget) == "ห้าแสนสามหมื่นหนึ่งพันหกสิบสามบาทถ้วน"
    assert norm(baht_text(project.budget)) in whole
    # Section 4 lists the frozen attachments.
    assert "expense_table.pdf" in whole and "speaker_cvs.pdf" in whole


def test_english_print_keeps_the_amount_in_thai_words():
    proposal, revision, data = submitted_long_proposal(steps=3, activities=2, paragraphs=2)

    pages = pdf_pages(render_proposal_pdf(proposal, revision, language="en"))

    whole = norm("".join(pages))
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert "Revision 1" in text
    submitted = timezone.localtime(revision.submitted_at).date()
    assert norm(thaidate.format_date(submitted, "en")) in whole  # C.E. in English
    fund = disability_fund()
    for words in (fund.name_en, "Visual impairment", "Autism", "Section 2. The project", "Project total",
                  "Total of step 3", "1 Jan 2026", data[2]["name"]):
        assert norm(words) in whole, words
    assert "2569" not in whole
    project = content.project_totals(data[2])
    assert format_baht(project.budget) in whole
    assert norm(baht_text(project.budget)) in whole


def test_draft_prints_as_draft_without_a_submission_date():
    proposal = draft(complete=True)

    html = proposal_print_html(proposal, language="th")
    pages = pdf_pages(render_proposal_pdf(proposal, language="th"))

    draft_label = in_language("th", "Draft")
    assert draft_label in html and in_language("th", "Revision %(number)s") % {"number": 1} not in html
    for text in pages:
        assert norm(draft_label) in norm(text)
    whole = norm("".join(pages))
    assert "100,000.00" in whole and norm("หนึ่งแสนบาทถ้วน") in whole
    assert "20,000.00" in whole and "80,000.00" in whole  # the two steps' subtotals
    context = proposal_print_context(proposal, language="th")
    assert context["is_draft"] and context["submitted_on"] == ""
    assert pdf_filename(proposal) == f"{proposal.number}-draft.pdf"


def test_revision_prints_what_was_submitted_and_the_draft_prints_the_new_work():
    proposal, pm, _manager = proposal_in(ProposalStatus.RETURNED)
    revision = proposal.revisions.get(number=1)
    proposal = domain.create_next_revision(actor=pm, proposal=proposal)
    changed = {**sections()[2], "name": "โครงการฉบับแก้ไขใหม่"}
    proposal = domain.save_section(actor=pm, proposal=proposal, section=2, data=changed)

    frozen = proposal_print_context(proposal, revision, language="en")
    working = proposal_print_context(proposal, language="en")

    assert frozen["project_name"] == "โครงการพัฒนาครูการศึกษาพิเศษ" and frozen["version"] == "Revision 1"
    assert working["project_name"] == "โครงการฉบับแก้ไขใหม่" and working["version"] == "Draft"
    assert working["based_on_revision"] == 1
    assert pdf_filename(proposal, revision) == f"{proposal.number}-r1.pdf"
    other, _pm, _m = proposal_in(ProposalStatus.IN_REVIEW)
    with pytest.raises(ValueError):
        proposal_print_context(proposal, other.revisions.get(), language="en")


def test_print_context_in_each_language():
    proposal, revision, _data = submitted_long_proposal(steps=2, activities=2, paragraphs=1)

    th = proposal_print_context(proposal, revision, language="th")
    en = proposal_print_context(proposal, revision, language="en")

    assert th["section2"]["target_groups"] == ["การมองเห็น", "การได้ยินหรือสื่อความหมาย", "ออทิสติก"]
    assert en["section2"]["target_groups"] == [
        "Visual impairment", "Hearing or communication impairment", "Autism"]
    assert th["section1"]["last_year"] == "2566" and en["section1"]["last_year"] == "2023"
    assert [s["budget"] for s in th["section2"]["steps"]] == ["2,750.75", "4,750.75"]
    assert th["section2"]["total_budget"] == en["section2"]["total_budget"] == "7,501.50"
    words = "เจ็ดพันห้าร้อยเอ็ดบาทห้าสิบสตางค์"
    assert th["section2"]["requested_words"] == en["section2"]["requested_words"] == words
    assert th["section2"]["steps"][0]["activities"][0]["start"] == "1 ม.ค. 2569"
    assert en["section2"]["steps"][0]["activities"][0]["start"] == "1 Jan 2026"
    assert th["organisation"]["name"] == "มูลนิธิส่งเสริมการศึกษาคนพิการเชียงใหม่"
    assert th["organisation"]["address"].endswith("กรุงเทพมหานคร 10200")
    assert en["organisation"]["address"].endswith("Phra Nakhon, Bangkok 10200")
    assert [a["file_name"] for a in th["attachments"]] == [
        f"{kind}.pdf" for kind in sorted(proposal.fund.required_attachment_types)]
    assert th["participation"][1]["agency"] == "สมาคมคนหูหนวกแห่งประเทศไทย"


def test_a_new_empty_draft_prints():
    pm, _manager, organisation = team()
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=disability_fund())

    pages = pdf_pages(render_proposal_pdf(proposal, language="en"))

    whole = norm("".join(pages))
    assert proposal.number in whole and "Draft" in whole and norm("Section 4. Attachments") in whole


def test_budget_mismatch_is_noted_on_the_print():
    proposal = draft(complete=True)
    s2 = {**sections()[2], "requested_budget": "90000.00"}
    proposal = domain.save_section(actor=proposal.created_by, proposal=proposal, section=2, data=s2)

    html = proposal_print_html(proposal, language="en")

    assert "differs from the activities" in html and "90,000.00" in html and "100,000.00" in html
    assert "เก้าหมื่นบาทถ้วน" in html


def test_the_fund_configuration_decides_target_group_names_and_sections():
    se_fund = Fund.objects.get(code="se-promotion")
    pm, _manager, organisation = team()
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=se_fund)
    s2 = {**sections()[2], "target_groups": ["disabled", "elderly"]}
    for n, data in ((1, sections()[1]), (2, s2)):
        proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=data)

    th = proposal_print_html(proposal, language="th")
    en = proposal_print_html(proposal, language="en")

    assert "คนพิการ, ผู้สูงอายุ" in th and "กลุ่มเป้าหมาย" in th and se_fund.name_th in th
    assert "Persons with disabilities, Older persons" in en and "Target groups" in en
    assert "Section 1. Organisation" in en and "Section 4. Attachments" in en
    Fund.objects.filter(pk=se_fund.pk).update(form_sections=[2])
    proposal.refresh_from_db()
    proposal.fund.refresh_from_db()
    only_two = proposal_print_html(proposal, language="en")
    assert "Section 2. The project" in only_two
    assert "Section 1. Organisation" not in only_two and "Section 4. Attachments" not in only_two
    assert "Section 3." not in only_two
