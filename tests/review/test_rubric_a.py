"""Rubric A (disability education fund: working group and subcommittee), spec 03 §Rubric A."""

from decimal import Decimal
from functools import cache

import pytest

from phonlap.funds.rubrics import RUBRIC_A, SCALED_POINTS
from phonlap.review.scoring import score, validate_definition

MAXIMA = {"1": 5, "2": 5, "3": 15, "4": 15, "5": 5, "6": 5, "7": 5, "8": 5, "9": 10, "10": 15, "11": 15}
SCORED = tuple(MAXIMA)


def _item(item_id):
    return next(item for item in RUBRIC_A["items"] if item["id"] == item_id)


def _answer(count):
    """None: "has not"; a number: "has", with the first ``count`` indications ticked."""
    if count is None:
        return {"present": False}
    return {"present": True, "indicators": [str(n) for n in range(1, count + 1)]}


def _answers(counts):
    return {item_id: _answer(count) for item_id, count in counts.items()}


@cache
def _counts_for(target, index=0):
    """Indication counts for items SCORED[index:] whose points sum to ``target`` (None if impossible)."""
    if index == len(SCORED):
        return () if target == 0 else None
    item_id = SCORED[index]
    for count in (4, 3, 2, 0):
        points = int(SCALED_POINTS[MAXIMA[item_id]][str(count)])
        if points <= target and (rest := _counts_for(target - points, index + 1)) is not None:
            return (count, *rest)
    return None


def _answers_totalling(target):
    counts = _counts_for(target)
    assert counts is not None, target
    return _answers(dict(zip(SCORED, counts, strict=True)))


def test_rubric_a_is_valid_and_shaped_as_the_spec_table():
    assert validate_definition(RUBRIC_A) == []
    assert RUBRIC_A["code"] == "def-committee"
    assert RUBRIC_A["form_title_th"] == "แบบกลั่นกรองโครงการ"
    assert [item["id"] for item in RUBRIC_A["items"]] == [str(n) for n in range(1, 14)]
    assert {item["id"]: Decimal(item["max"]) for item in RUBRIC_A["items"] if "max" in item} == {
        k: Decimal(v) for k, v in MAXIMA.items()}
    assert sum(MAXIMA.values()) == 100
    assert _item("12")["kind"] == "summary" and _item("13")["kind"] == "text"
    assert all(_item(i)["kind"] == "indicator_count" and len(_item(i)["indicators"]) == 4 for i in SCORED)
    assert RUBRIC_A["pass_rule"] == {"all": [{"total_at_least": "80"}]}


@pytest.mark.parametrize(
    ("item_id", "label_th"),
    [("1", "ชื่อแผนงานหรือโครงการ"), ("2", "หน่วยงานที่ขอรับการสนับสนุนจากกองทุน"), ("3", "หลักการและเหตุผล"),
     ("4", "วัตถุประสงค์ของโครงการ"), ("5", "การกำหนดกลุ่มเป้าหมายที่เข้าร่วมโครงการ"),
     ("6", "การกำหนดสถานที่ดำเนินงานโครงการ"), ("7", "ระยะเวลาในการดำเนินโครงการ"), ("8", "วิธีการดำเนินงาน"),
     ("9", "ค่าใช้จ่ายที่ขอรับการสนับสนุน"), ("10", "ผลที่คาดว่าจะได้รับ"),
     ("11", "เป้าหมายและตัวชี้วัดของโครงการ"), ("12", "ความคิดเห็นเบื้องต้นต่อโครงการของผู้ประเมิน"),
     ("13", "คำแนะนำของเจ้าหน้าที่กลั่นกรองโครงการ")],
)
def test_thai_labels_follow_the_manual(item_id, label_th):
    assert _item(item_id)["label_th"] == label_th
    assert _item(item_id)["label_en"]


def test_items_2_to_11_are_marked_as_an_editable_assumption_and_item_1_is_not():
    assert "assumption" not in _item("1")
    assert all(_item(i).get("assumption") is True for i in SCORED[1:])
    assert "assumption" in RUBRIC_A["notes_en"] and "สมมติฐาน" in RUBRIC_A["notes_th"]


@pytest.mark.parametrize(("count", "points"), [(None, 0), (0, 0), (1, 0), (2, 1), (3, 3), (4, 5)])
def test_item_1_rule_from_the_manual(count, points):
    result = score(RUBRIC_A, {"1": _answer(count)})
    assert result.item("1").points == Decimal(points)
    assert result.item("1").maximum == 5
    assert result.total == points


