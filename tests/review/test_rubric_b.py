"""Rubric B (Social Enterprise Promotion Fund criteria of 18 June 2567), spec 03 §Rubric B."""

from decimal import Decimal

import pytest

from phonlap.funds.rubrics import RUBRIC_B, SCREENING_FORM, SHIPPED
from phonlap.review.scoring import score, validate_definition

GATE_CHECKS = {"1": 3, "2": 5, "3": 1, "4": 2}


def _item(item_id):
    return next(item for item in RUBRIC_B["items"] if item["id"] == item_id)


def _gate(passing=True, n=5):
    return {"checks": {str(k): passing for k in range(1, n + 1)}}


def _gates(applicant_type):
    own = "1" if applicant_type == "government" else "2"
    return {own: _gate(n=GATE_CHECKS[own]), "3": _gate(n=1), "4": _gate(n=2)}


def _ticks(count):
    return {"present": True, "indicators": [str(n) for n in range(1, count + 1)]}


def _full(applicant_type):
    """Every gate passes, every scored item at its maximum."""
    answers = {
        **_gates(applicant_type),
        "5.1": {"choice": "clear", "value": "15"},
        "5.2": {"choice": "complete", "value": "5"},
        "6": {"option": "consistent"},
        "7.1": _ticks(4), "7.2": _ticks(2), "7.3": _ticks(2), "7.4": _ticks(2), "7.5": _ticks(2),
        "7.6": {"option": "clear"},
        "advice": {"text": "ควรระบุผลตอบแทนทางสังคมเป็นตัวเงิน"},
    }
    if applicant_type == "private":
        answers["8"] = {"option": "none"}
        answers["9"] = {"option": "audited_positive"}
    return answers


def _government_totalling(value_5_1):
    """Government answers: gates pass; 6 = 10, 7.2–7.4 = 30, 7.5 = 10, 7.6 = 1, 7.1 = 0, 5.2 = 0,
    so the total is 51 + the 5.1 value (under "unclear", cap 5)."""
    return {
        **_gates("government"),
        "5.1": {"choice": "unclear", "value": value_5_1},
        "5.2": {"choice": "unclear", "value": "0"},
        "6": {"option": "consistent"},
        "7.1": {"present": False},
        "7.2": _ticks(2), "7.3": _ticks(2), "7.4": _ticks(2),
        "7.5": _ticks(1),
        "7.6": {"option": "unclear"},
    }


def test_rubric_b_is_valid_and_shaped_as_the_criteria():
    assert validate_definition(RUBRIC_B) == []
    assert RUBRIC_B["code"] == "se-criteria"
    ids = [item["id"] for item in RUBRIC_B["items"]]
    assert ids == ["1", "2", "3", "4", "5.1", "5.2", "6", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "8", "9",
                   "advice"]
    assert [len(_item(g)["checks"]) for g in ("1", "2", "3", "4")] == [3, 5, 1, 2]
    assert _item("1")["applies_to"] == ["government"] and _item("2")["applies_to"] == ["private"]
    assert "applies_to" not in _item("3") and "applies_to" not in _item("4")
    assert _item("8")["applies_to"] == ["private"] and _item("9")["applies_to"] == ["private"]
    assert {_item(i)["category"] for i in ("1", "2", "3", "4")} == {"general"}
    assert RUBRIC_B["pass_rule"] == {"all": [{"gates_pass": True}, {"percentage_at_least": "60"}]}
    assert RUBRIC_B["grade_basis"] == "percentage" and "assumption" in RUBRIC_B["notes_en"]
    assert _item("7.1")["label_th"].startswith("ความเหมาะสมสำหรับสถานที่ตั้งโครงการ")
    assert _item("6")["label_th"] == "ความสอดคล้องกับแผนปฏิบัติการส่งเสริมวิสาหกิจเพื่อสังคม"


@pytest.mark.parametrize(("applicant_type", "maximum"), [("private", 100), ("government", 90)])
def test_full_marks(applicant_type, maximum):
    result = score(RUBRIC_B, _full(applicant_type), applicant_type, require_complete=True)
    assert result.problems == () and result.complete
    assert result.total == maximum and result.maximum == maximum
    assert result.percentage == Decimal("100.00") and result.passed is True
    assert result.grade["code"] == "very_good"


