"""The rubric engine on small hand-made rubrics: each kind, problems, pass rules, validation."""

import copy
import dataclasses
from decimal import Decimal

import pytest

from phonlap.review.scoring import (
    PROBLEM_CODES,
    ItemScore,
    Problem,
    ScoreResult,
    score,
    validate_definition,
)


def _labels(item_id):
    return {"label_th": f"ข้อ {item_id}", "label_en": f"Item {item_id}"}


def _rubric(items, *, pass_rule=None, grades=None, basis="total"):
    return {
        "code": "test",
        "version": 1,
        "name_th": "ทดสอบ",
        "name_en": "Test",
        "items": items,
        "grades": grades if grades is not None else [
            {"code": "high", "min": "50", **_labels("high")},
            {"code": "low", "min": "0", **_labels("low")},
        ],
        "grade_basis": basis,
        "pass_rule": pass_rule if pass_rule is not None else {"all": [{"total_at_least": "10"}]},
    }


GATE = {
    "id": "g", "kind": "gate", **_labels("g"),
    "checks": [{"id": "a", **_labels("a")}, {"id": "b", **_labels("b")}],
}
COUNT = {
    "id": "c", "kind": "indicator_count", **_labels("c"), "max": "5",
    "main_label_th": "มี", "main_label_en": "Has",
    "indicators": [{"id": str(n), **_labels(n)} for n in (1, 2, 3, 4)],
    "points": {"0": "0", "1": "0", "2": "1", "3": "3", "4": "5"},
}
CHOICE = {
    "id": "o", "kind": "choice", **_labels("o"), "max": "10",
    "options": [{"id": "yes", "points": "10", **_labels("yes")},
                {"id": "no", "points": "5", **_labels("no")}],
}
BOUNDED = {
    "id": "b", "kind": "bounded", **_labels("b"), "max": "15",
    "choices": [{"id": "clear", "cap": "15", **_labels("clear")},
                {"id": "unclear", "cap": "5", **_labels("unclear")}],
}
FREE = {"id": "f", "kind": "bounded", **_labels("f"), "max": "20"}
TEXT = {"id": "t", "kind": "text", **_labels("t")}
SUMMARY = {"id": "s", "kind": "summary", **_labels("s")}
PRIVATE_ONLY = {**CHOICE, "id": "p", "applies_to": ["private"]}

ALL = _rubric([GATE, COUNT, CHOICE, BOUNDED, FREE, TEXT, SUMMARY])


def _codes(result):
    return [(p.item_id, p.code) for p in result.problems]


def test_the_mini_rubric_is_valid():
    assert validate_definition(ALL) == []


def test_result_shape_is_frozen_and_decimal():
    result = score(ALL, {"o": {"option": "yes"}})
    assert isinstance(result, ScoreResult)
    assert all(isinstance(item, ItemScore) for item in result.items)
    assert [item.id for item in result.items] == ["g", "c", "o", "b", "f", "t", "s"]
    assert isinstance(result.total, Decimal) and isinstance(result.percentage, Decimal)
    assert result.maximum == Decimal(50)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = Decimal(1)
    assert result.item("o") == ItemScore("o", "choice", True, Decimal(10), Decimal(10), None, True)
    with pytest.raises(KeyError):
        result.item("nope")


# --- gate -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checks", "passed"),
    [({"a": True, "b": True}, True), ({"a": True, "b": False}, False), ({"a": True}, False), ({}, False)],
)
def test_gate_requires_all_checks_by_default(checks, passed):
    result = score(_rubric([GATE]), {"g": {"checks": checks}})
    gate = result.item("g")
    assert (gate.passed, gate.answered, gate.points, gate.maximum) == (passed, True, None, 0)
    assert result.gates_passed is passed
    assert result.problems == ()


@pytest.mark.parametrize(("checks", "passed"), [({"a": False, "b": True}, True), ({"a": False}, False)])
def test_gate_require_any(checks, passed):
    rubric = _rubric([{**GATE, "require": "any"}])
    assert score(rubric, {"g": {"checks": checks}}).item("g").passed is passed


def test_unanswered_gate_fails_and_is_not_answered():
    result = score(_rubric([GATE]), {})
    assert result.item("g").passed is False and result.item("g").answered is False
    assert result.gates_passed is False and result.complete is False


def test_no_gates_means_gates_passed():
    assert score(_rubric([CHOICE]), {}).gates_passed is True


