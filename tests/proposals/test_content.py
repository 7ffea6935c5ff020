"""The pure content module: totals, validation, completeness, diff (no database)."""

import copy
import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.proposals import content as c

from .factories import SECTION1, SECTION2, SECTION3

D = datetime.date
CONFIG = c.FormConfig(target_groups=("visual", "hearing"),
                      required_attachment_types=("expense_table", "training_schedule", "speaker_cvs"))


def codes(problems):
    return {(p.path, p.code) for p in problems}


def s2(**changes):
    data = copy.deepcopy(SECTION2)
    data.update(changes)
    return data


def activity(start="2026-01-10", end="2026-01-10", budget="100", description="x"):
    return {"description": description, "start": start, "end": end, "budget": budget}


# --- totals -----------------------------------------------------------------------------------

def test_step_and_project_totals_of_the_sample():
    steps = c.all_step_totals(SECTION2)
    assert [t.budget for t in steps] == [Decimal("20000.00"), Decimal("80000.00")]
    assert (steps[0].start, steps[0].end, steps[0].days) == (D(2026, 1, 1), D(2026, 1, 31), 31)
    assert (steps[1].start, steps[1].end, steps[1].days) == (D(2026, 2, 1), D(2026, 3, 3), 31)
    total = c.project_totals(SECTION2)
    assert total.budget == Decimal("100000.00")
    assert (total.start, total.end, total.days) == (D(2026, 1, 1), D(2026, 3, 3), 62)


def test_a_one_day_activity_lasts_one_day_and_no_dates_last_zero():
    assert c.step_totals({"activities": [activity()]}).days == 1
    assert c.step_totals({"activities": []}).days == 0
    assert c.project_totals({}).budget == Decimal("0.00")


def test_unreadable_budgets_count_zero_in_totals():
    step = {"activities": [activity(budget="abc"), activity(budget="10.50")]}
    assert c.step_totals(step).budget == Decimal("10.50")


money = st.decimals(min_value=0, max_value=Decimal("9999999.99"), places=2, allow_nan=False)
day = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))


@st.composite
def activities(draw):
    start = draw(day)
    end = start + datetime.timedelta(days=draw(st.integers(0, 200)))
    return {"description": "a", "start": start.isoformat(), "end": end.isoformat(),
            "budget": str(draw(money))}


steps_strategy = st.lists(st.fixed_dictionaries({"name": st.just("s"),
                                                 "activities": st.lists(activities(), max_size=5)}),
                          max_size=5)


@given(steps_strategy)
def test_totals_are_the_sums_of_the_activities(steps):
    section = {"steps": steps}
    per_step = c.all_step_totals(section)
    assert len(per_step) == len(steps)
    for step, totals in zip(steps, per_step, strict=True):
        assert totals.budget == sum((Decimal(a["budget"]) for a in step["activities"]), Decimal(0))
    project = c.project_totals(section)
    assert project.budget == sum((t.budget for t in per_step), Decimal(0))
    everything = [a for s in steps for a in s["activities"]]
    if everything:
        assert project.start == min(D.fromisoformat(a["start"]) for a in everything)
        assert project.end == max(D.fromisoformat(a["end"]) for a in everything)
        assert project.days == (project.end - project.start).days + 1
    else:
        assert project.days == 0


@given(steps_strategy)
def test_step_totals_follow_the_order_of_the_steps(steps):
    reversed_totals = c.all_step_totals({"steps": list(reversed(steps))})
    assert reversed_totals == list(reversed(c.all_step_totals({"steps": steps})))


# --- validation -------------------------------------------------------------------------------

def test_the_sample_sections_are_valid():
    assert c.validate_section(1, SECTION1) == []
    assert c.validate_section(2, SECTION2, target_groups=["visual", "hearing"]) == []
    assert c.validate_section(3, SECTION3) == []


def test_end_equal_to_start_is_fine_and_end_before_start_is_not():
    data = s2(requested_budget="", steps=[{"name": "s", "activities": [
        activity("2026-02-01", "2026-02-01"), activity("2026-02-05", "2026-02-04")]}])
    assert codes(c.validate_section(2, data)) == {
        ("section2.steps[0].activities[1].end", "end_before_start")}


def test_period_end_before_start():
    data = s2(period_start="2026-06-30", period_end="2026-01-01", steps=[], requested_budget="")
    assert ("section2.period_end", "end_before_start") in codes(c.validate_section(2, data))


def test_activity_outside_the_period_on_either_side_boundaries_inside():
    data = s2(requested_budget="", steps=[{"name": "s", "activities": [
        activity("2026-01-01", "2026-06-30"),  # exactly the period: fine
        activity("2025-12-31", "2026-01-05"),
        activity("2026-06-01", "2026-07-01"),
    ]}])
    assert codes(c.validate_section(2, data)) == {
        ("section2.steps[0].activities[1].start", "outside_period"),
        ("section2.steps[0].activities[2].end", "outside_period"),
    }


