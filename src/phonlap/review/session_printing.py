"""A session printed as a PDF (spec 03 §2.11): the agenda before the meeting, the list of
resolutions after it. Thai set in Sarabun by ``core.pdf.render_pdf``.

``agenda_context`` / ``resolutions_context`` build plain values already formatted for the print
language (B.E. dates in Thai, amounts with separators); ``render_agenda_pdf`` /
``render_resolutions_pdf`` make the PDF. The caller has reached the session through
``session_queries.get_session_for_user``; the reader decides only whether results are shown
(row 9), and the resolutions hold submitted results only: a draft is no resolution."""

from __future__ import annotations

import re

from django.utils import timezone, translation

from phonlap.accounts.access import has_row
from phonlap.core import thaidate
from phonlap.core.money import format_baht
from phonlap.core.pdf import render_html, render_pdf

from . import session_queries
from .enums import Outcome, ResultStatus, SessionRole, SessionStatus
from .models import EvaluationSession

AGENDA_TEMPLATE = "review/print/session_agenda.html"
RESOLUTIONS_TEMPLATE = "review/print/session_resolutions.html"


def _person(user) -> str:
    return user.get_full_name() or user.email


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _number(value) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _grade(result, language: str) -> str:
    if not result.grade or result.rubric is None:
        return ""
    for band in (result.rubric.definition or {}).get("grades", []):
        if band.get("code") == result.grade:
            thai = thaidate.is_thai(language)
            return band.get("label_th" if thai else "label_en") or band.get("label_th") or result.grade
    return result.grade


def _conflicts(row) -> list[dict]:
    return [{"name": _person(c.member), "note": c.note,
             "declared_on": thaidate.format_date(timezone.localtime(c.declared_at),
                                                 translation.get_language())}
            for c in row.conflicts]


def _header(session: EvaluationSession, language: str) -> dict:
    members = session_queries.members_of(session)
    return {
        "session_name": session.name,
        "fund_name": session.fund.name,
        "fund_short_name": session.fund.short_name,
        "stage_name": session.stage.name,
        "starts_at": thaidate.format_datetime(timezone.localtime(session.starts_at), language),
        "location": session.location,
        "status": _label(SessionStatus, session.status),
        "is_closed": session.status == SessionStatus.CLOSED,
        "closed_on": thaidate.format_date(timezone.localtime(session.closed_at), language)
        if session.closed_at else "",
        "members": [{"name": _person(m.user), "role": _label(SessionRole, m.role)} for m in members],
        "printed_on": thaidate.format_date(timezone.localdate(), language),
    }


def _item(row) -> dict:
    item = row.item
    revision = item.revision
    return {
        "number": row.number,
        "proposal_number": item.proposal.number,
        "name": revision.name or item.proposal.name,
        "organisation": item.proposal.organisation.name,
        "revision": revision.number,
        "budget": format_baht(revision.requested_budget) if revision.requested_budget is not None
        else "",
        "conflicts": _conflicts(row),
    }


def agenda_context(session: EvaluationSession, user, *, language: str) -> dict:
    with translation.override(language):
        rows = session_queries.agenda_of(session, user)
        return {**_header(session, language), "items": [_item(row) for row in rows]}


def resolutions_context(session: EvaluationSession, user, *, language: str) -> dict:
    with translation.override(language):
        rows = session_queries.agenda_of(session, user)
        shows_results = has_row(user, "9")
        items = []
        for row in rows:
            entry = _item(row)
            result = row.result if shows_results else None
            if result is not None and result.status == ResultStatus.SUBMITTED:
                entry.update({
                    "decided": True,
                    "outcome": _label(Outcome, result.outcome),
                    "score": f"{_number(result.total)} / {_number(result.maximum)}"
                    if result.total is not None and result.maximum is not None else "",
                    "percentage": f"{_number(result.percentage)} %" if result.percentage is not None
                    else "",
                    "grade": _grade(result, language),
                    "advice": [line.strip() for line in re.split(r"\r?\n", result.advice or "")
                               if line.strip()],
                    "approved_amount": format_baht(result.approved_amount)
                    if result.approved_amount is not None else "",
                    "signed_off_on": thaidate.format_date(result.signed_off_on, language)
                    if result.signed_off_on else "",
                    "decided_on": thaidate.format_date(timezone.localtime(result.submitted_at),
                                                       language) if result.submitted_at else "",
                })
            else:
                entry["decided"] = False
            items.append(entry)
        return {**_header(session, language), "items": items, "shows_results": shows_results,
                "provisional": session.status != SessionStatus.CLOSED}


def agenda_html(session, user, *, language: str) -> str:
    return render_html(AGENDA_TEMPLATE, agenda_context(session, user, language=language),
                       language=language)


def resolutions_html(session, user, *, language: str) -> str:
    return render_html(RESOLUTIONS_TEMPLATE, resolutions_context(session, user, language=language),
                       language=language)


def render_agenda_pdf(session: EvaluationSession, user, *, language: str) -> bytes:
    return render_pdf(AGENDA_TEMPLATE, agenda_context(session, user, language=language),
                      language=language)


def render_resolutions_pdf(session: EvaluationSession, user, *, language: str) -> bytes:
    return render_pdf(RESOLUTIONS_TEMPLATE, resolutions_context(session, user, language=language),
                      language=language)


def pdf_filename(session: EvaluationSession, kind: str) -> str:
    """An ASCII file name: ``session-12-agenda-2026-11-21.pdf``."""
    day = timezone.localtime(session.starts_at).date().isoformat()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", f"session-{session.pk}-{kind}-{day}") + ".pdf"