def test_gate_problems():
    result = score(_rubric([GATE]), {"g": {"checks": {"a": True, "b": "yes", "zz": True}}})
    assert _codes(result) == [("g", "not_a_boolean"), ("g", "unknown_check")]
    assert result.item("g").passed is False
    assert score(_rubric([GATE]), {"g": {"checks": ["a"]}}).problems[0].code == "malformed"
    assert score(_rubric([GATE]), {"g": "yes"}).problems[0].code == "malformed"


# --- indicator count -------------------------------------------------------------------------------


@pytest.mark.parametrize(("ticks", "points"), [([], 0), (["1"], 0), (["1", "2"], 1), (["1", "2", "4"], 3),
                                               (["4", "3", "2", "1"], 5)])
def test_indicator_count_table(ticks, points):
    item = score(_rubric([COUNT]), {"c": {"present": True, "indicators": ticks}}).item("c")
    assert item.points == Decimal(points) and item.answered


def test_indicator_count_absent_scores_zero_and_ignores_ticks():
    result = score(_rubric([COUNT]), {"c": {"present": False, "indicators": ["1", "2", "3", "4", "bogus"]}})
    assert result.item("c").points == 0 and result.item("c").answered and result.problems == ()


def test_indicator_count_duplicates_count_once():
    item = score(_rubric([COUNT]), {"c": {"present": True, "indicators": ["1", "1", "1", "2"]}}).item("c")
    assert item.points == Decimal(1)


def test_indicator_count_unknown_indicator_is_a_problem_and_scores_nothing():
    result = score(_rubric([COUNT]), {"c": {"present": True, "indicators": ["1", "9", "9"]}})
    assert result.problems == (Problem("c", "unknown_indicator", "The item has no indicator 9.",
                                       {"indicator": "9"}),)
    assert result.item("c").points is None and result.total == 0 and result.passed is False


def test_indicator_count_without_ticks_key_is_zero_indicators():
    assert score(_rubric([COUNT]), {"c": {"present": True}}).item("c").points == 0


@pytest.mark.parametrize("answer", [{"present": "yes"}, {"present": 1}])
def test_indicator_count_present_must_be_boolean(answer):
    assert _codes(score(_rubric([COUNT]), {"c": answer})) == [("c", "not_a_boolean")]


@pytest.mark.parametrize("ticks", ["1,2", [1, 2], {"1": True}])
def test_indicator_count_ticks_must_be_a_list_of_ids(ticks):
    result = score(_rubric([COUNT]), {"c": {"present": True, "indicators": ticks}})
    assert _codes(result) == [("c", "malformed")]


def test_indicator_count_without_present_is_a_draft():
    result = score(_rubric([COUNT]), {"c": {"indicators": ["1", "2"]}})
    assert result.item("c").answered is False and result.item("c").points is None
    assert result.problems == () and result.complete is False


# --- choice -------------------------------------------------------------------------------------


def test_choice_scores_the_option():
    assert score(_rubric([CHOICE]), {"o": {"option": "no"}}).item("o").points == Decimal(5)


def test_choice_unknown_option():
    result = score(_rubric([CHOICE]), {"o": {"option": "maybe"}})
    assert result.problems == (Problem("o", "unknown_option", "The item has no option maybe.",
                                       {"option": "maybe"}),)
    assert result.item("o").points is None


def test_choice_empty_option_is_unanswered():
    assert score(_rubric([CHOICE]), {"o": {"option": ""}}).item("o").answered is False


# --- bounded ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "value", "points"),
    [("clear", "15", "15"), ("clear", "0", "0"), ("clear", "12.5", "12.5"), ("clear", "12.50", "12.5"),
     ("unclear", "5", "5"), ("unclear", "4.99", "4.99"), ("clear", 7, "7"),
     ("clear", Decimal("3.25"), "3.25"),
     ("clear", "-0", "0"), ("clear", " 2 ", "2")],
)
def test_bounded_valid_values(choice, value, points):
    item = score(_rubric([BOUNDED]), {"b": {"choice": choice, "value": value}}).item("b")
    assert item.points == Decimal(points) and item.answered


@pytest.mark.parametrize(
    ("choice", "value", "code"),
    [("unclear", "6", "over_cap"), ("unclear", "5.01", "over_cap"), ("clear", "15.01", "over_cap"),
     ("clear", "-1", "negative"), ("clear", "-0.01", "negative"), ("clear", "1.234", "too_precise"),
     ("clear", "abc", "not_a_number"), ("clear", "NaN", "not_a_number"),
     ("clear", "Infinity", "not_a_number"),
     ("clear", True, "not_a_number"), ("clear", [1], "not_a_number"), ("clear", "1,5", "not_a_number"),
     ("clear", "1e999999", "over_cap"), ("sort of", "1", "unknown_choice")],
)
def test_bounded_errors(choice, value, code):
    result = score(_rubric([BOUNDED]), {"b": {"choice": choice, "value": value}})
    assert code in [p.code for p in result.problems]
    assert result.item("b").points is None and result.item("b").answered is False
    assert result.passed is False