def test_government_ignores_items_8_and_9_and_gate_2_even_if_answered():
    answers = _full("government")
    answers["8"] = {"option": "not_remedied"}
    answers["9"] = {"option": "rubbish"}
    answers["2"] = _gate(passing=False)
    result = score(RUBRIC_B, answers, "government", require_complete=True)
    assert result.problems == () and result.maximum == 90 and result.total == 90 and result.passed
    for item_id in ("2", "8", "9"):
        assert result.item(item_id).applicable is False and result.item(item_id).points is None
    assert result.item("1").applicable and result.item("1").passed


def test_private_ignores_gate_1():
    answers = _full("private")
    answers["1"] = _gate(passing=False, n=3)
    result = score(RUBRIC_B, answers, "private", require_complete=True)
    assert result.item("1").applicable is False and result.gates_passed and result.passed


@pytest.mark.parametrize("gate_id", ["1", "3", "4"])
def test_a_failed_gate_fails_even_at_100_percent(gate_id):
    answers = _full("government")
    answers[gate_id]["checks"]["1"] = False
    result = score(RUBRIC_B, answers, "government", require_complete=True)
    assert result.percentage == Decimal("100.00") and result.problems == ()
    assert result.item(gate_id).passed is False and result.gates_passed is False and result.passed is False


@pytest.mark.parametrize("check", ["1", "2", "3", "4", "5"])
def test_every_check_of_gate_2_is_required(check):
    answers = _full("private")
    del answers["2"]["checks"][check]
    result = score(RUBRIC_B, answers, "private")
    assert result.item("2").passed is False and result.passed is False


def test_unanswered_gate_is_missing_when_completeness_is_required():
    answers = _full("private")
    del answers["4"]
    result = score(RUBRIC_B, answers, "private", require_complete=True)
    assert [(p.item_id, p.code) for p in result.problems] == [("4", "missing")]
    assert result.passed is False


# --- the 60 % boundary (government: maximum 90) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value_5_1", "total", "percentage", "passed"),
    [("3", "54", "60.00", True),  # 54 / 90 = 60 % exactly
     ("2.5", "53.5", "59.44", False),  # 59.444…
     ("2.99", "53.99", "59.99", False),  # 59.9888…: the closest a 2-decimal total gets below 54
     ("3.01", "54.01", "60.01", True)],
)
def test_sixty_percent_boundary_for_a_government_applicant(value_5_1, total, percentage, passed):
    result = score(RUBRIC_B, _government_totalling(value_5_1), "government", require_complete=True)
    assert result.problems == ()
    assert result.maximum == 90 and result.total == Decimal(total)
    assert result.percentage == Decimal(percentage) and result.passed is passed
    assert result.grade["code"] == ("good" if passed else "fair")


def test_sixty_percent_boundary_for_a_private_applicant():
    answers = _government_totalling("3")
    del answers["1"]
    answers["2"] = _gate(n=5)
    answers["8"] = {"option": "remedied"}  # 1
    answers["9"] = {"option": "none_or_negative"}  # 0: total 55 of 100
    result = score(RUBRIC_B, answers, "private", require_complete=True)
    assert (result.total, result.maximum, result.passed) == (55, 100, False)
    answers["9"] = {"option": "audited_positive"}  # 60 of 100
    assert score(RUBRIC_B, answers, "private").passed is True


# --- item rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "count", "points"),
    [("7.1", 4, 10), ("7.1", 3, 5), ("7.1", 2, 1), ("7.1", 1, 0), ("7.1", 0, 0),
     ("7.2", 2, 10), ("7.2", 1, 5), ("7.2", 0, 0),
     ("7.3", 2, 10), ("7.3", 1, 5), ("7.3", 0, 0),
     ("7.4", 2, 10), ("7.4", 1, 5), ("7.4", 0, 0),
     ("7.5", 2, 15), ("7.5", 1, 10), ("7.5", 0, 0)],
)
def test_indicator_items(item_id, count, points):
    result = score(RUBRIC_B, {item_id: _ticks(count)}, "private")
    assert result.item(item_id).points == Decimal(points)


@pytest.mark.parametrize("item_id", ["7.1", "7.2", "7.3", "7.4", "7.5"])
def test_indicator_items_absent_score_zero(item_id):
    assert score(RUBRIC_B, {item_id: {"present": False}}, "private").item(item_id).points == 0


def test_location_three_versus_four_indications():
    three = score(RUBRIC_B, {"7.1": {"present": True, "indicators": ["1", "2", "4"]}}, "private")
    four = score(RUBRIC_B, {"7.1": {"present": True, "indicators": ["1", "2", "3", "4"]}}, "private")
    assert (three.item("7.1").points, four.item("7.1").points) == (5, 10)