def test_an_explicit_period_overrides_the_sections_own():
    data = s2(requested_budget="",
              steps=[{"name": "s", "activities": [activity("2026-01-10", "2026-01-10")]}])
    problems = c.validate_section(2, data, period=c.Period(D(2026, 2, 1), D(2026, 3, 1)))
    assert {p.code for p in problems} == {"outside_period"}


@pytest.mark.parametrize("value, code", [
    ("-1", "negative"), ("abc", "not_a_number"), ("1e400", "too_large"), ("NaN", "not_a_number"),
    ("Infinity", "not_a_number"), ("10.005", "too_many_decimals"), (True, "not_a_number"),
    ("1000000000000", "too_large"),
])
def test_bad_budgets(value, code):
    data = s2(steps=[{"name": "s", "activities": [activity(budget=value)]}], requested_budget="")
    assert codes(c.validate_section(2, data)) == {("section2.steps[0].activities[0].budget", code)}


def test_money_accepts_commas_and_integers_and_stores_two_places():
    assert c.parse_money("1,250.5") == Decimal("1250.50")
    assert c.parse_money(300) == Decimal("300.00")
    assert c.parse_money("") is None
    stored = c.normalise_section(2, s2(requested_budget="100,000"))
    assert stored["requested_budget"] == "100000.00"
    assert stored["steps"][0]["activities"][0]["budget"] == "20000.00"


def test_requested_budget_over_the_ceiling():
    problems = c.validate_section(2, SECTION2, ceiling=Decimal("99999.99"))
    assert codes(problems) == {("section2.requested_budget", "over_ceiling")}
    assert problems[0].params == {"ceiling": "99999.99"}
    assert c.validate_section(2, SECTION2, ceiling=Decimal("100000")) == []


def test_budget_differing_from_activities_explains_the_difference_as_a_warning():
    problems = c.validate_section(2, s2(requested_budget="120000"))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.path, problem.code, problem.severity) == (
        "section2.requested_budget", "budget_mismatch", c.WARNING)
    assert problem.params == {"requested": "120000.00", "total": "100000.00",
                              "difference": "20000.00", "direction": "more"}
    less = c.validate_section(2, s2(requested_budget="90000"))[0]
    assert less.params["direction"] == "less" and less.params["difference"] == "10000.00"
    assert c.errors(problems) == []


def test_unknown_target_group_and_participation_type():
    assert codes(c.validate_section(2, s2(target_groups=["visual", "martian"]), target_groups=["visual"])) \
        == {("section2.target_groups[1]", "unknown_choice")}
    assert codes(c.validate_section(3, {"participation": [{"type": "rockets"}]})) == {
        ("section3.participation[0].type", "unknown_choice")}


def test_bad_contacts_dates_years_and_shapes():
    data = s2(coordinator={"name": "x", "phone": "call me", "email": "nope"}, period_start="31/12/2026")
    assert codes(c.validate_section(2, data)) >= {
        ("section2.coordinator.phone", "invalid_phone"), ("section2.coordinator.email", "invalid_email"),
        ("section2.period_start", "invalid_date")}
    one = {"fund_history": {"received_before": True, "times": "0", "last_year": "1999"},
           "other_funding": [{"source": "x", "amount": "-5", "year": "two"}],
           "current_activities": "not a list"}
    assert codes(c.validate_section(1, one)) == {
        ("section1.fund_history.times", "at_least_one"),
        ("section1.fund_history.last_year", "invalid_year"),
        ("section1.other_funding[0].amount", "negative"),
        ("section1.other_funding[0].year", "not_an_integer"),
        ("section1.current_activities", "not_a_list"),
    }
    assert codes(c.validate_section(2, "text")) == {("section2", "invalid")}
    assert codes(c.validate_section(4, {})) == {("section4", "no_such_section")}
    assert codes(c.validate_section(2, {"steps": [{"activities": "x"}]})) == {
        ("section2.steps[0].activities", "not_a_list")}


def test_problems_unpack_as_path_and_code():
    path, code = c.validate_section(2, s2(period_start="bad"))[0]
    assert (path, code) == ("section2.period_start", "invalid_date")


def test_normalise_drops_empty_rows_and_keeps_every_key():
    stored = c.normalise_section(2, {"steps": [{"name": "", "activities": [{}]},
                                               {"name": "kept", "activities": [{"budget": ""}]}],
                                     "objectives": ["  a ", "", 3]})
    assert stored["steps"] == [{"name": "kept", "activities": []}]
    assert stored["objectives"] == ["a"]
    assert set(stored) >= {"name", "period_start", "requested_budget", "coordinator"}
    history = c.normalise_section(1, {"fund_history": {"received_before": False, "times": 3}})
    assert history["fund_history"]["times"] is None  # "never": the details go