def test_bounded_over_cap_names_the_cap_of_the_choice():
    (problem,) = score(_rubric([BOUNDED]), {"b": {"choice": "unclear", "value": "6"}}).problems
    assert problem.params == {"value": "6", "cap": "5", "choice": "unclear"}
    assert problem.message_en == "The score cannot be above 5 (got 6)."


def test_bounded_without_choices_is_capped_at_max():
    assert score(_rubric([FREE]), {"f": {"value": "20"}}).item("f").points == Decimal(20)
    assert _codes(score(_rubric([FREE]), {"f": {"value": "20.01"}})) == [("f", "over_cap")]


def test_bounded_value_before_choice_is_a_draft_but_still_checked_against_max():
    draft = score(_rubric([BOUNDED]), {"b": {"value": "10"}})
    assert draft.problems == () and draft.item("b").answered is False and draft.total == 0
    assert _codes(score(_rubric([BOUNDED]), {"b": {"value": "16"}})) == [("b", "over_cap")]
    assert score(_rubric([BOUNDED]), {"b": {"choice": "clear", "value": ""}}).item("b").answered is False


def test_bounded_float_from_json_is_read_through_its_text():
    assert score(_rubric([FREE]), {"f": {"value": 12.5}}).item("f").points == Decimal("12.5")
    assert _codes(score(_rubric([FREE]), {"f": {"value": 0.1 + 0.2}})) == [("f", "too_precise")]
    assert _codes(score(_rubric([FREE]), {"f": {"value": float("nan")}})) == [("f", "not_a_number")]


# --- text, summary, comments ----------------------------------------------------------------------


def test_text_and_summary_score_nothing():
    answers = {"t": {"text": "ควรปรับงบประมาณ"}, "s": {"comment": "ok"}}
    result = score(_rubric([CHOICE, TEXT, SUMMARY]), answers)
    assert result.item("t") == ItemScore("t", "text", True, None, Decimal(0), None, True)
    assert result.item("s").points is None and result.maximum == 10
    assert _codes(score(_rubric([TEXT]), {"t": {"text": 5}})) == [("t", "malformed")]
    assert score(_rubric([TEXT]), {"t": {"text": "  "}}).item("t").answered is False


def test_comment_must_be_a_string_and_is_otherwise_ignored():
    fine = score(_rubric([CHOICE]), {"o": {"option": "yes", "comment": "ดีมาก"}})
    assert fine.problems == () and fine.total == 10
    bad = score(_rubric([CHOICE]), {"o": {"option": "yes", "comment": ["x"]}})
    assert _codes(bad) == [("o", "invalid_comment")] and bad.passed is False


# --- completeness, unknown items, applicability -----------------------------------------------------


def test_require_complete_reports_every_missing_scored_item_and_gate_but_not_text():
    result = score(ALL, {"o": {"option": "yes"}}, require_complete=True)
    assert _codes(result) == [("g", "missing"), ("c", "missing"), ("b", "missing"), ("f", "missing")]
    assert result.complete is False and result.passed is False
    lenient = score(ALL, {"o": {"option": "yes"}})
    assert lenient.problems == () and lenient.complete is False


def test_complete_answers():
    answers = {
        "g": {"checks": {"a": True, "b": True}}, "c": {"present": False}, "o": {"option": "yes"},
        "b": {"choice": "clear", "value": "1"}, "f": {"value": "0"},
    }
    result = score(ALL, answers, require_complete=True)
    assert result.problems == () and result.complete is True and result.total == 11 and result.passed


def test_answers_to_unknown_items_are_problems():
    result = score(_rubric([CHOICE]), {"o": {"option": "yes"}, "zz": {"option": "yes"}})
    assert _codes(result) == [("zz", "unknown_item")] and result.total == 10 and result.passed is False


@pytest.mark.parametrize("answers", [["o"], "o", 5])
def test_answers_that_are_not_a_mapping(answers):
    result = score(_rubric([CHOICE]), answers)
    assert _codes(result) == [("", "malformed")] and result.total == 0


def test_none_answers_are_empty():
    assert score(_rubric([CHOICE]), None).problems == ()


