"""Proposals for tests: complete content, uploads of each kind, and a proposal in any state
built through the domain functions."""

from __future__ import annotations

import copy
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from phonlap.funds.models import Fund
from phonlap.proposals import domain
from phonlap.proposals.enums import ProposalStatus
from tests.factories import StaffFactory
from tests.organisations.factories import MembershipFactory, manager_of

SECTION1 = {
    "current_activities": ["ห้องเรียนอักษรเบรลล์สำหรับเด็ก", "Sign-language club"],
    "past_year_results": "Trained 120 teachers in inclusive education.",
    "fund_history": {"received_before": True, "times": 2, "last_year": 2566,
                     "last_project": "Braille library", "problems": "Late delivery of books."},
    "other_funding": [{"source": "Provincial office", "amount": "50000", "year": 2567}],
}
SECTION2 = {
    "name": "โครงการพัฒนาครูการศึกษาพิเศษ",
    "target_groups": ["visual", "hearing"],
    "is_research": False,
    "responsible_unit": {"name": "Special education unit", "phone": "02-123-4567",
                         "email": "unit@example.org"},
    "coordinator": {"name": "Somchai Jaidee", "phone": "081-234-5678", "email": "somchai@example.org"},
    "rationale": "Teachers need practical skills.",
    "objectives": ["Train teachers"], "targets": ["40 teachers"],
    "indicators": [{"name": "Teachers trained", "unit": "persons", "target_value": "40"}],
    "outputs": ["40 trained teachers"], "outcomes": ["Better lessons"], "impact": ["Inclusive schools"],
    "location": "Bangkok", "method": "Workshops",
    "period_start": "2026-01-01", "period_end": "2026-06-30",
    "requested_budget": "100000.00",
    "other_sources": [],
    "steps": [
        {"name": "Preparation", "activities": [
            {"description": "Plan the course", "start": "2026-01-01", "end": "2026-01-31",
             "budget": "20000"}]},
        {"name": "Training", "activities": [
            {"description": "Workshop 1", "start": "2026-02-01", "end": "2026-02-03", "budget": "50000"},
            {"description": "Workshop 2", "start": "2026-03-01", "end": "2026-03-03", "budget": "30000"}]},
    ],
}
SECTION3 = {"participation": [
    {"type": "venue", "description": "Meeting room for 3 days", "agency": "District office"}]}


def sections():
    return {1: copy.deepcopy(SECTION1), 2: copy.deepcopy(SECTION2), 3: copy.deepcopy(SECTION3)}


# --- files -------------------------------------------------------------------------------------

def pdf_upload(name="expenses.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _zip(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def docx_upload(name="cv.docx"):
    return SimpleUploadedFile(name, _zip("word/document.xml"))


def xlsx_upload(name="table.xlsx"):
    return SimpleUploadedFile(name, _zip("xl/workbook.xml"))


def png_upload(name="photo.png"):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)


def jpeg_upload(name="photo.jpg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 32)


def exe_upload(name="virus.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 60)


# --- people and proposals ----------------------------------------------------------------------

def disability_fund():
    return Fund.objects.get(code="disability-education")


def team(organisation=None):
    """(project manager, organisation manager, organisation)."""
    manager, organisation = manager_of(organisation)
    pm = MembershipFactory(organisation=organisation).user
    return pm, manager, organisation


def draft(*, pm=None, organisation=None, fund=None, complete=False, attachments=True):
    """A draft created by ``pm`` (a new team if none); ``complete`` fills sections 1–3 and, with
    ``attachments``, the required files."""
    if pm is None:
        pm, _manager, organisation = team(organisation)
    proposal = domain.create_proposal(actor=pm, organisation=organisation, fund=fund or disability_fund())
    if complete:
        for n, data in sections().items():
            proposal = domain.save_section(actor=pm, proposal=proposal, section=n, data=data)
        if attachments:
            for kind in proposal.fund.required_attachment_types:
                domain.add_attachment(actor=pm, proposal=proposal, type=kind,
                                      upload=pdf_upload(f"{kind}.pdf"))
    return proposal


def proposal_in(status: str, **kwargs):
    """A proposal in ``status`` reached through the domain functions; returns (proposal, pm,
    manager)."""
    pm, manager, organisation = team()
    proposal = draft(pm=pm, organisation=organisation, complete=True, **kwargs)
    if status == ProposalStatus.DRAFT:
        return proposal, pm, manager
    domain.submit_proposal(actor=manager, proposal=proposal)
    proposal.refresh_from_db()
    if status == ProposalStatus.RETURNED:
        domain.return_proposal(actor=StaffFactory(), proposal=proposal, reason="Fix the budget")
    elif status == ProposalStatus.NOT_PASSED:
        domain.fail_proposal(actor=StaffFactory(), proposal=proposal, reason="Out of scope")
    proposal.refresh_from_db()
    return proposal, pm, manager
