"""The record-result form built from rubric definitions: field names per item kind, the answers
dict it gives ``review.scoring`` and back (a draft fills the form again), applicant types, the
outcome choices of each stage form, the confirmation of a final submission, domain errors placed
at their item or field, and the screening form's pre-filled checks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from phonlap.core.exceptions import ValidationFailed
from phonlap.funds.rubrics import RUBRIC_A, RUBRIC_B, SCREENING_FORM
from phonlap.review import scoring
from phonlap.review.result_forms import (
    CONSIDERED,
    RecordForm,
    initial_from_answers,
    screening_prefill,
)
from tests.review.factories import full_answers


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def make(definition, data=None, *, stage_form="rubric", applicant="private", answers=None,
         submitting=False, **initial):
    return RecordForm(data, stage_form=stage_form, definition=definition, applicant_type=applicant,
                      answers=answers, initial={"stage": 1, "lock_version": 0, **initial},
                      submitting=submitting)


def base(**extra):
    return {"stage": "1", "lock_version": "0", **extra}


# --- fields ---------------------------------------------------------------------------------------

def test_rubric_a_has_present_indicators_and_a_comment_per_item_a_summary_and_a_text():
    form = make(RUBRIC_A)
    names = set(form.fields)
    for number in range(1, 12):
        assert {f"item-{number}-present", f"item-{number}-indicators", f"item-{number}-comment"} <= names
    assert "item-12-comment" in names  # the summary shows the total; it takes a comment
    assert "item-13-text" in names and "item-13-comment" not in names  # the text is the comment
    assert [view.kind for view in form.items][-2:] == ["summary", "text"]
    assert form.items[0].maximum == Decimal("5") and form.items[2].maximum == Decimal("15")
    assert "approved_amount" not in names and "signed_off_on" not in names


def test_rubric_b_fields_follow_the_applicant_type():
    private = make(RUBRIC_B, applicant="private")
    government = make(RUBRIC_B, applicant="government")
    assert "item-2-check-5" in private.fields and "item-1-check-1" not in private.fields
    assert "item-1-check-3" in government.fields and "item-2-check-1" not in government.fields
    for name in ("item-8-option", "item-9-option"):
        assert name in private.fields and name not in government.fields
    assert {"item-5.1-choice", "item-5.1-value", "item-6-option", "item-7.1-present"} <= set(private.fields)
    caps = dict(private.items[[v.id for v in private.items].index("5.1")].caps)
    assert caps == {"Clear": "15", "Not clear": "5"}


def test_labels_follow_the_language():
    with translation.override("th"):
        form = make(RUBRIC_A)
        assert form.items[0].label == "ชื่อแผนงานหรือโครงการ"
    with translation.override("en"):
        form = make(RUBRIC_A)
        assert form.items[0].label == "Plan or project name"


@pytest.mark.parametrize(("stage_form", "outcomes"), [
    ("screening", ["passed", "not_passed", "not_passed_documents"]),
    ("rubric", [CONSIDERED, "not_considered"]),
    ("approval", ["approved", "rejected", "not_considered"]),
])
def test_each_stage_form_offers_its_outcomes(stage_form, outcomes):
    definition = {"screening": SCREENING_FORM, "rubric": RUBRIC_A, "approval": None}[stage_form]
    form = make(definition, stage_form=stage_form)
    assert [value for value, _label in form.fields["outcome"].choices] == outcomes
    assert ("approved_amount" in form.fields) == (stage_form == "approval")


def test_a_rubric_stage_considered_means_the_score_decides():
    form = make(RUBRIC_A, base(outcome=CONSIDERED))
    assert form.is_valid() and form.outcome() == ""
    form = make(RUBRIC_A, base(outcome="not_considered"))
    assert form.is_valid() and form.outcome() == "not_considered"
    assert not make(RUBRIC_A, base(outcome="passed")).is_valid()


# --- answers both ways -------------------------------------------------------------------------

def test_the_answers_dict_of_every_kind():
    data = base(**{
        "item-2-check-1": "on", "item-2-check-3": "on",
        "item-5.1-choice": "clear", "item-5.1-value": "12.5", "item-5.1-comment": "  Sharp.  ",
        "item-6-option": "consistent",
        "item-7.1-present": "yes", "item-7.1-indicators": ["1", "3"],
        "item-7.2-present": "no", "item-7.2-indicators": ["1"],
        "item-advice-text": "Well done.",
    })
    form = make(RUBRIC_B, data)
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert answers["2"] == {"checks": {"1": True, "2": False, "3": True, "4": False, "5": False}}
    assert answers["3"] == {"checks": {"1": False}}
    assert answers["5.1"] == {"choice": "clear", "value": "12.5", "comment": "Sharp."}
    assert answers["6"] == {"option": "consistent"}
    assert answers["7.1"] == {"present": True, "indicators": ["1", "3"]}
    assert answers["7.2"] == {"present": False, "indicators": []}  # "no": ticks are dropped
    assert answers["advice"] == {"text": "Well done."}
    assert "5.2" not in answers and "7.3" not in answers  # nothing typed: unanswered
    assert "1" not in answers  # government only
    scored = scoring.score(RUBRIC_B, answers, "private")
    assert scored.item("5.1").points == Decimal("12.5") and scored.item("7.1").points == Decimal("1")


def test_a_draft_fills_the_form_again_and_gives_back_the_same_answers():
    answers = full_answers(RUBRIC_B)
    del answers["1"]  # government applicants only
    answers["5.1"] = {"choice": "unclear", "value": "4", "comment": "Vague."}
    answers["7.1"] = {"present": True, "indicators": ["2", "4"]}
    answers["7.2"] = {"present": False, "indicators": []}
    answers["2"]["checks"]["3"] = False
    form = make(RUBRIC_B, answers=answers)
    data = base()
    for name in form.fields:
        value = form.initial.get(name)
        if value in (None, "", False, []):
            continue
        data[name] = "on" if value is True else value
    again = make(RUBRIC_B, data)
    assert again.is_valid(), again.errors
    assert again.answers() == answers


def test_initial_from_answers_ignores_what_is_malformed():
    initial = initial_from_answers(RUBRIC_A, {"1": "yes", "2": {"present": "maybe"},
                                              "3": {"present": True, "indicators": "1"}}, "private")
    assert "item-1-present" not in initial and "item-2-present" not in initial
    assert initial["item-3-present"] == "yes" and initial["item-3-indicators"] == []
    assert initial_from_answers(RUBRIC_A, ["not", "a", "dict"], "private") == {}


def test_a_value_is_kept_as_typed_for_the_domain_to_judge():
    form = make(RUBRIC_B, base(**{"item-5.1-choice": "clear", "item-5.1-value": "1,5"}))
    assert form.is_valid()
    assert form.answers()["5.1"] == {"choice": "clear", "value": "15"}
    form = make(RUBRIC_B, base(**{"item-5.1-choice": "clear", "item-5.1-value": "sixteen"}))
    assert form.is_valid() and form.answers()["5.1"]["value"] == "sixteen"


def test_an_option_that_is_not_listed_is_a_form_error_at_its_field():
    form = make(RUBRIC_B, base(**{"item-6-option": "excellent", "item-7.1-indicators": ["9"]}))
    assert not form.is_valid()
    assert set(form.errors) == {"item-6-option", "item-7.1-indicators"}
    summary = form.error_summary()
    assert [entry["anchor"] for entry in summary] == ["id_item-6-option_0", "id_item-7.1-indicators_0"]
    assert summary[0]["text"].startswith("6. Consistency with the social enterprise promotion action plan:")


# --- submission and domain errors ---------------------------------------------------------------

def test_submitting_needs_the_final_confirmation_saving_does_not():
    assert make(RUBRIC_A, base()).is_valid()
    form = make(RUBRIC_A, base(), submitting=True)
    assert not form.is_valid() and "confirm_final" in form.errors
    assert make(RUBRIC_A, base(confirm_final="on"), submitting=True).is_valid()


def test_domain_errors_land_at_their_item_or_field_and_in_the_summary():
    form = make(None, base(approved_amount="9"), stage_form="approval")
    assert form.is_valid()
    form.apply_domain_error(ValidationFailed("Too much.", field="approved_amount"))
    assert form.errors["approved_amount"] == ["Too much."]
    form.mark_invalid()
    assert form.fields["approved_amount"].widget.attrs["aria-invalid"] == "true"
    assert "id_approved_amount-error" in form.fields["approved_amount"].widget.attrs["aria-describedby"]
    assert form.error_summary() == [{"text": "Approved amount (baht): Too much.",
                                     "anchor": "id_approved_amount"}]

    form = make(RUBRIC_B, base())
    assert form.is_valid()
    error = ValidationFailed("2 to correct")
    error.errors = {"item-5.1": ["Above the cap."], "item-": ["Whole form problem."]}
    form.apply_domain_error(error)
    view = next(v for v in form.items if v.id == "5.1")
    assert view.errors == ["Above the cap."]
    form.mark_invalid()
    described = form.fields["item-5.1-value"].widget.attrs["aria-describedby"].split()
    assert "item-5.1-error" in described and "item-5.1-help" in described
    summary = form.error_summary()
    assert {"text": "Whole form problem.", "anchor": ""} in summary
    assert {"text": f"5.1. {view.label}: Above the cap.", "anchor": "id_item-5.1-choice_0"} in summary


def test_a_domain_error_without_field_or_items_goes_to_the_top():
    form = make(RUBRIC_A, base())
    form.is_valid()
    form.apply_domain_error(ValidationFailed("Something is off."))
    assert form.error_summary() == [{"text": "Something is off.", "anchor": ""}]


# --- screening pre-fill ---------------------------------------------------------------------------

def test_the_screening_form_starts_with_what_submission_already_checked():
    answers = screening_prefill(SCREENING_FORM, requested_budget=Decimal("100000"),
                                ceiling=Decimal("500000"))
    assert answers == {
        "documents": {"checks": {"sections_complete": True, "attachments_present": True,
                                 "signed_by_manager": True}},
        "eligibility": {"checks": {"budget_within_ceiling": True}},
    }
    over = screening_prefill(SCREENING_FORM, requested_budget=Decimal("600000"),
                             ceiling=Decimal("500000"))
    assert over["eligibility"] == {"checks": {"budget_within_ceiling": False}}
    no_ceiling = screening_prefill(SCREENING_FORM, requested_budget=Decimal("1"), ceiling=None)
    assert no_ceiling["eligibility"]["checks"]["budget_within_ceiling"] is True
    assert screening_prefill(RUBRIC_A, requested_budget=Decimal("1"), ceiling=None) == {}


def test_a_tampered_hidden_field_says_the_page_is_out_of_date():
    form = make(RUBRIC_A, {"stage": "x", "lock_version": "-1"})
    assert not form.is_valid()
    assert form.error_summary() == [
        {"text": "Stage: The page is out of date: reload it and enter the result again.", "anchor": ""},
        {"text": "Version of the draft: The page is out of date: reload it and enter the result again.",
         "anchor": ""},
    ]
