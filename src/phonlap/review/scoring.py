"""The rubric engine (pure: no Django). A rubric is data; this module checks it and scores answers.

A rubric definition is a JSON-able dict (``phonlap.funds.rubrics`` ships three)::

    {"code": "def-committee", "version": 1, "name_th": "...", "name_en": "...",
     "form_title_th": "...", "form_title_en": "...", "notes_th": "...", "notes_en": "...",
     "categories": [{"code": "general", "label_th": "...", "label_en": "..."}],   # optional
     "items": [item, ...],
     "grades": [{"code": "very_good", "min": "80", "label_th": "ดีมาก", "label_en": "Very good"}, ...],
     "grade_basis": "total" | "percentage",
     "pass_rule": {"all": [{"gates_pass": True}, {"percentage_at_least": "60"}]}}

Every item has ``id``, ``kind``, ``label_th``, ``label_en`` and optionally ``category``,
``applies_to`` (applicant types, e.g. ``["private"]``; absent = everyone), ``assumption``,
``help_th``/``help_en``. Kinds and their answers:

=================  ==========================================  ===========================================
kind               definition                                  answer
=================  ==========================================  ===========================================
gate               ``checks`` [{id, labels}], ``require``      ``{"checks": {"<id>": true}}`` (missing =
                   "all" (default) or "any"; no points         false); passes iff the required checks hold
indicator_count    ``max``, ``main_label_*``, ``indicators``,  ``{"present": true, "indicators": [ids]}``;
                   ``points`` {"0": "0", ..., "N": "5"}        "present": false scores 0, ticks ignored
choice             ``max``, ``options`` [{id, labels, points}]  ``{"option": "<id>"}``
bounded            ``max``, optional ``choices``               ``{"choice": "<id>", "value": "12.5"}``,
                   [{id, labels, cap}] (no choices: cap = max)  0 <= value <= cap, at most 2 decimals
text               nothing                                     ``{"text": "..."}``, no points
summary            nothing (shows the total and the grade)     no input
=================  ==========================================  ===========================================

Every answer may carry ``"comment": "..."`` (advice per criterion). Numbers in definitions and
answers are strings (``Decimal``), never floats in the arithmetic.

:func:`score` never raises on bad answers: it returns :class:`Problem` codes (see
:data:`PROBLEM_CODES`) that the Django layer turns into translated messages. A malformed
*definition* raises ``ValueError``; :func:`validate_definition` lists what is wrong with one.

Decisions where the spec is silent:

* An item whose answer has a problem scores nothing (``points`` is ``None``) and the result does
  not pass, whatever the total: an invalid form never passes.
* A partly filled answer (a choice but no value yet, "present" not chosen yet) is a draft: it
  scores nothing and is a ``missing`` problem only with ``require_complete=True``.
* Pass rules and grade bands compare the exact ratio ``total / maximum``; ``percentage`` is
  rounded half up to 0.01 for display only (59.995 % shows as 60.00 % but fails a 60 % rule).
* Without an applicant type, items limited to some applicant types do not apply and the result
  carries an ``applicant_type_required`` problem (so it cannot pass by accident).
* Answers keyed by an id the rubric does not have are an ``unknown_item`` problem; answers to
  items that do not apply to the applicant are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

KINDS = ("gate", "indicator_count", "choice", "bounded", "text", "summary")
SCORED_KINDS = frozenset({"indicator_count", "choice", "bounded"})
GRADE_BASES = ("total", "percentage")
GATE_REQUIRE = ("all", "any")
RULE_KEYS = ("all", "any", "total_at_least", "percentage_at_least", "gates_pass")

# code -> English message template (``str.format`` with the problem's params). The Django layer
# translates by code; the English text is for logs, tests and the API.
PROBLEM_CODES: dict[str, str] = {
    "missing": "An answer is required.",
    "malformed": "The answer is not in the expected form.",
    "invalid_comment": "The comment must be text.",
    "not_a_boolean": "{field} must be yes or no.",
    "unknown_item": "The rubric has no item {item}.",
    "unknown_check": "The gate has no check {check}.",
    "unknown_indicator": "The item has no indicator {indicator}.",
    "unknown_option": "The item has no option {option}.",
    "unknown_choice": "The item has no choice {choice}.",
    "not_a_number": "{value} is not a number.",
    "negative": "The score cannot be below 0 (got {value}).",
    "over_cap": "The score cannot be above {cap} (got {value}).",
    "too_precise": "The score can have at most 2 decimal places (got {value}).",
    "applicant_type_required": "The applicant type is needed to know which items apply.",
}

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Problem:
    item_id: str  # "" for a problem of the whole form
    code: str
    message_en: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemScore:
    id: str
    kind: str
    applicable: bool
    points: Decimal | None  # None: no points (gate, text, summary), not answered, or invalid
    maximum: Decimal  # the item's maximum (0 for kinds without points)
    passed: bool | None  # gates only
    answered: bool  # a complete, valid answer was given


@dataclass(frozen=True)
class ScoreResult:
    items: tuple[ItemScore, ...]
    total: Decimal
    maximum: Decimal  # over the applicable items
    percentage: Decimal  # total / maximum x 100, rounded half up to 0.01: display only
    grade: dict[str, Any] | None
    gates_passed: bool
    passed: bool
    problems: tuple[Problem, ...]
    complete: bool

    def item(self, item_id: str) -> ItemScore:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def problems_for(self, item_id: str) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.item_id == item_id)


def _problem(item_id: str, code: str, **params: Any) -> Problem:
    return Problem(item_id, code, PROBLEM_CODES[code].format(**params), params)


# --- definitions -------------------------------------------------------------------------------


def _dec(value: Any) -> Decimal:
    """A number of a definition: a string or an int (never a float or a bool), finite, >= 0."""
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"not a number string: {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite() or number < 0:
        raise ValueError(f"not a finite number >= 0: {value!r}")
    return number


def item_maximum(item: dict[str, Any]) -> Decimal:
    """The points an item can give (0 for gates, text and summaries)."""
    if item["kind"] in SCORED_KINDS:
        return _dec(item["max"])
    return ZERO


def is_applicable(item: dict[str, Any], applicant_type: str | None) -> bool:
    applies_to = item.get("applies_to")
    if applies_to is None:
        return True
    return applicant_type is not None and applicant_type in applies_to


def validate_definition(definition: Any) -> list[str]:
    """Structural problems of a rubric definition, in English (empty list = usable)."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        return ["The definition must be an object."]
    if not isinstance(definition.get("code"), str) or not definition.get("code"):
        errors.append("code: a non-empty string is required.")
    version = definition.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors.append("version: a whole number from 1 is required.")
    for key in ("name_th", "name_en"):
        if not isinstance(definition.get(key), str) or not definition[key].strip():
            errors.append(f"{key}: a non-empty string is required.")
    for key in ("form_title_th", "form_title_en", "notes_th", "notes_en"):
        if key in definition and not isinstance(definition[key], str):
            errors.append(f"{key}: must be a string.")

    categories = definition.get("categories", [])
    category_codes: set[str] = set()
    if not isinstance(categories, list):
        errors.append("categories: must be a list.")
        categories = []
    for index, category in enumerate(categories):
        if not isinstance(category, dict) or not isinstance(category.get("code"), str):
            errors.append(f"categories[{index}]: an object with a string code is required.")
            continue
        if category["code"] in category_codes:
            errors.append(f"categories[{index}]: duplicate code {category['code']!r}.")
        category_codes.add(category["code"])
        errors.extend(_label_errors(f"categories[{index}]", category))

    items = definition.get("items")
    if not isinstance(items, list) or not items:
        errors.append("items: a non-empty list is required.")
        items = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(f"items[{index}]: must be an object.")
            continue
        item_id = item.get("id")
        where = f"item {item_id!r}" if isinstance(item_id, str) else f"items[{index}]"
        if not isinstance(item_id, str) or not item_id:
            errors.append(f"{where}: id must be a non-empty string.")
        elif item_id in seen:
            errors.append(f"{where}: duplicate id.")
        else:
            seen.add(item_id)
        errors.extend(_item_errors(where, item, category_codes))

    errors.extend(_grade_errors(definition))
    if "pass_rule" not in definition:
        errors.append("pass_rule: required.")
    else:
        errors.extend(_rule_errors("pass_rule", definition["pass_rule"]))
    return errors


