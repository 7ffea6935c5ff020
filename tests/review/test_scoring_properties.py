"""Properties of the rubric engine over generated valid answers to the shipped rubrics."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.funds.rubrics import RUBRIC_A, RUBRIC_B, SHIPPED
from phonlap.review.scoring import score

APPLICANT_TYPES = ("government", "private")
MAXIMUM = {("def-committee", "government"): 100, ("def-committee", "private"): 100,
           ("se-criteria", "government"): 90, ("se-criteria", "private"): 100,
           ("def-screening", "government"): 0, ("def-screening", "private"): 0}


def _value_up_to(cap):
    """A number with at most 2 decimals in [0, cap], written as people type it."""
    return st.integers(0, int(Decimal(cap) * 100)).map(lambda n: str(Decimal(n) / 100))


def _answer(item):
    kind = item["kind"]
    comment = st.sampled_from([{}, {"comment": ""}, {"comment": "ควรปรับปรุงงบประมาณ"}])
    if kind == "gate":
        ids = [check["id"] for check in item["checks"]]
        base = st.dictionaries(st.sampled_from(ids), st.booleans()).map(lambda c: {"checks": c})
    elif kind == "indicator_count":
        ids = [indicator["id"] for indicator in item["indicators"]]
        base = st.tuples(st.booleans(), st.lists(st.sampled_from(ids), max_size=2 * len(ids))).map(
            lambda p: {"present": p[0], "indicators": p[1]})
    elif kind == "choice":
        base = st.sampled_from([option["id"] for option in item["options"]]).map(lambda o: {"option": o})
    elif kind == "bounded":
        choices = item.get("choices") or [{"id": None, "cap": item["max"]}]
        base = st.sampled_from(choices).flatmap(
            lambda c: _value_up_to(c["cap"]).map(
                lambda v, c=c: {"value": v} if c["id"] is None else {"choice": c["id"], "value": v}))
    elif kind == "text":
        base = st.sampled_from([{"text": ""}, {"text": "  "}, {"text": "ข้อเสนอแนะ"}])
    else:
        base = st.just({})
    return st.tuples(base, comment).map(lambda p: {**p[0], **p[1]})


def _answers(definition):
    """Any subset of the items answered validly (inapplicable ones included: they must be ignored)."""
    return st.fixed_dictionaries({}, optional={item["id"]: _answer(item) for item in definition["items"]})


ANSWERS = {code: _answers(definition) for code, definition in SHIPPED.items()}
rubric_and_answers = st.sampled_from(sorted(SHIPPED)).flatmap(
    lambda code: st.tuples(st.just(SHIPPED[code]), ANSWERS[code], st.sampled_from(APPLICANT_TYPES)))


@given(rubric_and_answers)
def test_valid_answers_never_exceed_the_applicable_maximum(case):
    definition, answers, applicant_type = case
    result = score(definition, answers, applicant_type)
    assert result.problems == ()
    assert result.maximum == MAXIMUM[definition["code"], applicant_type]
    assert Decimal(0) <= result.total <= result.maximum
    assert Decimal(0) <= result.percentage <= Decimal(100)
    assert result.total == sum((i.points for i in result.items if i.points is not None), Decimal(0))
    for item in result.items:
        if item.points is not None:
            assert item.applicable and Decimal(0) <= item.points <= item.maximum
    assert result.maximum == sum((i.maximum for i in result.items if i.applicable), Decimal(0))


@given(ANSWERS["se-criteria"], st.sampled_from(APPLICANT_TYPES))
def test_rubric_b_passes_exactly_when_gates_pass_and_the_ratio_reaches_60_percent(answers, applicant_type):
    result = score(RUBRIC_B, answers, applicant_type)
    expected = result.gates_passed and result.total * 100 >= 60 * result.maximum
    assert result.passed is expected


@given(ANSWERS["def-committee"])
def test_rubric_a_passes_exactly_at_80_and_the_grade_follows_the_total(answers):
    result = score(RUBRIC_A, answers)
    assert result.passed is (result.total >= 80)
    band = next(b for b in RUBRIC_A["grades"] if result.total >= Decimal(b["min"]))
    assert result.grade == band


def _count_items(definition):
    return [item for item in definition["items"] if item["kind"] == "indicator_count"]


@pytest.mark.parametrize("definition", [RUBRIC_A, RUBRIC_B], ids=["A", "B"])
@given(data=st.data())
def test_ticking_one_more_present_indication_never_lowers_points_or_total(definition, data):
    applicant_type = data.draw(st.sampled_from(APPLICANT_TYPES))
    answers = data.draw(ANSWERS[definition["code"]])
    item = data.draw(st.sampled_from(_count_items(definition)))
    ids = [indicator["id"] for indicator in item["indicators"]]
    ticked = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids) - 1))
    extra = data.draw(st.sampled_from([i for i in ids if i not in ticked]))
    before_answers = {**answers, item["id"]: {"present": True, "indicators": ticked}}
    after_answers = {**answers, item["id"]: {"present": True, "indicators": [*ticked, extra]}}
    before = score(definition, before_answers, applicant_type)
    after = score(definition, after_answers, applicant_type)
    assert after.item(item["id"]).points >= before.item(item["id"]).points
    assert after.total >= before.total
    assert after.percentage >= before.percentage


@given(st.integers(0, 1500), st.sampled_from(["clear", "unclear"]))
def test_a_bounded_value_is_accepted_exactly_up_to_its_cap(hundredths, choice):
    value = Decimal(hundredths) / 100
    cap = Decimal(15 if choice == "clear" else 5)
    result = score(RUBRIC_B, {"5.1": {"choice": choice, "value": str(value)}}, "private")
    if value <= cap:
        assert result.problems == () and result.item("5.1").points == value
    else:
        assert [p.code for p in result.problems] == ["over_cap"] and result.total == 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.sampled_from(["1", "2", "clear", "unclear", "none", "5", "-1", "1e9", "0.001", "NaN"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["present", "indicators", "option", "choice", "value", "checks", "text", "comment",
                         "1", "2", "3"]), children, max_size=4),
    max_leaves=12,
)


@given(st.sampled_from(sorted(SHIPPED)), st.sampled_from([None, *APPLICANT_TYPES]), st.data())
def test_arbitrary_json_answers_never_raise_and_never_exceed_the_maximum(code, applicant_type, data):
    definition = SHIPPED[code]
    ids = [item["id"] for item in definition["items"]] + ["zz"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), json_values, max_size=8))
    result = score(definition, answers, applicant_type, require_complete=data.draw(st.booleans()))
    assert Decimal(0) <= result.total <= result.maximum
    assert Decimal(0) <= result.percentage <= Decimal(100)
    if result.problems:
        assert result.passed is False and result.complete is False
