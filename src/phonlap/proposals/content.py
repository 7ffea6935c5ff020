"""The content of a proposal as plain data, and the calculations on it (pure: no Django).

A proposal's content is a JSON object with one key per section of the form (spec 02)::

    {
      "section1": {"current_activities": ["..."], "past_year_results": "...",
                   "fund_history": {"received_before": true, "times": 2, "last_year": 2566,
                                    "last_project": "...", "problems": "..."},
                   "other_funding": [{"source": "...", "amount": "50000.00", "year": 2567}]},
      "section2": {"name": "...", "target_groups": ["visual"], "is_research": false,
                   "responsible_unit": {"name": "...", "phone": "...", "email": "..."},
                   "coordinator": {"name": "...", "phone": "...", "email": "..."},
                   "rationale": "...", "objectives": ["..."], "targets": ["..."],
                   "indicators": [{"name": "...", "unit": "persons", "target_value": "40"}],
                   "outputs": ["..."], "outcomes": ["..."], "impact": ["..."],
                   "location": "...", "method": "...",
                   "period_start": "2026-01-05", "period_end": "2026-06-30",
                   "requested_budget": "120000.00",
                   "other_sources": [{"name": "...", "amount": "10000.00"}],
                   "steps": [{"name": "...", "activities": [
                       {"description": "...", "start": "2026-01-05", "end": "2026-01-09",
                        "budget": "60000.00"}]}]},
      "section3": {"participation": [{"type": "venue", "description": "...", "agency": "..."}]}
    }

Money is ``Decimal`` in Python and a string in JSON ("120000.00"); dates are ISO strings. Section 4
(attachments) lives in the database, not here; :func:`missing_items` takes the attachment types.
A frozen revision also carries ``"organisation"``: the snapshot of section 1's pre-filled part.

Saving a draft section checks form (:func:`validate_section`: malformed values, dates, budgets);
completeness is checked only when submitting (:func:`missing_items`), so a draft may be
incomplete but is never malformed. Problems are codes; the Django layer turns them into
translated messages (``proposals.messages``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

SECTIONS = (1, 2, 3, 4)
CONTENT_SECTIONS = (1, 2, 3)

PARTICIPATION_TYPES = (
    "venue", "equipment", "vehicles", "speakers", "budget", "volunteers", "food_drinks", "other",
)
# Section 4: the fixed types, plus "other" with a name the applicant gives.
ATTACHMENT_TYPES = ("expense_table", "training_schedule", "speaker_cvs", "research_proposal", "other")
RESEARCH_ATTACHMENT = "research_proposal"

TEXT_LISTS = ("objectives", "targets", "outputs", "outcomes", "impact")
MAX_TEXT = 20_000
MAX_LINE = 500
MAX_ITEMS = 300
MONEY_MAX = Decimal("999999999999.99")  # fits DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")
BE_YEARS = (2400, 2700)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\- #,.]{3,40}$")


# --- problems ---------------------------------------------------------------------------------

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content. ``path`` names the field ("section2.steps[0].name");
    ``code`` says what (see ``proposals.messages``); ``params`` fill the message.
    A ``warning`` does not stop a draft from saving but does stop a submission."""

    path: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: str = ERROR

    def __iter__(self):  # lets callers unpack ``path, code = problem``
        return iter((self.path, self.code))


@dataclass(frozen=True)
class Period:
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class FormConfig:
    """What a fund asks for (``Fund.form_config()``)."""

    target_groups: tuple[str, ...] = ()
    required_attachment_types: tuple[str, ...] = ()
    sections: tuple[int, ...] = SECTIONS
    budget_ceiling: Decimal | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> FormConfig:
        data = data or {}
        ceiling = data.get("budget_ceiling")
        return cls(
            target_groups=tuple(data.get("target_groups") or ()),
            required_attachment_types=tuple(data.get("required_attachment_types") or ()),
            sections=tuple(sorted(int(n) for n in (data.get("sections") or SECTIONS))),
            budget_ceiling=None if ceiling in (None, "") else Decimal(str(ceiling)),
        )


# --- parsing ----------------------------------------------------------------------------------

class _Bad(Exception):
    def __init__(self, code: str):
        self.code = code