def test_inapplicable_items_are_ignored_even_if_answered_or_wrong():
    rubric = _rubric([CHOICE, PRIVATE_ONLY])
    government = score(rubric, {"o": {"option": "yes"}, "p": {"option": "rubbish"}}, "government")
    assert government.problems == () and government.maximum == 10 and government.total == 10
    assert government.item("p") == ItemScore("p", "choice", False, None, Decimal(10), None, False)
    private = score(rubric, {"o": {"option": "yes"}, "p": {"option": "no"}}, "private")
    assert private.maximum == 20 and private.total == 15


def test_without_an_applicant_type_limited_items_do_not_apply_and_it_is_a_problem():
    result = score(_rubric([CHOICE, PRIVATE_ONLY]), {"o": {"option": "yes"}})
    assert result.maximum == 10 and _codes(result) == [("", "applicant_type_required")]
    assert result.passed is False
    # A rubric without limited items needs no applicant type.
    assert score(_rubric([CHOICE]), {"o": {"option": "yes"}}).problems == ()


def test_every_problem_code_has_an_english_message():
    for code, template in PROBLEM_CODES.items():
        assert code and template.endswith(".")


# --- pass rules, percentage, grades ------------------------------------------------------------------


def test_percentage_is_over_the_applicable_maximum_and_rounded_half_up_for_display():
    rubric = _rubric([FREE, {**FREE, "id": "f2", "max": "10"}])  # max 30
    assert score(rubric, {"f": {"value": "10"}}).percentage == Decimal("33.33")
    assert score(rubric, {"f": {"value": "20"}}).percentage == Decimal("66.67")
    assert score(rubric, {"f": {"value": "0.01"}}).percentage == Decimal("0.03")
    assert score(rubric, {}).percentage == Decimal("0.00")


def test_percentage_rule_uses_the_exact_ratio_not_the_rounded_display():
    # max 200: 119.99 / 200 = 59.995 % shows as 60.00 % yet is below 60 %.
    rubric = _rubric([{**FREE, "max": "100"}, {**FREE, "id": "f2", "max": "100"}],
                     pass_rule={"all": [{"percentage_at_least": "60"}]},
                     grades=[{"code": "good", "min": "60", **_labels("good")},
                             {"code": "low", "min": "0", **_labels("low")}], basis="percentage")
    below = score(rubric, {"f": {"value": "100"}, "f2": {"value": "19.99"}})
    assert below.percentage == Decimal("60.00") and below.passed is False and below.grade["code"] == "low"
    at = score(rubric, {"f": {"value": "100"}, "f2": {"value": "20"}})
    assert at.percentage == Decimal("60.00") and at.passed is True and at.grade["code"] == "good"


def test_nested_any_and_all_rules():
    rule = {"any": [{"all": [{"gates_pass": True}, {"total_at_least": "10"}]}, {"total_at_least": "15"}]}
    rubric = _rubric([GATE, FREE], pass_rule=rule)
    gate_ok = {"g": {"checks": {"a": True, "b": True}}}
    assert score(rubric, {**gate_ok, "f": {"value": "10"}}).passed is True
    assert score(rubric, {"f": {"value": "10"}}).passed is False
    assert score(rubric, {"f": {"value": "15"}}).passed is True
    assert score(rubric, {**gate_ok, "f": {"value": "9.99"}}).passed is False


def test_gates_pass_false_rule_is_supported():
    rubric = _rubric([GATE], pass_rule={"all": [{"gates_pass": False}]})
    assert score(rubric, {}).passed is True


def test_grade_bands_on_total():
    rubric = _rubric([FREE, {**FREE, "id": "f2"}, {**FREE, "id": "f3", "max": "60"}])  # max 100
    forty = {"f": {"value": "20"}, "f2": {"value": "20"}}
    assert score(rubric, {**forty, "f3": {"value": "10"}}).grade["code"] == "high"
    assert score(rubric, {**forty, "f3": {"value": "9.99"}}).grade["code"] == "low"


def test_a_rubric_without_grades_has_no_grade_and_a_rubric_without_points_has_zero_percent():
    result = score(_rubric([GATE], grades=[], pass_rule={"all": [{"gates_pass": True}]}),
                   {"g": {"checks": {"a": True, "b": True}}})
    assert result.grade is None and result.maximum == 0 and result.percentage == Decimal("0.00")
    assert result.passed is True


def test_score_does_not_modify_its_inputs():
    rubric = copy.deepcopy(ALL)
    answers = {"c": {"present": True, "indicators": ["1", "1"]}, "b": {"choice": "clear", "value": "3"}}
    before = copy.deepcopy(answers)
    score(rubric, answers, "private", require_complete=True)
    assert rubric == ALL and answers == before


