"""A proposal or one of its revisions printed as a PDF in the fund's application-form layout.

``render_proposal_pdf(proposal, revision=None, *, language)`` is the entry point (the print
view calls it after the access function allowed the reader). Without ``revision`` it prints the
working draft, marked "Draft" (ร่าง); with one it prints exactly what was submitted, marked with
the revision number and the submission date (B.E. in Thai).

The layout follows the fund's form: title (fund, proposal number, organisation), section 1 the
organisation (pre-filled part from the organisation record — frozen in a revision — and the
applicant's part), section 2 the project (basic details, target groups named in the print
language, rationale, the lists, indicators with unit and target value, implementation summary,
steps and activities with per-step subtotals and the project total from
``content.all_step_totals`` / ``content.project_totals``, the requested amount in figures and
in Thai words), section 3 participation, section 4 the attachment list. The requested amount is
always written out in Thai words (บาทถ้วน), in the English print too: the form asks for it.

:func:`proposal_print_context` builds the data (plain values, already formatted for the
language) and :func:`proposal_print_html` the HTML, for checks without WeasyPrint.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from phonlap.core import thaidate
from phonlap.core.money import baht_text, format_baht
from phonlap.core.pdf import render_html, render_pdf
from phonlap.organisations.enums import OrganisationKind, PersonnelRole

from . import content
from .enums import AttachmentType, ParticipationType
from .models import Proposal, ProposalRevision

TEMPLATE = "proposals/print/proposal.html"


# --- formatting helpers -----------------------------------------------------------------------

def _safe(parse, value):
    """``parse(value)``, or ``None`` when the value is unreadable (a draft may hold anything the
    form allowed; printing never fails on it)."""
    try:
        return parse(value)
    except (TypeError, ValueError):
        return None


def _money(value) -> str:
    amount = _safe(content.parse_money, value)
    return "" if amount is None else format_baht(amount)


def _day(value, language: str) -> str:
    day = _safe(content.parse_date, value)
    return thaidate.format_date(day, language) if day else ""


def _year(value, language: str) -> str:
    """Years are typed as B.E. in the form (2566); the English print shows the C.E. year."""
    year = _safe(content.parse_int, value)
    if year is None:
        return ""
    if not thaidate.is_thai(language) and year >= thaidate.BE_THRESHOLD:
        return str(year - thaidate.BE_OFFSET)
    return str(year)


def _paragraphs(text: str) -> list[str]:
    """Free text as paragraphs: one per non-empty line."""
    return [line.strip() for line in re.split(r"\r?\n", text or "") if line.strip()]


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _days(start: datetime.date | None, end: datetime.date | None) -> int:
    if start is None or end is None or end < start:
        return 0
    return (end - start).days + 1


# --- the organisation (section 1's pre-filled part) -------------------------------------------

def _live_organisation(organisation) -> dict:
    from .domain import organisation_snapshot

    return organisation_snapshot(organisation)


def _address(organisation) -> str:
    """Thai addresses separate their parts with spaces; English ones with commas."""
    thai = thaidate.is_thai(translation.get_language())
    parts = [organisation.house_number, organisation.road]
    subdistrict = organisation.subdistrict if organisation.subdistrict_id else None
    if subdistrict is not None:
        district = subdistrict.district
        province = district.province
        if thai:
            parts += [subdistrict.name_th, district.name_th, province.name_th]
        else:
            parts += [subdistrict.name_en, district.name_en, province.name_en]
    text = (" " if thai else ", ").join(part for part in parts if part)
    return " ".join(part for part in (text, organisation.postcode) if part)


def _organisation(proposal: Proposal, frozen: dict | None) -> dict:
    snapshot = frozen if isinstance(frozen, dict) and frozen else _live_organisation(proposal.organisation)
    return {
        "name": snapshot.get("name") or proposal.organisation.name,
        "kind": _label(OrganisationKind, snapshot.get("kind") or ""),
        "parent_agency": snapshot.get("parent_agency") or "",
        "se_registration_number": snapshot.get("se_registration_number") or "",
        "address": snapshot.get("address") or _address(proposal.organisation),
        "executives": [
            {"role": _label(PersonnelRole, person.get("role") or ""), "name": person.get("name") or ""}
            for person in snapshot.get("executives") or []
        ],
    }


# --- the context ------------------------------------------------------------------------------

def _steps(section2: dict, language: str) -> tuple[list[dict], content.Totals]:
    steps = []
    raw_steps = [s for s in section2.get("steps") or [] if isinstance(s, dict)]
    for number, (step, totals) in enumerate(
            zip(raw_steps, content.all_step_totals(section2), strict=True), start=1):
        steps.append({
            "number": number,
            "name": step.get("name") or "",
            "activities": [
                {
                    "number": f"{number}.{index}",
                    "description": activity.get("description") or "",
                    "start": _day(activity.get("start"), language),
                    "end": _day(activity.get("end"), language),
                    "budget": _money(activity.get("budget")),
                }
                for index, activity in enumerate(
                    (a for a in step.get("activities") or [] if isinstance(a, dict)), start=1)
            ],
            "budget": format_baht(totals.budget),
            "start": thaidate.format_date(totals.start, language),
            "end": thaidate.format_date(totals.end, language),
            "days": totals.days,
        })
    return steps, content.project_totals(section2)


def _target_groups(fund, codes: list[str]) -> list[str]:
    names = dict(fund.target_group_choices())
    return [names.get(code, code) for code in codes]


def _attachments(proposal: Proposal, revision: ProposalRevision | None) -> list[dict]:
    if revision is not None:
        rows = revision.attachments.all()
    else:
        rows = proposal.attachments.filter(revision__isnull=True)
    return [
        {
            "type": _label(AttachmentType, row.type),
            "name": row.other_name if row.type == AttachmentType.OTHER else "",
            "file_name": row.original_name,
            "size": filesizeformat(row.size),
        }
        for row in rows.order_by("type", "uploaded_at", "pk")
    ]


def proposal_print_context(proposal: Proposal, revision: ProposalRevision | None = None, *,
                           language: str) -> dict:
    """Everything the print template shows, formatted for ``language``."""
    if revision is not None and revision.proposal_id != proposal.pk:
        raise ValueError("the revision belongs to another proposal")
    with translation.override(language):
        data = (revision.content if revision is not None else proposal.content) or {}
        fund = proposal.fund
        sections = set(fund.form_config()["sections"])
        s1 = data.get("section1") or {}
        s2 = data.get("section2") or {}
        s3 = data.get("section3") or {}
        history = s1.get("fund_history") or {}
        steps, totals = _steps(s2, language)
        requested = _safe(content.parse_money, s2.get("requested_budget"))
        period_start = _safe(content.parse_date, s2.get("period_start"))
        period_end = _safe(content.parse_date, s2.get("period_end"))
        submitted_on = timezone.localtime(revision.submitted_at).date() if revision is not None else None
        other_sources = [
            {"name": item.get("name") or "", "amount": _money(item.get("amount"))}
            for item in s2.get("other_sources") or [] if isinstance(item, dict)
        ]
        other_sources_total = sum(
            (_safe(content.parse_money, item.get("amount")) or Decimal(0)
             for item in s2.get("other_sources") or [] if isinstance(item, dict)), Decimal("0.00"))
        if revision is not None:
            version = gettext("Revision %(number)s") % {"number": revision.number}
        else:
            version = gettext("Draft")
        return {
            "fund_name": fund.name,
            "fund_short_name": fund.short_name,
            "call_name": proposal.call.name if proposal.call_id else "",
            "number": proposal.number,
            "is_draft": revision is None,
            "revision_number": revision.number if revision is not None else None,
            "based_on_revision": proposal.latest_revision_number if revision is None else None,
            "version": version,
            "submitted_on": thaidate.format_date(submitted_on, language) if submitted_on else "",
            "printed_on": thaidate.format_date(timezone.localdate(), language),
            "project_name": s2.get("name") or (revision.name if revision is not None else proposal.name),
            "organisation": _organisation(proposal, data.get("organisation") if revision else None),
            "show_section1": 1 in sections,
            "show_section3": 3 in sections,
            "show_section4": 4 in sections,
            "section1": {
                "current_activities": [a for a in s1.get("current_activities") or [] if a],
                "past_year_results": _paragraphs(s1.get("past_year_results") or ""),
                "received_before": history.get("received_before"),
                "times": history.get("times"),
                "last_year": _year(history.get("last_year"), language),
                "last_project": history.get("last_project") or "",
                "problems": _paragraphs(history.get("problems") or ""),
                "other_funding": [
                    {"source": item.get("source") or "", "amount": _money(item.get("amount")),
                     "year": _year(item.get("year"), language)}
                    for item in s1.get("other_funding") or [] if isinstance(item, dict)
                ],
            },
            "section2": {
                "target_group_label": fund.target_group_label,
                "target_groups": _target_groups(fund, s2.get("target_groups") or []),
                "is_research": s2.get("is_research") is True,
                "responsible_unit": s2.get("responsible_unit") or {},
                "coordinator": s2.get("coordinator") or {},
                "rationale": _paragraphs(s2.get("rationale") or ""),
                # Words the rest of the product uses in other senses ("Outcomes" are outcome
                # contracts elsewhere) carry the context "proposal form": the form's Thai terms.
                "lists": [
                    (pgettext("proposal form", "Objectives"), s2.get("objectives") or []),
                    (pgettext("proposal form", "Targets"), s2.get("targets") or []),
                ],
                "indicators": [
                    {"name": i.get("name") or "", "unit": i.get("unit") or "",
                     "target_value": i.get("target_value") or ""}
                    for i in s2.get("indicators") or [] if isinstance(i, dict)
                ],
                "results": [
                    (pgettext("proposal form", "Outputs"), s2.get("outputs") or []),
                    (pgettext("proposal form", "Outcomes"), s2.get("outcomes") or []),
                    (pgettext("proposal form", "Impact"), s2.get("impact") or []),
                ],
                "location": s2.get("location") or "",
                "method": _paragraphs(s2.get("method") or ""),
                "period_start": thaidate.format_date(period_start, language),
                "period_end": thaidate.format_date(period_end, language),
                "period_days": _days(period_start, period_end),
                "requested_budget": format_baht(requested) if requested is not None else "",
                # The form asks for the amount in Thai words, whatever the print language.
                "requested_words": baht_text(requested) if requested is not None else "",
                "other_sources": other_sources,
                "other_sources_total": format_baht(other_sources_total),
                "steps": steps,
                "total_budget": format_baht(totals.budget),
                "total_words": baht_text(totals.budget),
                "total_start": thaidate.format_date(totals.start, language),
                "total_end": thaidate.format_date(totals.end, language),
                "total_days": totals.days,
                "budget_differs": requested is not None and bool(steps) and requested != totals.budget,
            },
            "participation": [
                {"type": _label(ParticipationType, item.get("type") or ""),
                 "description": item.get("description") or "", "agency": item.get("agency") or ""}
                for item in s3.get("participation") or [] if isinstance(item, dict)
            ],
            "attachments": _attachments(proposal, revision),
        }


def proposal_print_html(proposal: Proposal, revision: ProposalRevision | None = None, *,
                        language: str) -> str:
    """The HTML the PDF is made from."""
    context = proposal_print_context(proposal, revision, language=language)
    return render_html(TEMPLATE, context, language=language)


def render_proposal_pdf(proposal: Proposal, revision: ProposalRevision | None = None, *,
                        language: str) -> bytes:
    """The proposal's working draft (``revision=None``) or ``revision`` as PDF bytes, laid out
    like the fund's application form, in ``language`` ("th" or "en")."""
    context = proposal_print_context(proposal, revision, language=language)
    return render_pdf(TEMPLATE, context, language=language)


def pdf_filename(proposal: Proposal, revision: ProposalRevision | None = None) -> str:
    """An ASCII file name for the download: ``DEF-2569-00001-r2.pdf`` / ``…-draft.pdf``."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", proposal.number or f"proposal-{proposal.pk}").strip("-")
    suffix = f"r{revision.number}" if revision is not None else "draft"
    return f"{stem}-{suffix}.pdf"
