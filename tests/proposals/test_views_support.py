"""Helpers for the proposal page tests: POST data shaped like the section forms."""

from __future__ import annotations

import datetime

from tests.proposals.factories import SECTION1, SECTION2, SECTION3


def be(iso: str) -> str:
    """'2026-01-05' → '05/01/2569' (what a Thai user types)."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def _rows(data: dict, prefix: str, rows: list[dict]) -> None:
    data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value


def section1_post(s1: dict | None = None) -> dict:
    s1 = s1 or SECTION1
    history = s1["fund_history"]
    data = {
        "past_year_results": s1["past_year_results"],
        "received_before": "yes" if history["received_before"] else "no",
        "times": str(history.get("times") or ""), "last_year": str(history.get("last_year") or ""),
        "last_project": history.get("last_project", ""), "problems": history.get("problems", ""),
    }
    _rows(data, "current_activities", [{"text": t} for t in s1["current_activities"]])
    _rows(data, "other_funding", [{k: str(v) for k, v in row.items()} for row in s1["other_funding"]])
    return data


def section2_post(s2: dict | None = None, **overrides) -> dict:
    s2 = s2 or SECTION2
    data = {
        "name": s2["name"], "target_groups": s2["target_groups"],
        "unit_name": s2["responsible_unit"]["name"], "unit_phone": s2["responsible_unit"]["phone"],
        "unit_email": s2["responsible_unit"]["email"], "coordinator_name": s2["coordinator"]["name"],
        "coordinator_phone": s2["coordinator"]["phone"], "coordinator_email": s2["coordinator"]["email"],
        "rationale": s2["rationale"], "location": s2["location"], "method": s2["method"],
        "period_start": be(s2["period_start"]), "period_end": be(s2["period_end"]),
        "requested_budget": s2["requested_budget"],
    }
    if s2.get("is_research"):
        data["is_research"] = "on"
    for key in ("objectives", "targets", "outputs", "outcomes", "impact"):
        _rows(data, key, [{"text": t} for t in s2[key]])
    _rows(data, "indicators", s2["indicators"])
    _rows(data, "other_sources", s2.get("other_sources") or [])
    _rows(data, "steps", [{"name": step["name"]} for step in s2["steps"]])
    for index, step in enumerate(s2["steps"]):
        _rows(data, f"steps-{index}-activities", [
            {"description": a["description"], "start": be(a["start"]), "end": be(a["end"]),
             "budget": a["budget"]} for a in step["activities"]])
    data.update(overrides)
    return data


def section3_post(s3: dict | None = None) -> dict:
    data: dict = {}
    _rows(data, "participation", (s3 or SECTION3)["participation"])
    return data
