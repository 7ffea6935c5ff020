"""Dates in validation messages read as people write them: B.E. in Thai, C.E. in English."""

from django.utils import translation

from phonlap.proposals import content
from phonlap.proposals.messages import problem_message


def _outside():
    return content.Problem("section2.steps[0].activities[0].start", "outside_period",
                           {"start": "2026-01-01", "end": "2026-06-30"})


def test_outside_period_message_shows_be_dates_in_thai():
    with translation.override("th"):
        message = problem_message(_outside())
    assert "1 ม.ค. 2569" in message and "30 มิ.ย. 2569" in message
    assert "2026-01-01" not in message


def test_outside_period_message_shows_ce_dates_in_english():
    with translation.override("en"):
        message = problem_message(_outside())
    assert "1 Jan 2026" in message and "30 Jun 2026" in message