@pytest.mark.parametrize(
    ("item_id", "option", "points"),
    [("6", "consistent", 10), ("6", "not_consistent", 5), ("7.6", "clear", 5), ("7.6", "unclear", 1),
     ("8", "none", 5), ("8", "remedied", 1), ("8", "not_remedied", 0),
     ("9", "audited_positive", 5), ("9", "none_or_negative", 0)],
)
def test_choice_items(item_id, option, points):
    result = score(RUBRIC_B, {item_id: {"option": option}}, "private")
    assert result.item(item_id).points == Decimal(points) and result.problems == ()


def test_choice_items_reject_unknown_options():
    result = score(RUBRIC_B, {"6": {"option": "partly"}}, "private")
    assert [(p.item_id, p.code) for p in result.problems] == [("6", "unknown_option")]


@pytest.mark.parametrize(
    ("item_id", "choice", "value", "points"),
    [("5.1", "clear", "15", "15"), ("5.1", "clear", "6", "6"), ("5.1", "clear", "14.75", "14.75"),
     ("5.1", "unclear", "5", "5"), ("5.1", "unclear", "0", "0"),
     ("5.2", "complete", "5", "5"), ("5.2", "unclear", "1", "1"), ("5.2", "unclear", "0.5", "0.5")],
)
def test_bounded_items_within_their_caps(item_id, choice, value, points):
    result = score(RUBRIC_B, {item_id: {"choice": choice, "value": value}}, "private")
    assert result.problems == () and result.item(item_id).points == Decimal(points)


@pytest.mark.parametrize(
    ("item_id", "choice", "value", "code"),
    [("5.1", "unclear", "6", "over_cap"), ("5.1", "unclear", "5.01", "over_cap"),
     ("5.1", "clear", "16", "over_cap"), ("5.2", "unclear", "2", "over_cap"),
     ("5.2", "complete", "5.5", "over_cap"),
     ("5.1", "clear", "-1", "negative"), ("5.1", "clear", "12.345", "too_precise"),
     ("5.1", "clear", "twelve", "not_a_number"), ("5.1", "clear", "", None),
     ("5.1", "fuzzy", "3", "unknown_choice")],
)
def test_bounded_items_outside_their_caps(item_id, choice, value, code):
    result = score(RUBRIC_B, {item_id: {"choice": choice, "value": value}}, "private")
    if code is None:  # an empty value is a draft, not an error
        assert result.problems == () and result.item(item_id).answered is False
    else:
        assert [(p.item_id, p.code) for p in result.problems] == [(item_id, code)]
        assert result.item(item_id).points is None
    assert result.total == 0


def test_unclear_5_1_over_cap_is_an_error_not_a_silent_clip():
    answers = _full("private")
    answers["5.1"] = {"choice": "unclear", "value": "6"}
    result = score(RUBRIC_B, answers, "private", require_complete=True)
    assert [p.code for p in result.problems] == ["over_cap"]
    assert result.problems[0].params["cap"] == "5"
    assert result.total == 85 and result.passed is False and result.complete is False


def test_rubric_b_without_an_applicant_type_is_flagged():
    result = score(RUBRIC_B, _full("private"))
    assert [p.code for p in result.problems] == ["applicant_type_required"]
    assert result.maximum == 90 and result.passed is False


# --- the screening form and the shipped set -----------------------------------------------------------------


def test_screening_form_passes_on_its_gates_only():
    assert validate_definition(SCREENING_FORM) == []
    every = {
        "documents": {"checks": {"sections_complete": True, "attachments_present": True,
                                 "signed_by_manager": True}},
        "eligibility": {"checks": {"within_mission": True, "budget_within_ceiling": True}},
        "advice": {"text": ""},
    }
    result = score(SCREENING_FORM, every, "private", require_complete=True)
    assert result.passed is True and result.maximum == 0 and result.grade is None
    every["eligibility"]["checks"]["budget_within_ceiling"] = False
    assert score(SCREENING_FORM, every, "private").passed is False


def test_shipped_rubrics_are_valid_and_keyed_by_code():
    assert set(SHIPPED) == {"def-screening", "def-committee", "se-criteria"}
    for code, definition in SHIPPED.items():
        assert definition["code"] == code
        assert validate_definition(definition) == [], code
