"""The figures: counts and sums (exact Decimals) by status, stage, fund, call, fiscal year,
province and target group; what is not counted; the first submission's fiscal year at the
1 October boundary; medians with controlled times. Run on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from phonlap.portal import statistics as stats
from phonlap.proposals import domain
from phonlap.review.models import StageResult
from tests.portal.factories import (
    BANGKOK,
    CHIANG_MAI,
    bangkok_time,
    draft,
    next_revision,
    open_call,
    returned,
    set_duration,
    set_submitted,
    submitted,
)
from tests.review.factories import advance_to, decide_meeting, disability_fund, screen, se_fund

FY2567_LAST_MOMENT = bangkok_time(2024, 9, 30, 23, 59, 59)
FY2568_FIRST_MOMENT = bangkok_time(2024, 10, 1, 0, 0, 0)


def by_key(rows):
    return {row["key"]: row for row in rows}


def figures(row):
    return (row["n"], row["in_review"], row["approved"], row["requested"],
            row["requested_approved"], row["approved_amount"])


@pytest.fixture
def world(db):
    """Six counted proposals and two that are not (see the module's test of totals)."""
    def_fund, sef = disability_fund(), se_fund()
    call = open_call(def_fund, "Round 1/2568")
    p = {}
    # DEF, in review at screening; Bangkok; FY 2567 (the last second of it).
    p["screening"] = submitted(budget="100000.00", groups=["visual", "hearing"], province=BANGKOK,
                               call=call, at=FY2567_LAST_MOMENT)
    # DEF, in review at the working group; Chiang Mai; FY 2568 (its first second).
    p["working_group"] = submitted(budget="50000.50", groups=["visual"], province=CHIANG_MAI,
                                   at=FY2568_FIRST_MOMENT)
    screen(p["working_group"])
    # DEF, approved for less than requested; Bangkok; FY 2568.
    p["approved"] = submitted(budget="80000.00", groups=["autism"], province=BANGKOK, call=call,
                              at=bangkok_time(2025, 3, 1, 10, 0))
    advance_to(p["approved"], "board")
    decide_meeting(p["approved"], approved_amount=Decimal("75000.25"))
    # DEF, returned; no province recorded; FY 2568.
    p["returned"] = returned(submitted(budget="20000.00", groups=["hearing"], province=None,
                                       at=bangkok_time(2025, 5, 5, 8, 0)))
    # DEF, returned and its next revision in preparation with another budget and groups: counted
    # with revision 1's figures; Chiang Mai; FY 2567.
    revising = returned(submitted(budget="30000.00", groups=["learning"], province=CHIANG_MAI,
                                  at=bangkok_time(2024, 2, 1, 9, 0)))
    p["revising"] = next_revision(revising, budget="35000.00", groups=["visual"])
    # SEF, in review at screening; Chiang Mai; FY 2568.
    p["se"] = submitted(fund=sef, budget="40000.00", groups=["elderly", "youth"],
                        province=CHIANG_MAI, at=bangkok_time(2025, 1, 15, 9, 0))
    # Not counted: a draft never submitted, and a returned proposal whose new draft was deleted.
    p["draft"], _pm, _manager = draft(budget="99999.00", groups=["visual"])
    gone = returned(submitted(budget="11111.00", groups=["visual"], at=bangkok_time(2025, 2, 2)))
    gone = next_revision(gone, budget="11111.00", groups=["visual"])
    domain.delete_draft(actor=gone.created_by, proposal=gone)
    p["deleted"] = gone
    p["call"] = call
    return p


def compute(**filters):
    with translation.override("en"):
        return stats.compute(stats.Filters(**filters))


def test_totals_count_submitted_proposals_only(world):
    data = compute()
    totals = data["totals"]
    assert figures(totals) == (6, 3, 1, Decimal("320000.50"), Decimal("80000.00"),
                               Decimal("75000.25"))


def test_by_status(world):
    rows = by_key(compute()["by_status"])
    assert [r["key"] for r in compute()["by_status"]] == [
        "in_review", "returned", stats.REVISING, "not_passed", "approved", "rejected"]
    assert (rows["in_review"]["n"], rows["in_review"]["requested"]) == (3, Decimal("190000.50"))
    assert (rows["returned"]["n"], rows["returned"]["requested"]) == (1, Decimal("20000.00"))
    # The next revision's draft budget (35,000) is not what was submitted.
    assert (rows[stats.REVISING]["n"], rows[stats.REVISING]["requested"]) == (1, Decimal("30000.00"))
    assert rows[stats.REVISING]["label"] == "New revision in preparation"
    assert figures(rows["approved"]) == (1, 0, 1, Decimal("80000.00"), Decimal("80000.00"),
                                         Decimal("75000.25"))
    assert rows["not_passed"]["n"] == rows["rejected"]["n"] == 0


def test_by_stage_counts_proposals_in_review_where_they_are_now(world):
    rows = by_key(compute()["by_stage"])
    assert {code: row["n"] for code, row in rows.items()} == {
        "screening": 2, "working_group": 1, "committee": 0, "subcommittee": 0, "board": 0}
    assert rows["screening"]["requested"] == Decimal("140000.00")
    # Narrowed to one fund, only its stages are listed.
    fund_rows = by_key(compute(fund=disability_fund().pk)["by_stage"])
    assert set(fund_rows) == {"screening", "working_group", "subcommittee", "board"}
    assert fund_rows["screening"]["n"] == 1


def test_by_fund_requested_against_approved(world):
    rows = by_key(compute()["by_fund"])
    assert figures(rows[disability_fund().pk]) == (5, 2, 1, Decimal("280000.50"),
                                                   Decimal("80000.00"), Decimal("75000.25"))
    assert figures(rows[se_fund().pk]) == (1, 1, 0, Decimal("40000.00"), Decimal("0.00"),
                                           Decimal("0.00"))


def test_by_call(world):
    rows = compute()["by_call"]
    keyed = {(r["fund_id"], r["key"]): r for r in rows}
    def_pk, se_pk = disability_fund().pk, se_fund().pk
    assert keyed[(def_pk, world["call"].pk)]["n"] == 2
    assert keyed[(def_pk, world["call"].pk)]["label"] == "Round 1/2568"
    assert keyed[(def_pk, stats.NONE)]["n"] == 3
    assert keyed[(se_pk, stats.NONE)]["n"] == 1
    assert keyed[(def_pk, world["call"].pk)]["requested"] == Decimal("180000.00")


def test_by_fiscal_year_of_the_first_submission(world):
    rows = by_key(compute()["by_fiscal_year"])
    assert list(rows) == [2567, 2568]
    assert (rows[2567]["n"], rows[2567]["requested"]) == (2, Decimal("130000.00"))
    assert (rows[2568]["n"], rows[2568]["requested"]) == (4, Decimal("190000.50"))
    assert rows[2568]["label"] == "FY 2568"
    assert rows[2568]["period"] == "1 Oct 2024 – 30 Sep 2025"


def test_fiscal_year_boundary_is_1_october_in_bangkok(world):
    in_2567 = compute(fiscal_year=2567)
    in_2568 = compute(fiscal_year=2568)
    assert in_2567["totals"]["n"] == 2 and in_2568["totals"]["n"] == 4
    # The last second of 30 September and the first of 1 October fall on either side.
    assert by_key(in_2567["by_stage"])["screening"]["n"] == 1  # the 23:59:59 one
    assert by_key(in_2568["by_stage"])["working_group"]["n"] == 1  # the 00:00:00 one
    assert in_2567["totals"]["n"] + in_2568["totals"]["n"] == compute()["totals"]["n"]


def test_a_later_revision_keeps_the_first_submissions_fiscal_year(world):
    proposal = world["revising"]
    manager = proposal.organisation.memberships.get(is_manager=True).user
    domain.submit_proposal(actor=manager, proposal=proposal)
    set_submitted(proposal, 2, bangkok_time(2025, 6, 1, 9, 0))  # FY 2568
    rows = by_key(compute()["by_fiscal_year"])
    assert rows[2567]["n"] == 2  # still counted where it was first received
    # Its figures are now revision 2's: 35,000 instead of 30,000.
    assert rows[2567]["requested"] == Decimal("135000.00")


def test_by_province_of_the_organisation(world):
    rows = by_key(compute()["by_province"])
    assert set(rows) == {BANGKOK, CHIANG_MAI, stats.NONE}
    assert (rows[BANGKOK]["n"], rows[BANGKOK]["requested"]) == (2, Decimal("180000.00"))
    assert (rows[CHIANG_MAI]["n"], rows[CHIANG_MAI]["requested"]) == (3, Decimal("120000.50"))
    assert (rows[stats.NONE]["n"], rows[stats.NONE]["label"]) == (1, "Not recorded")
    assert rows[BANGKOK]["label"] == "Bangkok"
    assert rows[BANGKOK]["approved_amount"] == Decimal("75000.25")


def test_by_target_group_from_the_latest_submission(world):
    rows = {(r["fund_id"], r["key"]): r for r in compute()["by_target_group"]}
    def_pk, se_pk = disability_fund().pk, se_fund().pk
    assert (rows[(def_pk, "visual")]["n"], rows[(def_pk, "visual")]["requested"]) == (
        2, Decimal("150000.50"))
    assert (rows[(def_pk, "hearing")]["n"], rows[(def_pk, "hearing")]["requested"]) == (
        2, Decimal("120000.00"))
    assert figures(rows[(def_pk, "autism")]) == (1, 0, 1, Decimal("80000.00"),
                                                 Decimal("80000.00"), Decimal("75000.25"))
    assert rows[(def_pk, "learning")]["n"] == 1  # revision 1's group, not the draft's
    assert rows[(def_pk, "physical")]["n"] == 0  # every group of the fund is listed
    assert rows[(se_pk, "elderly")]["n"] == rows[(se_pk, "youth")]["n"] == 1
    assert rows[(def_pk, "visual")]["label"] == "Visual impairment"
    with translation.override("en"):
        assert rows[(se_pk, "elderly")]["fund"] == se_fund().short_name


def test_filters_narrow_every_table(world):
    data = compute(province=CHIANG_MAI, fund=disability_fund().pk)
    assert data["totals"]["n"] == 2  # working group + revising
    assert [r["key"] for r in data["by_province"]] == [CHIANG_MAI]
    assert set(by_key(data["by_fund"])) == {disability_fund().pk}
    assert compute(call=world["call"].pk)["totals"]["n"] == 2
    assert compute(call=stats.NONE)["totals"]["n"] == 4
    assert compute(stage="working_group")["totals"]["n"] == 1
    assert compute(province=stats.NONE)["totals"]["n"] == 1
    assert compute(status=stats.REVISING)["totals"]["n"] == 1
    assert compute(target_group="hearing")["totals"]["n"] == 2
    assert compute(target_group="learning")["totals"]["n"] == 1


def test_median_days_per_stage(world):
    # Screening results: the working-group proposal (2 days) and the approved one (5 days).
    set_duration(world["working_group"], "screening", 2)
    set_duration(world["approved"], "screening", 5)
    set_duration(world["approved"], "working_group", 1.5)
    set_duration(world["approved"], "board", 10.25)
    rows = by_key(compute()["median_days"])
    assert (rows["screening"]["results"], rows["screening"]["median_days"]) == (2, Decimal("3.5"))
    assert rows["working_group"]["median_days"] == Decimal("1.5")
    assert rows["board"]["median_days"] == Decimal("10.3")  # to one decimal
    assert rows["committee"]["median_days"] is None and rows["committee"]["results"] == 0
    only = compute(stage="screening")["median_days"]
    assert [(r["key"], r["median_days"]) for r in only] == [("screening", Decimal("3.5"))]


def test_median_of_an_odd_number_and_drafts_ignored(db):
    proposals = [submitted(budget="10000.00") for _ in range(3)]
    for proposal, days in zip(proposals, (1, 10, 2), strict=True):
        screen(proposal)
        set_duration(proposal, "screening", days)
    # A result saved but not submitted does not count.
    extra = submitted(budget="10000.00")
    from phonlap.review.domain import results
    from tests.factories import StaffFactory
    results.record_stage_result(actor=StaffFactory(), proposal=extra, outcome="passed", submit=False)
    assert StageResult.objects.filter(status="draft").count() == 1
    rows = by_key(compute(fund=disability_fund().pk)["median_days"])
    assert (rows["screening"]["results"], rows["screening"]["median_days"]) == (3, Decimal("2.0"))


def test_a_deleted_proposals_results_are_not_in_the_medians(db):
    kept, gone = submitted(budget="10000.00"), submitted(budget="10000.00")
    for proposal, days in ((kept, 2), (gone, 30)):
        screen(proposal)
        set_duration(proposal, "screening", days)
    gone = next_revision(returned(gone), budget="10000.00", groups=["visual"])
    domain.delete_draft(actor=gone.created_by, proposal=gone)
    # Unfiltered (the shortcut that leaves out deleted proposals) and filtered (the join).
    for rows in (compute()["median_days"], compute(fund=disability_fund().pk)["median_days"]):
        screening = by_key(rows)["screening"]
        assert (screening["results"], screening["median_days"]) == (1, Decimal("2.0"))


def test_nothing_counted_gives_zeros(db):
    data = compute()
    assert figures(data["totals"]) == (0, 0, 0, Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))
    assert data["by_province"] == [] and data["by_fiscal_year"] == []
    assert all(r["median_days"] is None for r in data["median_days"])


def test_options_list_the_fiscal_years_with_proposals(world):
    with translation.override("en"):
        opts = stats.options()
    assert opts["years"] == [2568, 2567]
    assert {f["id"] for f in opts["funds"]} >= {disability_fund().pk, se_fund().pk}
