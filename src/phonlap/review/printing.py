"""A stage result read back: item by item for the pages, and printed as a PDF in the fund's
layout (แบบกลั่นกรองโครงการ, the title comes from the rubric definition's ``form_title``).

:func:`describe_result` turns a stored result into plain values in the active language (each
item's answer in words, its points over its maximum and its comment; the total, percentage,
grade and whether the rubric passes), re-scoring the stored answers with the rubric version
the result keeps, so what is shown is what was computed. :func:`render_result_pdf` prints it:
stage, session, revision, date (B.E. in Thai), every item, total, grade, pass, advice and, for
the board, the approved amount (in figures and in Thai words) and the fund chair's sign-off."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext

from phonlap.core import thaidate
from phonlap.core.money import baht_text, format_baht
from phonlap.core.pdf import render_html, render_pdf
from phonlap.funds.models import StageForm

from . import scoring
from .enums import Outcome, ResultStatus
from .result_forms import label

TEMPLATE = "review/print/result_form.html"


def points_text(value) -> str:
    """``Decimal("12.50")`` → ``"12.5"``, ``Decimal("10.00")`` → ``"10"``; ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = format(number.normalize(), "f")
    return text


@dataclass
class ItemLine:
    number: str
    label: str
    kind: str
    category: str = ""
    answer: list[str] = field(default_factory=list)
    points: str = ""
    maximum: str = ""
    passed: bool | None = None
    comment: str = ""
    problems: bool = False

    @property
    def scored(self) -> bool:
        return self.kind in scoring.SCORED_KINDS


@dataclass
class ResultView:
    """A result in words, in the language active when it was built."""

    result: object
    form_title: str
    rubric_name: str
    items: list[ItemLine]
    total: str
    maximum: str
    percentage: str
    grade: str
    rubric_passed: bool | None
    outcome: str
    is_draft: bool
    has_scores: bool
    conflicts: list[dict]
    notes: str = ""


def _answer_words(item: dict, answer: dict | None) -> tuple[list[str], bool | None]:
    """What was recorded for ``item``, in words; and for a gate whether it passed."""
    yes, no = gettext("Yes"), gettext("No")
    answer = answer if isinstance(answer, dict) else {}
    kind = item["kind"]
    if kind == "gate":
        if not isinstance(answer.get("checks"), dict):
            return [gettext("Not answered")], None
        checks = answer["checks"]
        lines = [f"{yes if checks.get(c['id']) is True else no}: {label(c)}"
                 for c in item.get("checks") or []]
        return lines, None
    if kind == "indicator_count":
        present = answer.get("present")
        if present is None:
            return [gettext("Not answered")], None
        main = label(item, "main_label")
        if present is not True:
            return [f"{main}: {no}"], None
        ticked = answer.get("indicators") if isinstance(answer.get("indicators"), list) else []
        names = [label(i) for i in item.get("indicators") or [] if i["id"] in ticked]
        lines = [f"{main}: {yes}",
                 gettext("Indications present: %(count)s of %(total)s")
                 % {"count": len(names), "total": len(item.get("indicators") or [])}]
        return lines + [f"– {name}" for name in names], None
    if kind == "choice":
        chosen = next((o for o in item.get("options") or [] if o["id"] == answer.get("option")), None)
        return ([label(chosen)] if chosen else [gettext("Not answered")]), None
    if kind == "bounded":
        lines = []
        chosen = next((c for c in item.get("choices") or [] if c["id"] == answer.get("choice")), None)
        if chosen is not None:
            lines.append(gettext("%(choice)s (at most %(cap)s points)")
                         % {"choice": label(chosen), "cap": chosen["cap"]})
        if answer.get("value") not in (None, ""):
            lines.append(gettext("Points given: %(value)s") % {"value": answer["value"]})
        return lines or [gettext("Not answered")], None
    if kind == "text":
        text = answer.get("text") if isinstance(answer.get("text"), str) else ""
        return [line for line in re.split(r"\r?\n", text) if line.strip()], None
    return [], None