def test_a_malformed_definition_raises_value_error():
    with pytest.raises(ValueError, match="malformed rubric definition"):
        score({"items": [{"id": "x"}]}, {})
    with pytest.raises(ValueError):
        score(_rubric([CHOICE], pass_rule={"sometimes": "1"}), {})
    with pytest.raises(ValueError):
        score(_rubric([{**CHOICE, "options": [{"id": "yes", "points": "lots"}]}]), {"o": {"option": "yes"}})


# --- validate_definition -----------------------------------------------------------------------------


def _broken(change):
    rubric = copy.deepcopy(ALL)
    change(rubric)
    return validate_definition(rubric)


def _item(rubric, item_id):
    return next(item for item in rubric["items"] if item["id"] == item_id)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda r: r["items"].append(copy.deepcopy(CHOICE)), "duplicate id"),
        (lambda r: r["items"].clear(), "items: a non-empty list"),
        (lambda r: r.update(code=""), "code"),
        (lambda r: r.update(version=0), "version"),
        (lambda r: r.update(name_en=""), "name_en"),
        (lambda r: _item(r, "o").update(kind="slider"), "unknown kind"),
        (lambda r: _item(r, "o").update(label_th=""), "label_th"),
        (lambda r: _item(r, "o").pop("max"), "max is required"),
        (lambda r: _item(r, "o").update(max=5.0), "not a number string"),
        (lambda r: _item(r, "o").update(max="-1"), "not a number string"),
        (lambda r: _item(r, "o")["options"][0].update(points="11"), "exceed max"),
        (lambda r: _item(r, "o")["options"][0].update(points="9"), "no option points reach max"),
        (lambda r: _item(r, "o")["options"].append({"id": "yes", "points": "1", **_labels("y")}),
         "duplicate"),
        (lambda r: _item(r, "o").update(options=[]), "options must be a non-empty list"),
        (lambda r: _item(r, "c")["points"].pop("4"), "every count 0..4"),
        (lambda r: _item(r, "c")["points"].update({"5": "5"}), "every count 0..4"),
        (lambda r: _item(r, "c")["points"].update({"4": "6"}), "exceed max"),
        (lambda r: _item(r, "c")["points"].update({"2": "4"}), "must not fall"),
        (lambda r: _item(r, "c")["points"].update({"2": "x"}), "number strings"),
        (lambda r: _item(r, "c").pop("main_label_en"), "main_label_en"),
        (lambda r: _item(r, "c")["indicators"].append({"id": "1", **_labels(1)}), "duplicate indicators"),
        (lambda r: _item(r, "b")["choices"][1].update(cap="16"), "caps exceed max"),
        (lambda r: _item(r, "b")["choices"][0].update(cap="14"), "no caps reach max"),
        (lambda r: _item(r, "b").update(choices=[]), "choices must be a non-empty list"),
        (lambda r: _item(r, "g").update(checks=[]), "checks must be a non-empty list"),
        (lambda r: _item(r, "g").update(require="most"), "require"),
        (lambda r: _item(r, "o").update(category="nowhere"), "unknown category"),
        (lambda r: _item(r, "o").update(applies_to="private"), "applies_to"),
        (lambda r: _item(r, "o").update(assumption="yes"), "assumption"),
        (lambda r: r["grades"].reverse(), "highest min down"),
        (lambda r: r["grades"][1].update(min="5"), "last band must start at 0"),
        (lambda r: r["grades"][1].update(code="high"), "duplicate code"),
        (lambda r: r.update(grade_basis="median"), "grade_basis"),
        (lambda r: r.pop("pass_rule"), "pass_rule: required"),
        (lambda r: r.update(pass_rule={"all": [{"total_at_least": "ten"}]}),
         "pass_rule.all[0].total_at_least"),
        (lambda r: r.update(pass_rule={"most": []}), "unknown rule"),
        (lambda r: r.update(pass_rule={"all": []}), "non-empty list of rules"),
        (lambda r: r.update(pass_rule={"all": [{"gates_pass": "yes"}]}), "gates_pass"),
        (lambda r: r.update(pass_rule={"total_at_least": "1", "gates_pass": True}), "exactly one key"),
        (lambda r: r.update(categories=[{"code": "x", **_labels("x")}, {"code": "x", **_labels("x")}]),
         "duplicate code"),
    ],
)
def test_validate_definition_catches(change, fragment):
    errors = _broken(change)
    assert errors, "the broken rubric was accepted"
    assert any(fragment in error for error in errors), errors


def test_validate_definition_rejects_non_objects():
    assert validate_definition([]) == ["The definition must be an object."]
    assert validate_definition({"items": ["x"]})