def test_item_1_has_not_ignores_ticks():
    assert score(RUBRIC_A, {"1": {"present": False, "indicators": ["1", "2", "3", "4"]}}).total == 0


@pytest.mark.parametrize(
    ("item_id", "table"),
    [("2", [0, 0, 1, 3, 5]), ("5", [0, 0, 1, 3, 5]), ("8", [0, 0, 1, 3, 5]), ("9", [0, 0, 2, 6, 10]),
     ("3", [0, 0, 3, 9, 15]), ("4", [0, 0, 3, 9, 15]), ("10", [0, 0, 3, 9, 15]), ("11", [0, 0, 3, 9, 15])],
)
def test_items_2_to_11_scale_item_1s_table(item_id, table):
    scored = [score(RUBRIC_A, {item_id: _answer(count)}).item(item_id).points for count in range(5)]
    assert scored == [Decimal(p) for p in table]
    assert score(RUBRIC_A, {item_id: _answer(None)}).item(item_id).points == 0


def test_a_full_answer_set_summing_to_exactly_80_passes_very_good():
    counts = {"1": 4, "2": 3, "3": 4, "4": 4, "5": 4, "6": 2, "7": 3, "8": 3, "9": 3, "10": 4, "11": 3}
    answers = _answers(counts)
    answers["3"]["comment"] = "ควรเพิ่มข้อมูลสถิติคนพิการในพื้นที่"
    answers["12"] = {"comment": "โครงการมีความเป็นไปได้"}
    answers["13"] = {"text": "ให้ปรับแผนการดำเนินงานตามข้อเสนอแนะ"}
    result = score(RUBRIC_A, answers, require_complete=True)
    points = {item_id: result.item(item_id).points for item_id in SCORED}
    assert points == {k: Decimal(v) for k, v in
                      {"1": 5, "2": 3, "3": 15, "4": 15, "5": 5, "6": 1, "7": 3, "8": 3, "9": 6, "10": 15,
                       "11": 9}.items()}
    assert result.total == 80 and result.maximum == 100 and result.percentage == Decimal("80.00")
    assert result.grade["code"] == "very_good" and result.grade["label_th"] == "ดีมาก"
    assert result.passed is True and result.complete is True and result.problems == ()

    answers["6"] = _answer(1)  # one indication fewer on location: 79
    lower = score(RUBRIC_A, answers, require_complete=True)
    assert lower.total == 79 and lower.passed is False and lower.grade["code"] == "good"


@pytest.mark.parametrize(("total", "passed"), [(79, False), (80, True), (100, True), (0, False)])
def test_pass_is_a_total_of_80_or_more(total, passed):
    result = score(RUBRIC_A, _answers_totalling(total), require_complete=True)
    assert result.total == total and result.passed is passed


@pytest.mark.parametrize(
    ("total", "code", "label_th"),
    [(0, "needs_improvement", "ควรปรับปรุง"), (19, "needs_improvement", "ควรปรับปรุง"),
     (20, "sufficient", "พอใช้"), (39, "sufficient", "พอใช้"), (40, "fair", "ปานกลาง"), (59, "fair", "ปานกลาง"),
     (60, "good", "ดี"), (79, "good", "ดี"), (80, "very_good", "ดีมาก"), (100, "very_good", "ดีมาก")],
)
def test_grade_boundaries(total, code, label_th):
    result = score(RUBRIC_A, _answers_totalling(total))
    assert result.total == total
    assert (result.grade["code"], result.grade["label_th"]) == (code, label_th)


def test_missing_items_are_reported_only_when_completeness_is_required():
    partial = _answers({"1": 4, "3": 4})
    assert score(RUBRIC_A, partial).problems == ()
    strict = score(RUBRIC_A, partial, require_complete=True)
    assert sorted(p.item_id for p in strict.problems) == sorted(set(SCORED) - {"1", "3"})
    assert all(p.code == "missing" for p in strict.problems)


def test_an_unknown_indication_is_a_problem():
    result = score(RUBRIC_A, {"4": {"present": True, "indicators": ["1", "2", "5"]}})
    assert [(p.item_id, p.code, p.params) for p in result.problems] == [
        ("4", "unknown_indicator", {"indicator": "5"})]


def test_rubric_a_needs_no_applicant_type():
    for applicant_type in (None, "government", "private"):
        result = score(RUBRIC_A, _answers_totalling(100), applicant_type)
        assert result.maximum == 100 and result.problems == ()