# --- completeness -----------------------------------------------------------------------------

def complete():
    return {"section1": c.normalise_section(1, SECTION1), "section2": c.normalise_section(2, SECTION2),
            "section3": c.normalise_section(3, SECTION3)}


def test_a_complete_proposal_misses_nothing():
    assert c.missing_items(complete(), CONFIG, ["expense_table", "training_schedule", "speaker_cvs"],
                           [1, 2, 3]) == []


def test_an_empty_proposal_lists_every_missing_item_at_once():
    problems = c.missing_items(c.empty_content(), CONFIG, [], [])
    found = codes(problems)
    assert {("section1", "section_not_saved"), ("section2", "section_not_saved"),
            ("section3", "section_not_saved")} <= found
    for path in ("section1.current_activities", "section1.past_year_results",
                 "section1.fund_history.received_before", "section2.name", "section2.target_groups",
                 "section2.responsible_unit.email", "section2.coordinator.name", "section2.rationale",
                 "section2.objectives", "section2.targets", "section2.indicators", "section2.outputs",
                 "section2.outcomes", "section2.impact", "section2.location", "section2.method",
                 "section2.period_start", "section2.period_end", "section2.requested_budget",
                 "section2.steps"):
        assert (path, "required") in found, path
    for kind in ("expense_table", "training_schedule", "speaker_cvs"):
        assert (f"section4.{kind}", "attachment_missing") in found
    assert ("section4.research_proposal", "attachment_missing") not in found


def test_research_projects_need_the_research_proposal():
    data = complete()
    data["section2"]["is_research"] = True
    found = codes(c.missing_items(data, CONFIG, ["expense_table", "training_schedule", "speaker_cvs"]))
    assert found == {("section4.research_proposal", "attachment_missing")}


def test_budget_mismatch_and_fund_history_details_block_submission():
    data = complete()
    data["section2"]["requested_budget"] = "100000.01"
    data["section1"]["fund_history"] = {"received_before": True, "times": None, "last_year": None,
                                        "last_project": "", "problems": ""}
    found = codes(c.missing_items(data, CONFIG, ["expense_table", "training_schedule", "speaker_cvs"]))
    assert found == {("section2.requested_budget", "budget_mismatch"),
                     ("section1.fund_history.times", "required"),
                     ("section1.fund_history.last_year", "required"),
                     ("section1.fund_history.last_project", "required")}


def test_missing_activity_fields_and_unconfigured_sections():
    data = complete()
    data["section2"]["steps"][0]["activities"][0]["end"] = ""
    config = c.FormConfig(sections=(2,), target_groups=())
    assert codes(c.missing_items(data, config, [], [2])) == {
        ("section2.steps[0].activities[0].end", "required")}


def test_over_ceiling_blocks_submission():
    config = c.FormConfig.from_mapping({"budget_ceiling": Decimal("50000"), "sections": [2]})
    assert ("section2.requested_budget", "over_ceiling") in codes(c.missing_items(complete(), config, []))


# --- diff -------------------------------------------------------------------------------------

@given(steps_strategy)
def test_the_diff_of_identical_content_is_empty(steps):
    data = {"section2": {**SECTION2, "steps": steps}}
    assert c.diff(data, copy.deepcopy(data)) == []


def test_diff_lists_added_removed_and_changed_fields_in_the_forms_order():
    before = complete()
    after = copy.deepcopy(before)
    after["section2"]["name"] = "New name"
    after["section2"]["steps"][1]["activities"][1]["budget"] = "35000.00"
    after["section2"]["objectives"].append("Second objective")
    after["section3"]["participation"] = []
    changes = c.diff(before, after)
    assert [(ch.section, ch.path, ch.kind) for ch in changes] == [
        ("section2", "section2.name", "changed"),
        ("section2", "section2.objectives[1]", "added"),
        ("section2", "section2.steps[1].activities[1].budget", "changed"),
        ("section3", "section3.participation[0].type", "removed"),
        ("section3", "section3.participation[0].description", "removed"),
        ("section3", "section3.participation[0].agency", "removed"),
    ]
    assert changes[0].old == SECTION2["name"] and changes[0].new == "New name"


def test_diff_orders_indexes_numerically():
    a = {"section2": {"objectives": [str(i) for i in range(12)]}}
    b = {"section2": {"objectives": [f"{i}!" for i in range(12)]}}
    assert [ch.path for ch in c.diff(a, b)][-3:] == [
        "section2.objectives[9]", "section2.objectives[10]", "section2.objectives[11]"]


def test_empty_values_count_as_absent():
    assert c.diff({"section2": {"name": ""}}, {"section2": {}}) == []