def parse_money(value: Any) -> Decimal | None:
    """A baht amount: ``None`` when empty; raises ``ValueError`` with the problem code."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, float):
        # Floats are not money (0.1 + 0.2); booleans are not numbers.
        value = str(value) if isinstance(value, float) else None
        if value is None:
            raise ValueError("not_a_number")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError("not_a_number") from None
    if not amount.is_finite():
        raise ValueError("not_a_number")
    if amount < 0:
        raise ValueError("negative")
    if amount > MONEY_MAX:
        raise ValueError("too_large")
    if amount != amount.quantize(CENT):
        raise ValueError("too_many_decimals")
    return amount.quantize(CENT)


def parse_number(value: Any) -> Decimal | None:
    """A non-negative decimal (an indicator's target value)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("not_a_number")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ValueError("not_a_number") from None
    if not number.is_finite():
        raise ValueError("not_a_number")
    if number < 0:
        raise ValueError("negative")
    if abs(number) > MONEY_MAX:
        raise ValueError("too_large")
    return number


def parse_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError("invalid_date") from None


def parse_int(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("not_an_integer")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError("not_an_integer") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError("not_an_integer")
    return int(number)


def _safe(parse, value):
    try:
        return parse(value)
    except ValueError:
        return None


def money_str(amount: Decimal | None) -> str:
    return "" if amount is None else str(amount.quantize(CENT))


def _number_str(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- totals -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    """Budget and duration of a step or of the whole project. ``days`` counts both ends
    (an activity on one day lasts 1 day); 0 when no dates are known."""

    budget: Decimal
    start: datetime.date | None
    end: datetime.date | None

    @property
    def days(self) -> int:
        if self.start is None or self.end is None or self.end < self.start:
            return 0
        return (self.end - self.start).days + 1


def _activities(step: Mapping) -> list[Mapping]:
    activities = step.get("activities") if isinstance(step, Mapping) else None
    return [a for a in activities or [] if isinstance(a, Mapping)]


def _steps(section2: Mapping) -> list[Mapping]:
    steps = section2.get("steps") if isinstance(section2, Mapping) else None
    return [s for s in steps or [] if isinstance(s, Mapping)]


def _span(dates_from: Iterable[tuple[Any, Any]]) -> tuple[datetime.date | None, datetime.date | None]:
    starts, ends = [], []
    for start, end in dates_from:
        start, end = _safe(parse_date, start), _safe(parse_date, end)
        if start is not None:
            starts.append(start)
        if end is not None:
            ends.append(end)
    return (min(starts) if starts else None, max(ends) if ends else None)


def step_totals(step: Mapping) -> Totals:
    """Σ of the step's activity budgets (unreadable ones count 0: validation reports them) and
    the span from its earliest start to its latest end."""
    activities = _activities(step)
    budget = sum((_safe(parse_money, a.get("budget")) or Decimal(0) for a in activities),
                 Decimal("0.00"))
    start, end = _span((a.get("start"), a.get("end")) for a in activities)
    return Totals(budget=budget.quantize(CENT), start=start, end=end)


def all_step_totals(section2: Mapping) -> list[Totals]:
    """One :class:`Totals` per step, in the steps' order."""
    return [step_totals(step) for step in _steps(section2)]


def project_totals(section2: Mapping) -> Totals:
    """The project's budget (Σ of all activities) and duration (earliest start → latest end)."""
    steps = all_step_totals(section2)
    budget = sum((t.budget for t in steps), Decimal("0.00"))
    start, end = _span((t.start, t.end) for t in steps)
    return Totals(budget=budget.quantize(CENT), start=start, end=end)


# --- validation (form, not completeness) ------------------------------------------------------

class _Checker:
    def __init__(self, prefix: str):
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, severity: str = ERROR, **params) -> None:
        self.problems.append(Problem(f"{self.prefix}.{path}", code, params, severity))

    def text(self, data: Mapping, key: str, path: str | None = None, *, limit: int = MAX_TEXT) -> None:
        value = data.get(key)
        path = path or key
        if value is None:
            return
        if not isinstance(value, str):
            self.add(path, "not_text")
        elif len(value) > limit:
            self.add(path, "too_long", limit=limit)

    def parsed(self, parse, data: Mapping, key: str, path: str | None = None):
        try:
            return parse(data.get(key))
        except ValueError as exc:
            self.add(path or key, exc.args[0])
            return None

    def items(self, data: Mapping, key: str, *, kind=Mapping) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(key, "not_a_list")
            return []
        if len(value) > MAX_ITEMS:
            self.add(key, "too_many", limit=MAX_ITEMS)
            return []
        good = []
        for index, item in enumerate(value):
            if not isinstance(item, kind):
                self.add(f"{key}[{index}]", "not_text" if kind is str else "invalid")
            else:
                good.append(item)
        return value if len(good) == len(value) else []

    def contact(self, data: Mapping, key: str) -> None:
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, Mapping):
            self.add(key, "invalid")
            return
        for part in ("name", "phone", "email"):
            self.text(value, part, f"{key}.{part}", limit=MAX_LINE)
        phone, email = value.get("phone"), value.get("email")
        if isinstance(phone, str) and phone.strip() and not _PHONE.match(phone.strip()):
            self.add(f"{key}.phone", "invalid_phone")
        if isinstance(email, str) and email.strip() and not _EMAIL.match(email.strip()):
            self.add(f"{key}.email", "invalid_email")


def _check_section1(data: Mapping) -> list[Problem]:
    c = _Checker("section1")
    for index, item in enumerate(c.items(data, "current_activities", kind=str)):
        if len(item) > MAX_TEXT:
            c.add(f"current_activities[{index}]", "too_long", limit=MAX_TEXT)
    c.text(data, "past_year_results")
    history = data.get("fund_history")
    if history is not None:
        if not isinstance(history, Mapping):
            c.add("fund_history", "invalid")
        else:
            received = history.get("received_before")
            if received not in (None, True, False):
                c.add("fund_history.received_before", "invalid")
            times = c.parsed(parse_int, history, "times", "fund_history.times")
            if times is not None and times < 1:
                c.add("fund_history.times", "at_least_one")
            year = c.parsed(parse_int, history, "last_year", "fund_history.last_year")
            if year is not None and not BE_YEARS[0] <= year <= BE_YEARS[1]:
                c.add("fund_history.last_year", "invalid_year")
            c.text(history, "last_project", "fund_history.last_project", limit=MAX_LINE)
            c.text(history, "problems", "fund_history.problems")
    for index, item in enumerate(c.items(data, "other_funding")):
        c.text(item, "source", f"other_funding[{index}].source", limit=MAX_LINE)
        c.parsed(parse_money, item, "amount", f"other_funding[{index}].amount")
        year = c.parsed(parse_int, item, "year", f"other_funding[{index}].year")
        if year is not None and not BE_YEARS[0] <= year <= BE_YEARS[1]:
            c.add(f"other_funding[{index}].year", "invalid_year")
    return c.problems


def _check_section2(data: Mapping, *, period: Period | None, ceiling: Decimal | None,
                    target_groups: Iterable[str] | None) -> list[Problem]:
    c = _Checker("section2")
    c.text(data, "name", limit=MAX_LINE)
    groups = c.items(data, "target_groups", kind=str)
    if target_groups is not None:
        allowed = set(target_groups)
        for index, code in enumerate(groups):
            if code not in allowed:
                c.add(f"target_groups[{index}]", "unknown_choice", value=code)
    if data.get("is_research") not in (None, True, False):
        c.add("is_research", "invalid")
    c.contact(data, "responsible_unit")
    c.contact(data, "coordinator")
    for key in ("rationale", "location", "method"):
        c.text(data, key)
    for key in TEXT_LISTS:
        for index, item in enumerate(c.items(data, key, kind=str)):
            if len(item) > MAX_TEXT:
                c.add(f"{key}[{index}]", "too_long", limit=MAX_TEXT)
    for index, item in enumerate(c.items(data, "indicators")):
        c.text(item, "name", f"indicators[{index}].name", limit=MAX_LINE)
        c.text(item, "unit", f"indicators[{index}].unit", limit=100)
        c.parsed(parse_number, item, "target_value", f"indicators[{index}].target_value")

    start = c.parsed(parse_date, data, "period_start")
    end = c.parsed(parse_date, data, "period_end")
    if start and end and end < start:
        c.add("period_end", "end_before_start")
    if period is None:
        period = Period(start, end)

    requested = c.parsed(parse_money, data, "requested_budget")
    if requested is not None and ceiling is not None and requested > ceiling:
        c.add("requested_budget", "over_ceiling", ceiling=money_str(ceiling))
    for index, item in enumerate(c.items(data, "other_sources")):
        c.text(item, "name", f"other_sources[{index}].name", limit=MAX_LINE)
        c.parsed(parse_money, item, "amount", f"other_sources[{index}].amount")

    for s, step in enumerate(c.items(data, "steps")):
        c.text(step, "name", f"steps[{s}].name", limit=MAX_LINE)
        activities = step.get("activities")
        if activities is not None and not isinstance(activities, list):
            c.add(f"steps[{s}].activities", "not_a_list")
            continue
        if activities and len(activities) > MAX_ITEMS:
            c.add(f"steps[{s}].activities", "too_many", limit=MAX_ITEMS)
            continue
        for a, activity in enumerate(activities or []):
            path = f"steps[{s}].activities[{a}]"
            if not isinstance(activity, Mapping):
                c.add(path, "invalid")
                continue
            c.text(activity, "description", f"{path}.description")
            c.parsed(parse_money, activity, "budget", f"{path}.budget")
            a_start = c.parsed(parse_date, activity, "start", f"{path}.start")
            a_end = c.parsed(parse_date, activity, "end", f"{path}.end")
            if a_start and a_end and a_end < a_start:
                c.add(f"{path}.end", "end_before_start")
            for key, day in (("start", a_start), ("end", a_end)):
                if day is None:
                    continue
                if (period.start and day < period.start) or (period.end and day > period.end):
                    c.add(f"{path}.{key}", "outside_period",
                          start=period.start.isoformat() if period.start else "",
                          end=period.end.isoformat() if period.end else "")

    if requested is not None and not any(p.code in ("not_a_number", "negative", "too_large",
                                                    "too_many_decimals") for p in c.problems):
        total = project_totals(data).budget
        if _steps(data) and total != requested:
            c.add("requested_budget", "budget_mismatch", WARNING,
                  requested=money_str(requested), total=money_str(total),
                  difference=money_str(abs(requested - total)),
                  direction="more" if requested > total else "less")
    return c.problems


def _check_section3(data: Mapping) -> list[Problem]:
    c = _Checker("section3")
    for index, item in enumerate(c.items(data, "participation")):
        kind = item.get("type")
        if kind not in (None, "") and kind not in PARTICIPATION_TYPES:
            c.add(f"participation[{index}].type", "unknown_choice", value=str(kind))
        c.text(item, "description", f"participation[{index}].description")
        c.text(item, "agency", f"participation[{index}].agency", limit=MAX_LINE)
    return c.problems


def validate_section(n: int, data: Any, *, period: Period | None = None,
                     ceiling: Decimal | None = None,
                     target_groups: Iterable[str] | None = None) -> list[Problem]:
    """Malformed values in section ``n`` (1–3). ``period`` bounds the activities' dates (by
    default the period the section itself gives); ``ceiling`` is the fund's budget ceiling;
    ``target_groups`` the fund's allowed codes (``None``: not checked)."""
    if n not in CONTENT_SECTIONS:
        return [Problem(f"section{n}", "no_such_section")]
    if not isinstance(data, Mapping):
        return [Problem(f"section{n}", "invalid")]
    if n == 1:
        return _check_section1(data)
    if n == 2:
        return _check_section2(data, period=period, ceiling=ceiling, target_groups=target_groups)
    return _check_section3(data)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


# --- normalising (what is stored) -------------------------------------------------------------

def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _texts(value: Any) -> list[str]:
    return [item.strip() for item in value or [] if isinstance(item, str) and item.strip()]


def _date_str(value: Any) -> str:
    day = _safe(parse_date, value)
    return day.isoformat() if day else ""


def _int_or_none(value: Any) -> int | None:
    return _safe(parse_int, value)


def _contact(value: Any) -> dict:
    value = value if isinstance(value, Mapping) else {}
    return {part: _text(value.get(part)) for part in ("name", "phone", "email")}


def _blank(item: Mapping) -> bool:
    return not any(v not in (None, "", [], {}) for v in item.values())


def normalise_section(n: int, data: Mapping) -> dict:
    """The section as stored: every key present, text stripped, money as "123.00", dates ISO,
    empty list rows dropped. Call after :func:`validate_section` found no errors."""
    data = data if isinstance(data, Mapping) else {}
    if n == 1:
        history = data.get("fund_history") if isinstance(data.get("fund_history"), Mapping) else {}
        received = history.get("received_before")
        return {
            "current_activities": _texts(data.get("current_activities")),
            "past_year_results": _text(data.get("past_year_results")),
            "fund_history": {
                "received_before": received if received in (True, False) else None,
                "times": _int_or_none(history.get("times")) if received else None,
                "last_year": _int_or_none(history.get("last_year")) if received else None,
                "last_project": _text(history.get("last_project")) if received else "",
                "problems": _text(history.get("problems")) if received else "",
            },
            "other_funding": [
                {"source": _text(i.get("source")), "amount": money_str(_safe(parse_money, i.get("amount"))),
                 "year": _int_or_none(i.get("year"))}
                for i in data.get("other_funding") or [] if isinstance(i, Mapping) and not _blank(i)
            ],
        }
    if n == 2:
        return {
            "name": _text(data.get("name")),
            "target_groups": list(dict.fromkeys(_texts(data.get("target_groups")))),
            "is_research": data.get("is_research") is True,
            "responsible_unit": _contact(data.get("responsible_unit")),
            "coordinator": _contact(data.get("coordinator")),
            "rationale": _text(data.get("rationale")),
            **{key: _texts(data.get(key)) for key in TEXT_LISTS},
            "indicators": [
                {"name": _text(i.get("name")), "unit": _text(i.get("unit")),
                 "target_value": _number_str(_safe(parse_number, i.get("target_value")))}
                for i in data.get("indicators") or [] if isinstance(i, Mapping) and not _blank(i)
            ],
            "location": _text(data.get("location")),
            "method": _text(data.get("method")),
            "period_start": _date_str(data.get("period_start")),
            "period_end": _date_str(data.get("period_end")),
            "requested_budget": money_str(_safe(parse_money, data.get("requested_budget"))),
            "other_sources": [
                {"name": _text(i.get("name")), "amount": money_str(_safe(parse_money, i.get("amount")))}
                for i in data.get("other_sources") or [] if isinstance(i, Mapping) and not _blank(i)
            ],
            "steps": [
                {"name": _text(step.get("name")), "activities": [
                    {"description": _text(a.get("description")), "start": _date_str(a.get("start")),
                     "end": _date_str(a.get("end")),
                     "budget": money_str(_safe(parse_money, a.get("budget")))}
                    for a in _activities(step) if not _blank(a)
                ]}
                for step in _steps(data)
                if _text(step.get("name")) or any(not _blank(a) for a in _activities(step))
            ],
        }
    if n == 3:
        return {"participation": [
            {"type": _text(i.get("type")), "description": _text(i.get("description")),
             "agency": _text(i.get("agency"))}
            for i in data.get("participation") or [] if isinstance(i, Mapping) and not _blank(i)
        ]}
    raise ValueError(f"section {n} has no content")


def empty_content() -> dict:
    return {f"section{n}": normalise_section(n, {}) for n in CONTENT_SECTIONS}


# --- completeness (for submission) ------------------------------------------------------------

def required_attachment_types(content: Mapping, config: FormConfig) -> list[str]:
    required = list(config.required_attachment_types)
    section2 = content.get("section2") or {}
    if section2.get("is_research") is True and RESEARCH_ATTACHMENT not in required:
        required.append(RESEARCH_ATTACHMENT)
    return required


def missing_items(content: Mapping, config: FormConfig, attachments: Iterable[str],
                  saved_sections: Iterable[int] | None = None) -> list[Problem]:
    """Every item that stops a submission, all at once: unsaved sections, empty required fields,
    malformed values, the budget disagreeing with the activities, missing attachment types.
    ``attachments`` are the types of the attached files."""
    problems: list[Problem] = []
    applicable = [n for n in SECTIONS if n in config.sections]
    if saved_sections is not None:
        saved = set(saved_sections)
        problems += [Problem(f"section{n}", "section_not_saved", {"section": n})
                     for n in applicable if n != 4 and n not in saved]

    def need(path: str, value: Any) -> None:
        if value in (None, "", [], {}):
            problems.append(Problem(path, "required"))

    s1 = content.get("section1") or {}
    if 1 in applicable:
        problems += validate_section(1, s1)
        need("section1.current_activities", _texts(s1.get("current_activities")))
        need("section1.past_year_results", _text(s1.get("past_year_results")))
        history = s1.get("fund_history") or {}
        received = history.get("received_before")
        if received not in (True, False):
            problems.append(Problem("section1.fund_history.received_before", "required"))
        elif received:
            need("section1.fund_history.times", history.get("times"))
            need("section1.fund_history.last_year", history.get("last_year"))
            need("section1.fund_history.last_project", _text(history.get("last_project")))
        for i, item in enumerate(s1.get("other_funding") or []):
            need(f"section1.other_funding[{i}].source", _text(item.get("source")))
            need(f"section1.other_funding[{i}].amount", item.get("amount"))

    s2 = content.get("section2") or {}
    period = Period(_safe(parse_date, s2.get("period_start")), _safe(parse_date, s2.get("period_end")))
    problems += validate_section(2, s2, period=period, ceiling=config.budget_ceiling,
                                 target_groups=config.target_groups or None)
    need("section2.name", _text(s2.get("name")))
    if config.target_groups:
        need("section2.target_groups", _texts(s2.get("target_groups")))
    for who in ("responsible_unit", "coordinator"):
        contact = s2.get(who) or {}
        for part in ("name", "phone", "email"):
            need(f"section2.{who}.{part}", _text(contact.get(part)))
    need("section2.rationale", _text(s2.get("rationale")))
    for key in TEXT_LISTS:
        need(f"section2.{key}", _texts(s2.get(key)))
    indicators = s2.get("indicators") or []
    need("section2.indicators", indicators)
    for i, item in enumerate(indicators):
        for part in ("name", "unit", "target_value"):
            need(f"section2.indicators[{i}].{part}", _text(item.get(part)) if part != "target_value"
                 else item.get(part))
    need("section2.location", _text(s2.get("location")))
    need("section2.method", _text(s2.get("method")))
    need("section2.period_start", s2.get("period_start"))
    need("section2.period_end", s2.get("period_end"))
    need("section2.requested_budget", s2.get("requested_budget"))
    for i, item in enumerate(s2.get("other_sources") or []):
        need(f"section2.other_sources[{i}].name", _text(item.get("name")))
        need(f"section2.other_sources[{i}].amount", item.get("amount"))
    steps = s2.get("steps") or []
    need("section2.steps", steps)
    for s, step in enumerate(steps):
        need(f"section2.steps[{s}].name", _text(step.get("name")))
        activities = step.get("activities") or []
        need(f"section2.steps[{s}].activities", activities)
        for a, activity in enumerate(activities):
            for part in ("description", "start", "end", "budget"):
                need(f"section2.steps[{s}].activities[{a}].{part}", activity.get(part))

    if 3 in applicable:
        s3 = content.get("section3") or {}
        problems += validate_section(3, s3)
        for i, item in enumerate(s3.get("participation") or []):
            for part in ("type", "description", "agency"):
                need(f"section3.participation[{i}].{part}", _text(item.get(part)))

    if 4 in applicable:
        present = set(attachments)
        problems += [Problem(f"section4.{kind}", "attachment_missing", {"type": kind})
                     for kind in required_attachment_types(content, config) if kind not in present]
    return problems


# --- differences between two versions ---------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is added / removed / changed; ``path`` as in :class:`Problem`."""

    section: str
    path: str
    kind: str
    old: Any = None
    new: Any = None


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by path: {"section2.steps[0].activities[1].budget": "100.00", ...}."""
    out: dict[str, Any] = {}
    if isinstance(value, Mapping):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        if not value and prefix:
            out[prefix] = {}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix] = value
    return out


def _empty(value: Any) -> bool:
    return value in (None, "", {}, [])


# The form's order of fields, so a diff reads top to bottom like the form.
_FIELD_ORDER = [
    "organisation", "section1", "section2", "section3",
    "current_activities", "past_year_results", "fund_history", "received_before", "times",
    "last_year", "last_project", "problems", "other_funding", "source", "amount", "year",
    "name", "target_groups", "is_research", "responsible_unit", "coordinator", "phone", "email",
    "rationale", "objectives", "targets", "indicators", "unit", "target_value", "outputs",
    "outcomes", "impact", "location", "method", "period_start", "period_end", "requested_budget",
    "other_sources", "steps", "activities", "participation", "type", "description", "start",
    "end", "budget", "agency", "section4", "attachments",
]
_RANK = {name: index for index, name in enumerate(_FIELD_ORDER)}


def _order(path: str) -> tuple:
    # Indexes compare as numbers ("steps[10]" after "steps[2]"), names in the form's order.
    key = []
    for part in re.split(r"[\[\].]+", path):
        if not part:
            continue
        if part.isdigit():
            key.append((0, int(part), ""))
        else:
            key.append((1, _RANK.get(part, len(_RANK)), part))
    return tuple(key)


def diff(a: Mapping, b: Mapping) -> list[Change]:
    """What changed from ``a`` to ``b``, field by field, in the form's order of sections and
    the items' order. Identical content gives an empty list; an empty value counts as absent."""
    old, new = flatten(a or {}), flatten(b or {})
    changes = []
    for path in sorted(set(old) | set(new), key=_order):
        before, after = old.get(path), new.get(path)
        if _empty(before) and _empty(after):
            continue
        if before == after:
            continue
        kind = "added" if _empty(before) else "removed" if _empty(after) else "changed"
        section = path.split(".", 1)[0].split("[", 1)[0]
        changes.append(Change(section, path, kind, before, after))
    return changes
