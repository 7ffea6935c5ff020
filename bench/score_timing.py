"""Time one rubric score (spec 07: <= 1 ms per result). Run: .venv/bin/python bench/score_timing.py"""

import timeit

from phonlap.funds.rubrics import RUBRIC_A, RUBRIC_B
from phonlap.review.scoring import score, validate_definition


def _ticks(count):
    return {"present": True, "indicators": [str(n) for n in range(1, count + 1)], "comment": "ok"}


ANSWERS_B = {
    "2": {"checks": {str(n): True for n in range(1, 6)}},
    "3": {"checks": {"1": True}},
    "4": {"checks": {"1": True, "2": True}},
    "5.1": {"choice": "clear", "value": "12.5", "comment": "ชัดเจน"},
    "5.2": {"choice": "complete", "value": "4"},
    "6": {"option": "consistent"},
    "7.1": _ticks(3), "7.2": _ticks(2), "7.3": _ticks(1), "7.4": _ticks(2), "7.5": _ticks(2),
    "7.6": {"option": "clear"},
    "8": {"option": "none"},
    "9": {"option": "audited_positive"},
    "advice": {"text": "ควรระบุผลตอบแทนทางสังคม"},
}
ANSWERS_A = {str(n): _ticks(n % 5) for n in range(1, 12)} | {"13": {"text": "ข้อเสนอแนะ"}}


def _per_call_us(statement, number=2000):
    best = min(timeit.repeat(statement, number=number, repeat=5))
    return best / number * 1e6


def main():
    cases = {
        "rubric B, private, complete": lambda: score(RUBRIC_B, ANSWERS_B, "private", require_complete=True),
        "rubric A, complete": lambda: score(RUBRIC_A, ANSWERS_A, require_complete=True),
        "validate_definition(rubric B)": lambda: validate_definition(RUBRIC_B),
    }
    for name, call in cases.items():
        print(f"{name}: {_per_call_us(call):.1f} µs per call")


if __name__ == "__main__":
    main()
