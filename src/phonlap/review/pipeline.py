"""Where a proposal stands at each stage of its fund's pipeline (spec 03 "Status a user sees").

Pure: it works on plain values read once per page (``queries.stage_badges_for``), so the
proposal list computes every row's badges without a query per row. Only submitted results
count: a draft saved by staff changes no badge (it is invisible to the applicant)."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Badge, Outcome

OUTCOME_BADGE = {
    Outcome.PASSED: Badge.PASSED,
    Outcome.NOT_PASSED: Badge.NOT_PASSED,
    Outcome.NOT_PASSED_DOCUMENTS: Badge.NOT_PASSED_DOCUMENTS,
    Outcome.NOT_CONSIDERED: Badge.NOT_CONSIDERED,
    Outcome.APPROVED: Badge.APPROVED,
    Outcome.REJECTED: Badge.REJECTED,
}


@dataclass(frozen=True)
class StageInfo:
    id: int
    order: int
    code: str
    name: str
    is_meeting: bool


@dataclass(frozen=True)
class StageBadge:
    stage: StageInfo
    badge: Badge

    @property
    def text(self) -> str:
        return str(self.badge.label)


def badges(stages: list[StageInfo], *, outcomes: dict[int, str], current_stage_id: int | None,
           in_review: bool, on_open_agenda: bool) -> list[StageBadge]:
    """One badge per stage, in order.

    ``outcomes`` maps a stage id to the last submitted outcome recorded for the latest revision
    at that stage. The current stage of a proposal in review shows where it waits: a staff
    stage "awaiting result"; a meeting stage "awaiting meeting" when on an open session,
    "not considered" when a meeting set it aside and no new session has it yet, else "awaiting
    agenda". Stages before the current one with no result of this revision were passed by an
    earlier one (a fund may let a new revision resume past them)."""
    current = next((s for s in stages if s.id == current_stage_id), None) if in_review else None
    shown = []
    for stage in stages:
        outcome = outcomes.get(stage.id)
        if current is not None and stage.id == current.id:
            if not stage.is_meeting:
                badge = Badge.AWAITING_RESULT
            elif on_open_agenda:
                badge = Badge.AWAITING_MEETING
            elif outcome == Outcome.NOT_CONSIDERED:
                badge = Badge.NOT_CONSIDERED
            else:
                badge = Badge.AWAITING_AGENDA
        elif outcome and outcome != Outcome.NOT_CONSIDERED:
            badge = OUTCOME_BADGE[Outcome(outcome)]
        elif current is not None and stage.order < current.order:
            badge = Badge.PASSED
        else:
            badge = Badge.AWAITING
        shown.append(StageBadge(stage, badge))
    return shown
