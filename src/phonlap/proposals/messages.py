"""Readable, translated words for the codes and paths of ``proposals.content``: problem
messages, field labels ("Section 2 › Step 1 › Activity 2 › Budget") and diff lines."""

from __future__ import annotations

import datetime
import re

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from phonlap.core import thaidate

from . import content
from .enums import AttachmentType

MESSAGES = {
    "required": _("This is required."),
    "not_text": _("Enter text."),
    "too_long": _("This is too long (at most %(limit)s characters)."),
    "not_a_list": _("This must be a list."),
    "too_many": _("Too many items (at most %(limit)s)."),
    "invalid": _("This value is not valid."),
    "invalid_date": _("Enter a valid date."),
    "invalid_year": _("Enter a year in the Buddhist Era, e.g. 2567."),
    "not_an_integer": _("Enter a whole number."),
    "at_least_one": _("Enter 1 or more."),
    "not_a_number": _("Enter a number, e.g. 12500.50."),
    "negative": _("The amount cannot be negative."),
    "too_large": _("The amount is too large."),
    "too_many_decimals": _("Use at most two decimal places (satang)."),
    "invalid_phone": _("Enter a valid phone number."),
    "invalid_email": _("Enter a valid e-mail address."),
    "unknown_choice": _("'%(value)s' is not one of the choices."),
    "end_before_start": _("The end date cannot be before the start date."),
    "outside_period": _("The date must lie inside the project period (%(start)s to %(end)s)."),
    "over_ceiling": _("The requested budget is over the fund's ceiling of %(ceiling)s baht."),
    "budget_mismatch_more": _(
        "The requested budget (%(requested)s baht) is %(difference)s baht more than the total of "
        "the activities (%(total)s baht). Make them equal."
    ),
    "budget_mismatch_less": _(
        "The requested budget (%(requested)s baht) is %(difference)s baht less than the total of "
        "the activities (%(total)s baht). Make them equal."
    ),
    "section_not_saved": _("Section %(section)s has not been saved yet."),
    "attachment_missing": _("Attach the %(type)s."),
    "no_such_section": _("There is no such section."),
}

FIELD_LABELS = {
    "organisation": _("Organisation"),
    "section1": _("Section 1: organisation"),
    "section2": _("Section 2: the project"),
    "section3": _("Section 3: participation of other agencies"),
    "section4": _("Section 4: attachments"),
    "current_activities": _("Current activities or projects"),
    "past_year_results": _("Results over the past year"),
    "fund_history": _("History with this fund"),
    "received_before": _("Requested support from this fund before"),
    "times": _("Number of times"),
    "last_year": _("Year of the last request"),
    "last_project": _("Last funded project"),
    "problems": _("Problems and obstacles met"),
    "other_funding": _("Support from other funding sources"),
    "source": _("Source"),
    "amount": _("Amount (baht)"),
    "year": _("Year"),
    "name": _("Name"),
    "target_groups": _("Target groups"),
    "is_research": _("Research project"),
    "responsible_unit": _("Responsible unit"),
    "coordinator": _("Project coordinator"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "rationale": _("Rationale"),
    "objectives": _("Objectives"),
    "targets": _("Targets"),
    "indicators": _("Indicators"),
    "unit": _("Unit"),
    "target_value": _("Target value"),
    "outputs": _("Outputs"),
    "outcomes": _("Outcomes"),
    "impact": _("Impact"),
    "location": _("Location or area"),
    "method": _("Method"),
    "period_start": _("Project start"),
    "period_end": _("Project end"),
    "requested_budget": _("Budget requested from the fund"),
    "other_sources": _("Other sources applied to"),
    "steps": _("Steps"),
    "activities": _("Activities"),
    "description": _("Description"),
    "start": _("Start"),
    "end": _("End"),
    "budget": _("Budget (baht)"),
    "participation": _("Participation"),
    "type": _("Type"),
    "agency": _("Supporting agency"),
    "executives": _("Executives"),
    "attachments": _("Attachments"),
    **{kind.value: kind.label for kind in AttachmentType},
}

ITEM_LABELS = {
    "steps": _("Step %(n)s"),
    "activities": _("Activity %(n)s"),
    "indicators": _("Indicator %(n)s"),
    "participation": _("Item %(n)s"),
}


def field_label(path: str) -> str:
    """'section2.steps[0].activities[1].budget' → 'Section 2: the project › Step 1 ›
    Activity 2 › Budget (baht)'."""
    parts: list[str] = []
    last_name = None
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if token.startswith("["):
            index = int(token[1:-1]) + 1
            previous = last_name or ""
            item = ITEM_LABELS.get(previous)
            label = str(item % {"n": index}) if item else f"{index}"
            if parts and item:
                parts[-1] = label
            else:
                parts.append(label)
        else:
            last_name = token
            parts.append(str(FIELD_LABELS.get(token, token)))
    return " › ".join(parts)


def _amount(text: str) -> str:
    try:
        return number_format(content.parse_money(text), decimal_pos=2, force_grouping=True)
    except (ValueError, TypeError):
        return text


def _display_date(iso: str) -> str:
    try:
        return thaidate.format_date(datetime.date.fromisoformat(iso), get_language() or "th")
    except (TypeError, ValueError):
        return iso


def problem_message(problem: content.Problem) -> str:
    code = problem.code
    params = dict(problem.params)
    if code == "budget_mismatch":
        code = f"budget_mismatch_{params.get('direction', 'more')}"
        for key in ("requested", "total", "difference"):
            params[key] = _amount(params.get(key, ""))
    if code == "over_ceiling":
        params["ceiling"] = _amount(params.get("ceiling", ""))
    if code == "outside_period":
        # The content module speaks ISO dates; people read 21 พ.ย. 2569 (or 21 Nov 2026).
        for key in ("start", "end"):
            params[key] = _display_date(params.get(key, ""))
    if code == "attachment_missing":
        kind = params.get("type", "")
        label = FIELD_LABELS.get(kind, kind)
        params["type"] = str(label).lower() if label else kind
    template = MESSAGES.get(code)
    if template is None:
        return gettext("This value is not valid.")
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def describe(problem: content.Problem) -> str:
    """'Section 2 › Step 1 › Activity 1 › End: The end date cannot be before the start date.'"""
    return f"{field_label(problem.path)}: {problem_message(problem)}"


def describe_change(change: content.Change) -> str:
    label = field_label(change.path)
    if change.kind == "added":
        return gettext("%(field)s: added “%(new)s”") % {"field": label, "new": change.new}
    if change.kind == "removed":
        return gettext("%(field)s: removed “%(old)s”") % {"field": label, "old": change.old}
    return gettext("%(field)s: “%(old)s” → “%(new)s”") % {
        "field": label, "old": change.old, "new": change.new}