def describe_result(result, *, conflicts: list | None = None) -> ResultView:
    """``result`` in words (active language). ``conflicts``: the agenda item's declarations,
    when the caller has them (``[ConflictOfInterest]``)."""
    definition = result.rubric.definition if result.rubric_id and result.rubric else None
    items: list[ItemLine] = []
    scored = None
    if definition:
        try:
            scored = scoring.score(definition, result.answers or {}, result.applicant_type or None)
        except ValueError:
            scored = None
    grade_label = ""
    if definition:
        categories = {c.get("code"): label(c) for c in definition.get("categories") or []}
        grade = next((g for g in definition.get("grades") or [] if g.get("code") == result.grade), None)
        grade_label = label(grade) if grade else ""
        answers = result.answers if isinstance(result.answers, dict) else {}
        for item in definition.get("items") or []:
            applies = item.get("applies_to")
            if applies is not None and result.applicant_type not in applies:
                continue
            lines, _passed = _answer_words(item, answers.get(item["id"]))
            line = ItemLine(number=item["id"], label=label(item), kind=item["kind"],
                            category=categories.get(item.get("category"), ""), answer=lines)
            answer = answers.get(item["id"]) if isinstance(answers.get(item["id"]), dict) else {}
            if isinstance(answer.get("comment"), str):
                line.comment = answer["comment"]
            if scored is not None:
                try:
                    score = scored.item(item["id"])
                except KeyError:
                    score = None
                if score is not None:
                    line.passed = score.passed if item["kind"] == "gate" and score.answered else None
                    if line.scored:
                        line.points = points_text(score.points if score.points is not None else 0)
                        line.maximum = points_text(score.maximum)
                    line.problems = bool(scored.problems_for(item["id"]))
            if item["kind"] == "summary":
                line.answer = [_summary_words(result, grade_label)]
            items.append(line)
    has_scores = result.total is not None and bool(definition) and any(i.scored for i in items)
    return ResultView(
        result=result,
        form_title=label(definition, "form_title") if definition else gettext("Resolution"),
        rubric_name=label(definition, "name") if definition else "",
        items=items,
        total=points_text(result.total),
        maximum=points_text(result.maximum),
        percentage=f"{result.percentage:.2f}" if result.percentage is not None else "",
        grade=grade_label,
        rubric_passed=result.rubric_passed,
        outcome=str(Outcome(result.outcome).label) if result.outcome else "",
        is_draft=result.status == ResultStatus.DRAFT,
        has_scores=has_scores,
        conflicts=[{"member": c.member.get_full_name() or c.member.email, "note": c.note,
                    "declared_at": c.declared_at} for c in conflicts or []],
        notes=label(definition, "notes") if definition else "",
    )


def _summary_words(result, grade_label: str) -> str:
    if result.total is None:
        return gettext("Computed when the items are scored.")
    text = gettext("Total %(total)s of %(maximum)s points") % {
        "total": points_text(result.total), "maximum": points_text(result.maximum)}
    if grade_label:
        text += f" · {gettext('Grade')}: {grade_label}"
    return text


# --- printing ------------------------------------------------------------------------------

def result_print_context(result, *, language: str, conflicts: list | None = None) -> dict:
    """Everything the print template shows, formatted for ``language``."""
    with translation.override(language):
        view = describe_result(result, conflicts=conflicts)
        proposal, revision = result.proposal, result.revision
        section2 = (revision.content or {}).get("section2") or {}
        moment = result.submitted_at or result.updated_at
        day = timezone.localtime(moment).date() if moment else None
        session = result.session
        approval = result.stage_form == StageForm.APPROVAL
        return {
            "view": view,
            "fund_name": proposal.fund.name,
            "fund_short_name": proposal.fund.short_name,
            "number": proposal.number,
            "project_name": section2.get("name") or revision.name or proposal.name,
            "organisation": proposal.organisation.name,
            "revision_number": revision.number,
            "stage_name": result.stage_name,
            "session_name": session.name if session else "",
            "session_date": thaidate.format_datetime(timezone.localtime(session.starts_at), language)
            if session else "",
            "date": thaidate.format_date(day, language) if day else "",
            "printed_on": thaidate.format_date(timezone.localdate(), language),
            "requested_budget": format_baht(revision.requested_budget)
            if revision.requested_budget is not None else "",
            "approval": approval,
            "approved_amount": format_baht(result.approved_amount)
            if result.approved_amount is not None else "",
            "approved_words": baht_text(result.approved_amount)
            if result.approved_amount is not None else "",
            "signed_off_on": thaidate.format_date(result.signed_off_on, language)
            if result.signed_off_on else "",
            "recorded_by": _person(result.submitted_by or result.recorded_by),
            "advice": [line for line in re.split(r"\r?\n", result.advice or "") if line.strip()],
        }


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def result_print_html(result, *, language: str, conflicts: list | None = None) -> str:
    return render_html(TEMPLATE, result_print_context(result, language=language, conflicts=conflicts),
                       language=language)


def render_result_pdf(result, *, language: str, conflicts: list | None = None) -> bytes:
    """The completed form as PDF bytes in ``language`` ("th" or "en")."""
    return render_pdf(TEMPLATE, result_print_context(result, language=language, conflicts=conflicts),
                      language=language)


def pdf_filename(result) -> str:
    """ASCII: ``DEF-2569-00001-r1-working_group.pdf`` (``-draft`` for a draft)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", result.proposal.number or f"proposal-{result.proposal_id}")
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", result.stage.code if result.stage_id else "stage")
    suffix = "-draft" if result.status == ResultStatus.DRAFT else ""
    return f"{stem.strip('-')}-r{result.revision.number}-{code}{suffix}.pdf"