def _label_errors(
    where: str, obj: dict[str, Any], keys: tuple[str, ...] = ("label_th", "label_en")
) -> list[str]:
    return [
        f"{where}: {key} must be a non-empty string."
        for key in keys
        if not isinstance(obj.get(key), str) or not obj[key].strip()
    ]


def _number_error(where: str, value: Any) -> str | None:
    try:
        _dec(value)
    except ValueError:
        return f"{where}: {value!r} is not a number string >= 0."
    return None


def _listed(where: str, entries: Any, what: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Check a non-empty list of labelled entries with unique string ids."""
    if not isinstance(entries, list) or not entries:
        return [f"{where}: {what} must be a non-empty list."], []
    errors: list[str] = []
    good: list[dict[str, Any]] = []
    ids: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            errors.append(f"{where}: {what}[{index}] needs a non-empty string id.")
            continue
        if entry["id"] in ids:
            errors.append(f"{where}: duplicate {what} id {entry['id']!r}.")
        ids.add(entry["id"])
        errors.extend(_label_errors(f"{where}: {what} {entry['id']!r}", entry))
        good.append(entry)
    return errors, good


def _item_errors(where: str, item: dict[str, Any], category_codes: set[str]) -> list[str]:
    errors = _label_errors(where, item)
    kind = item.get("kind")
    if kind not in KINDS:
        return [*errors, f"{where}: unknown kind {kind!r}."]
    if "category" in item and item["category"] not in category_codes:
        errors.append(f"{where}: unknown category {item['category']!r}.")
    applies_to = item.get("applies_to")
    if applies_to is not None and (
        not isinstance(applies_to, list) or not applies_to or not all(isinstance(t, str) for t in applies_to)
    ):
        errors.append(f"{where}: applies_to must be a non-empty list of applicant types.")
    if "assumption" in item and not isinstance(item["assumption"], bool):
        errors.append(f"{where}: assumption must be true or false.")
    for key in ("help_th", "help_en"):
        if key in item and not isinstance(item[key], str):
            errors.append(f"{where}: {key} must be a string.")

    maximum: Decimal | None = None
    if kind in SCORED_KINDS:
        if "max" not in item:
            return [*errors, f"{where}: max is required."]
        if problem := _number_error(f"{where}: max", item["max"]):
            return [*errors, problem]
        maximum = _dec(item["max"])

    if kind == "gate":
        problems, _ = _listed(where, item.get("checks"), "checks")
        errors.extend(problems)
        if item.get("require", "all") not in GATE_REQUIRE:
            errors.append(f"{where}: require must be 'all' or 'any'.")
    elif kind == "indicator_count":
        errors.extend(_label_errors(where, item, ("main_label_th", "main_label_en")))
        problems, indicators = _listed(where, item.get("indicators"), "indicators")
        errors.extend(problems)
        table = item.get("points")
        expected = {str(n) for n in range(len(indicators) + 1)}
        if not isinstance(table, dict) or set(table) != expected:
            errors.append(f"{where}: points must map every count 0..{len(indicators)} to points.")
        elif not any(_number_error(where, v) for v in table.values()):
            values = [_dec(table[str(n)]) for n in range(len(indicators) + 1)]
            errors.extend(_top_errors(where, "points", values, maximum))
            if any(values[n + 1] < values[n] for n in range(len(values) - 1)):
                errors.append(f"{where}: points must not fall as more indicators are present.")
        else:
            errors.append(f"{where}: points must be number strings >= 0.")
    elif kind == "choice":
        problems, options = _listed(where, item.get("options"), "options")
        errors.extend(problems)
        values = []
        for option in options:
            if problem := _number_error(f"{where}: option {option['id']!r} points", option.get("points")):
                errors.append(problem)
            else:
                values.append(_dec(option["points"]))
        if values and len(values) == len(options):
            errors.extend(_top_errors(where, "option points", values, maximum))
    elif kind == "bounded" and "choices" in item:
        problems, choices = _listed(where, item.get("choices"), "choices")
        errors.extend(problems)
        values = []
        for choice in choices:
            if problem := _number_error(f"{where}: choice {choice['id']!r} cap", choice.get("cap")):
                errors.append(problem)
            else:
                values.append(_dec(choice["cap"]))
        if values and len(values) == len(choices):
            errors.extend(_top_errors(where, "caps", values, maximum))
    return errors


def _top_errors(where: str, what: str, values: list[Decimal], maximum: Decimal | None) -> list[str]:
    """Values never exceed the item's max, and the best of them reaches it."""
    assert maximum is not None
    if any(v > maximum for v in values):
        return [f"{where}: {what} exceed max {maximum}."]
    if max(values) != maximum:
        return [f"{where}: no {what} reach max {maximum}."]
    return []


def _grade_errors(definition: dict[str, Any]) -> list[str]:
    errors = []
    if definition.get("grade_basis", "total") not in GRADE_BASES:
        errors.append("grade_basis: must be 'total' or 'percentage'.")
    grades = definition.get("grades", [])
    if not isinstance(grades, list):
        return [*errors, "grades: must be a list."]
    mins: list[Decimal] = []
    codes: set[str] = set()
    for index, band in enumerate(grades):
        where = f"grades[{index}]"
        if not isinstance(band, dict) or not isinstance(band.get("code"), str) or not band["code"]:
            errors.append(f"{where}: an object with a non-empty code is required.")
            continue
        if band["code"] in codes:
            errors.append(f"{where}: duplicate code {band['code']!r}.")
        codes.add(band["code"])
        errors.extend(_label_errors(where, band))
        if problem := _number_error(f"{where}: min", band.get("min")):
            errors.append(problem)
        else:
            mins.append(_dec(band["min"]))
    if any(mins[n + 1] >= mins[n] for n in range(len(mins) - 1)):
        errors.append("grades: bands must be listed from the highest min down, each lower than the last.")
    if mins and len(mins) == len(grades) and mins[-1] != 0:
        errors.append("grades: the last band must start at 0 so every score has a grade.")
    return errors


def _rule_errors(where: str, rule: Any) -> list[str]:
    if not isinstance(rule, dict) or len(rule) != 1:
        return [f"{where}: a rule is an object with exactly one key."]
    ((key, arg),) = rule.items()
    if key not in RULE_KEYS:
        return [f"{where}: unknown rule {key!r}."]
    if key in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            return [f"{where}.{key}: a non-empty list of rules is required."]
        return [e for index, sub in enumerate(arg) for e in _rule_errors(f"{where}.{key}[{index}]", sub)]
    if key == "gates_pass":
        return [] if isinstance(arg, bool) else [f"{where}.gates_pass: must be true or false."]
    problem = _number_error(f"{where}.{key}", arg)
    return [problem] if problem else []


# --- scoring -----------------------------------------------------------------------------------


def score(
    definition: dict[str, Any],
    answers: dict[str, Any] | None,
    applicant_type: str | None = None,
    *,
    require_complete: bool = False,
) -> ScoreResult:
    """Score ``answers`` (item id -> answer) against a rubric for an applicant type."""
    try:
        return _score(definition, answers, applicant_type, require_complete)
    except (KeyError, TypeError, AttributeError, InvalidOperation) as exc:
        raise ValueError(f"malformed rubric definition: {exc!r}") from exc


def _score(
    definition: dict[str, Any], answers: Any, applicant_type: str | None, require_complete: bool
) -> ScoreResult:
    problems: list[Problem] = []
    if answers is None:
        answers = {}
    elif not isinstance(answers, dict):
        problems.append(_problem("", "malformed"))
        answers = {}

    scores: list[ItemScore] = []
    total = ZERO
    maximum = ZERO
    gates_passed = True
    complete = True
    needs_type = False
    known: set[str] = set()
    for item in definition["items"]:
        item_id = item["id"]
        kind = item["kind"]
        known.add(item_id)
        item_max = item_maximum(item)
        if not is_applicable(item, applicant_type):
            needs_type = needs_type or applicant_type is None
            scores.append(ItemScore(item_id, kind, False, None, item_max, None, False))
            continue
        answer = answers.get(item_id)
        found: list[Problem] = []
        points, passed, answered = _SCORERS[kind](item, answer, item_max, found)
        if isinstance(answer, dict) and not isinstance(answer.get("comment", ""), str):
            found.append(_problem(item_id, "invalid_comment"))
        if found:
            points, answered = None, False
            if passed:
                passed = False
        wanted = kind in SCORED_KINDS or kind == "gate"
        if wanted and not answered and not found:
            complete = False
            if require_complete:
                found.append(_problem(item_id, "missing"))
        problems.extend(found)
        if kind == "gate" and not passed:
            gates_passed = False
        maximum += item_max
        if points is not None:
            total += points
        scores.append(ItemScore(item_id, kind, True, points, item_max, passed, answered))

    for key in answers:
        if key not in known:
            problems.append(_problem(str(key), "unknown_item", item=key))
    if needs_type:
        problems.append(_problem("", "applicant_type_required"))

    if maximum > 0:
        percentage = (total * HUNDRED / maximum).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        percentage = ZERO.quantize(CENT)
    facts = _Facts(total, maximum, gates_passed)
    basis = definition.get("grade_basis", "total")
    grade = None
    for band in definition.get("grades", ()):
        threshold = _dec(band["min"])
        if (facts.total_at_least(threshold) if basis == "total" else facts.percentage_at_least(threshold)):
            grade = band
            break
    passed = not problems and _rule(definition["pass_rule"], facts)
    return ScoreResult(
        items=tuple(scores),
        total=total,
        maximum=maximum,
        percentage=percentage,
        grade=grade,
        gates_passed=gates_passed,
        passed=passed,
        problems=tuple(problems),
        complete=complete and not problems,
    )


@dataclass(frozen=True)
class _Facts:
    total: Decimal
    maximum: Decimal
    gates_passed: bool

    def total_at_least(self, threshold: Decimal) -> bool:
        return self.total >= threshold

    def percentage_at_least(self, threshold: Decimal) -> bool:
        """Exact: total / maximum * 100 >= threshold, without rounding (no maximum = 0 %)."""
        if self.maximum <= 0:
            return threshold <= 0
        return self.total * HUNDRED >= threshold * self.maximum


def _rule(rule: dict[str, Any], facts: _Facts) -> bool:
    if not isinstance(rule, dict) or len(rule) != 1:
        raise ValueError(f"malformed pass rule: {rule!r}")
    ((key, arg),) = rule.items()
    if key == "all":
        return all([_rule(sub, facts) for sub in arg])
    if key == "any":
        return any([_rule(sub, facts) for sub in arg])
    if key == "total_at_least":
        return facts.total_at_least(_dec(arg))
    if key == "percentage_at_least":
        return facts.percentage_at_least(_dec(arg))
    if key == "gates_pass":
        return facts.gates_passed is bool(arg)
    raise ValueError(f"unknown pass rule {key!r}")


# Each scorer returns (points, passed, answered) and appends problems to ``found``.
# "answered" means a complete answer; the caller clears points and answered if problems were found.


def _as_dict(item: dict[str, Any], answer: Any, found: list[Problem]) -> dict[str, Any] | None:
    if answer is None:
        return None
    if not isinstance(answer, dict):
        found.append(_problem(item["id"], "malformed"))
        return None
    return answer


def _score_gate(item, answer, item_max, found):
    answer = _as_dict(item, answer, found)
    checks = None if answer is None else answer.get("checks")
    if checks is None:
        return None, False, False
    if not isinstance(checks, dict):
        found.append(_problem(item["id"], "malformed"))
        return None, False, False
    check_ids = [check["id"] for check in item["checks"]]
    for key, value in checks.items():
        if key not in check_ids:
            found.append(_problem(item["id"], "unknown_check", check=key))
        elif not isinstance(value, bool):
            found.append(_problem(item["id"], "not_a_boolean", field=key))
    ticked = [checks.get(check_id) is True for check_id in check_ids]
    passed = any(ticked) if item.get("require", "all") == "any" else all(ticked)
    return None, passed, True


def _score_indicator_count(item, answer, item_max, found):
    answer = _as_dict(item, answer, found)
    present = None if answer is None else answer.get("present")
    if present is None:
        return None, None, False
    if not isinstance(present, bool):
        found.append(_problem(item["id"], "not_a_boolean", field="present"))
        return None, None, False
    if not present:
        return ZERO, None, True
    ticks = answer.get("indicators", [])
    if not isinstance(ticks, (list, tuple)) or not all(isinstance(t, str) for t in ticks):
        found.append(_problem(item["id"], "malformed"))
        return None, None, False
    indicator_ids = {indicator["id"] for indicator in item["indicators"]}
    unknown = [t for t in dict.fromkeys(ticks) if t not in indicator_ids]
    for tick in unknown:
        found.append(_problem(item["id"], "unknown_indicator", indicator=tick))
    count = len(set(ticks) & indicator_ids)
    return _dec(item["points"][str(count)]), None, True


def _score_choice(item, answer, item_max, found):
    answer = _as_dict(item, answer, found)
    option_id = None if answer is None else answer.get("option")
    if option_id is None or option_id == "":
        return None, None, False
    for option in item["options"]:
        if option["id"] == option_id:
            return _dec(option["points"]), None, True
    found.append(_problem(item["id"], "unknown_option", option=option_id))
    return None, None, False


def _score_bounded(item, answer, item_max, found):
    answer = _as_dict(item, answer, found)
    if answer is None:
        return None, None, False
    cap: Decimal | None = item_max
    choice_id = answer.get("choice")
    if "choices" in item:
        cap = None
        if choice_id is not None and choice_id != "":
            for choice in item["choices"]:
                if choice["id"] == choice_id:
                    cap = _dec(choice["cap"])
                    break
            else:
                found.append(_problem(item["id"], "unknown_choice", choice=choice_id))
    raw = answer.get("value")
    if raw is None or raw == "":
        return None, None, False
    value = _number(raw)
    if value is None:
        found.append(_problem(item["id"], "not_a_number", value=raw))
        return None, None, False
    if value < 0:
        found.append(_problem(item["id"], "negative", value=raw))
        return None, None, False
    limit = item_max if cap is None else cap
    if value > limit:
        params = {"value": raw, "cap": str(limit)}
        if choice_id is not None:
            params["choice"] = choice_id
        found.append(_problem(item["id"], "over_cap", **params))
        return None, None, False
    if value.quantize(CENT) != value:
        found.append(_problem(item["id"], "too_precise", value=raw))
        return None, None, False
    if cap is None:  # a value typed before the choice: a draft
        return None, None, False
    return value + ZERO, None, True  # + 0 turns -0 into 0


def _number(raw: Any) -> Decimal | None:
    """A number an assessor typed: a string, an int or a Decimal (a float from JSON via its text)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        raw = repr(raw)
    if not isinstance(raw, (str, int, Decimal)):
        return None
    try:
        value = Decimal(raw.strip() if isinstance(raw, str) else raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _score_text(item, answer, item_max, found):
    answer = _as_dict(item, answer, found)
    text = None if answer is None else answer.get("text")
    if text is None:
        return None, None, False
    if not isinstance(text, str):
        found.append(_problem(item["id"], "malformed"))
        return None, None, False
    return None, None, bool(text.strip())


def _score_summary(item, answer, item_max, found):
    _as_dict(item, answer, found)
    return None, None, False


_SCORERS = {
    "gate": _score_gate,
    "indicator_count": _score_indicator_count,
    "choice": _score_choice,
    "bounded": _score_bounded,
    "text": _score_text,
    "summary": _score_summary,
}
