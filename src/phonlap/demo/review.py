"""The demo's review: evaluation sessions held and planned, and every demo proposal taken
through its fund's pipeline by the review domain itself (``record_stage_result``, the session
functions), so the demo shows each stage and badge exactly as real use would make them.

The story happened over the last weeks: each step is acted on the day it names
(:func:`story_time`), so submissions, results, agenda decisions and session closings carry
plausible dates, frozen revisions included, and the statistics show real times in each stage."""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from unittest import mock

from django.utils import timezone

from phonlap.core import fiscal
from phonlap.funds.models import Fund
from phonlap.monitoring.models import FundedProject
from phonlap.proposals import domain as proposals
from phonlap.proposals.models import Proposal
from phonlap.review import scoring
from phonlap.review.domain import results, sessions
from phonlap.review.domain.results import applicant_type
from phonlap.review.enums import Outcome
from phonlap.review.models import AgendaItem, ConflictOfInterest, EvaluationSession, StageResult

from . import data

DRAFTING_DAYS = 12  # a submitted proposal was drafted this many days before it went in
SCREENING_AFTER_DAYS = 5  # staff screen a submission this many days after it arrives
MEETING_HOURS = 2  # a meeting's resolutions are recorded this long after it starts
SIGN_OFF_DAYS = 2  # the fund chair signs a board's approval off this many days after it


# --- answers that reach a target score ----------------------------------------------------------

def _best(item: dict) -> dict:
    """The best answer to one item (all indications, the best option, the highest cap)."""
    kind = item["kind"]
    if kind == "gate":
        return {"checks": {check["id"]: True for check in item["checks"]}}
    if kind == "indicator_count":
        return {"present": True, "indicators": [i["id"] for i in item["indicators"]]}
    if kind == "choice":
        return {"option": _options(item)[0]["id"]}
    if kind == "bounded":
        cap = max((Decimal(c["cap"]) for c in item.get("choices") or []), default=Decimal(item["max"]))
        return {**_bounded_choice(item, cap), "value": str(cap)}
    return {}


def _options(item: dict) -> list[dict]:
    return sorted(item["options"], key=lambda o: Decimal(o["points"]), reverse=True)


def _bounded_choice(item: dict, value: Decimal) -> dict:
    """The choice with the smallest cap that still allows ``value`` ("unclear" once the score
    is low enough for it)."""
    choices = [c for c in item.get("choices") or [] if Decimal(c["cap"]) >= value]
    if not choices:
        return {}
    return {"choice": min(choices, key=lambda c: Decimal(c["cap"]))["id"]}


def _lower(item: dict, answer: dict) -> dict | None:
    """One step down from ``answer`` (one indication fewer, the next option, one point less),
    or ``None`` at the bottom."""
    kind = item["kind"]
    if kind == "indicator_count":
        ticked = answer["indicators"]
        return {**answer, "indicators": ticked[:-1]} if ticked else None
    if kind == "choice":
        ids = [o["id"] for o in _options(item)]
        position = ids.index(answer["option"])
        return {"option": ids[position + 1]} if position + 1 < len(ids) else None
    if kind == "bounded":
        value = Decimal(answer["value"]) - 1
        if value < 0:
            return None
        return {**_bounded_choice(item, value), "value": str(value)}
    return None


def _comment(item: dict, answer: dict, best: dict) -> str:
    """A reviewer's note on one item: what is missing, or that it is complete."""
    kind = item["kind"]
    if kind == "indicator_count":
        missing = [i["label_th"] for i in item["indicators"] if i["id"] not in answer["indicators"]]
        if not missing:
            return "ครบถ้วนตามข้อบ่งชี้"
        return "ยังไม่ปรากฏ: " + "; ".join(missing)
    if kind == "choice":
        option = next(o for o in item["options"] if o["id"] == answer["option"])
        return "ผลการพิจารณา: " + option["label_th"]
    if kind == "bounded":
        if answer == best:
            return "ชัดเจนและครบถ้วน"
        choice = next((c for c in item.get("choices") or [] if c["id"] == answer.get("choice")), None)
        label = f" ({choice['label_th']})" if choice else ""
        return f"ให้ {answer['value']} คะแนน{label}: ควรอธิบายให้ชัดเจนยิ่งขึ้น"
    return ""


def rubric_answers(definition: dict, *, target, kind_of_applicant: str, advice: str = "",
                   keep=(), rotate: int = 0) -> dict:
    """Answers to ``definition`` whose total is the lowest reachable at or above ``target``:
    every item starts at its best; then, item after item (starting ``rotate`` items in), one
    indication is unticked, one option or point given up, while the total stays at or above
    the target. Items in ``keep`` stay at their best. Every scored item gets a comment; the
    text items get ``advice``. Scored by ``review.scoring`` as the result will be."""
    target = Decimal(str(target))
    items = [i for i in definition["items"]
             if scoring.is_applicable(i, kind_of_applicant) and i["kind"] != "summary"]
    answers = {i["id"]: _best(i) for i in items if i["kind"] != "text"}
    best = dict(answers)

    def total(candidate: dict) -> Decimal:
        return scoring.score(definition, candidate, kind_of_applicant).total

    scored = [i for i in items if i["kind"] in scoring.SCORED_KINDS and i["id"] not in keep]
    if scored:
        rotate %= len(scored)
        scored = scored[rotate:] + scored[:rotate]
    changed = True
    while changed:
        changed = False
        for item in scored:
            lower = _lower(item, answers[item["id"]])
            if lower is None:
                continue
            candidate = {**answers, item["id"]: lower}
            if total(candidate) >= target:
                answers, changed = candidate, True
    for item in items:
        if item["kind"] == "text":
            answers[item["id"]] = {"text": advice}
        elif item["kind"] in scoring.SCORED_KINDS:
            answers[item["id"]] = {**answers[item["id"]],
                                   "comment": _comment(item, answers[item["id"]], best[item["id"]])}
    return answers


def screening_answers(definition: dict, *, missing=(), advice: str = "") -> dict:
    """The screening form's checks, all ticked except ``missing``, and the officer's advice."""
    answers = {}
    for item in definition["items"]:
        if item["kind"] == "gate":
            answers[item["id"]] = {"checks": {c["id"]: c["id"] not in missing for c in item["checks"]}}
        elif item["kind"] == "text":
            answers[item["id"]] = {"text": advice or "เอกสารครบถ้วน ตรงตามหลักเกณฑ์ของกองทุน"}
    return answers


# --- the story ----------------------------------------------------------------------------------

@contextmanager
def story_time(when: datetime.datetime | None):
    """Act on the day the story names: inside, ``timezone.now()`` (and so ``localdate()``) is
    ``when``, so the domain functions stamp their rows as they would have on that day. ``None``:
    now. Rows stamped by a model field's default (which holds the real clock) are corrected by
    :func:`_restamp`."""
    if when is None:
        yield
        return
    with mock.patch.object(timezone, "now", return_value=when):
        yield


def moment(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def submitted_at(spec: dict, today: datetime.date) -> datetime.datetime | None:
    """When revision 1 went in (``None`` for a draft)."""
    if "submitted" not in spec:
        return None
    return moment(today - datetime.timedelta(days=spec["submitted"]), 10, 0)


def drafted_at(spec: dict, today: datetime.date) -> datetime.datetime | None:
    """When a submitted proposal was drafted (``None`` for a draft: today)."""
    submitted = submitted_at(spec, today)
    return submitted - datetime.timedelta(days=DRAFTING_DAYS) if submitted else None


def _restamp(model, pk: int, **stamps) -> None:
    model.objects.filter(pk=pk).update(**stamps)


def _session_created(spec: dict, today: datetime.date) -> datetime.datetime:
    """Staff set a session up three weeks ahead (at the latest two days ago)."""
    starts = today + datetime.timedelta(days=spec["days"])
    return moment(min(starts - datetime.timedelta(days=21), today - datetime.timedelta(days=2)), 9, 0)


def create_sessions(*, staff, users: dict, today: datetime.date) -> dict[str, EvaluationSession]:
    """Every session of ``data.SESSIONS``, through ``sessions.create_session`` (agendas are
    filled as the proposals reach them)."""
    funds = {f.code: f for f in Fund.objects.filter(code__in={s["fund"] for s in data.SESSIONS})}
    made = {}
    for spec in data.SESSIONS:
        day = today + datetime.timedelta(days=spec["days"])
        with story_time(_session_created(spec, today)):
            made[spec["key"]] = sessions.create_session(
                actor=staff, stage=funds[spec["fund"]].stages.get(code=spec["stage"]),
                name=spec["name"].format(n=spec["n"], fy=fiscal.fiscal_year(day)),
                starts_at=moment(day, *spec["time"]), location=spec["location"],
                chair=users[spec["chair"]], secretary=users[spec["secretary"]],
                members=[users[key] for key in spec["members"]],
            )
    return made


def _approval(proposal: Proposal, step: dict, day: datetime.date) -> dict:
    if step.get("reject"):
        return {"outcome": Outcome.REJECTED}
    share = Decimal(step["approve"])
    amount = (proposal.requested_budget * share / 1000).quantize(Decimal(1), ROUND_DOWN) * 1000
    return {"outcome": Outcome.APPROVED, "approved_amount": min(amount, proposal.requested_budget),
            "signed_off_on": day}


def _meeting(*, staff, users, proposal, step, session, clock, rotate):
    """Put the proposal on the session's agenda (the day after it reached the stage); a member
    may declare a conflict; if the step says how the meeting decided, staff record that result
    after the meeting (a board's on the fund chair's sign-off day). Returns (result, when)."""
    added = max(clock + datetime.timedelta(days=1), session.created_at + datetime.timedelta(hours=1))
    with story_time(added):
        (item,) = sessions.add_to_agenda(actor=staff, session=session, proposals=[proposal])
    _restamp(AgendaItem, item.pk, added_at=added)
    if "conflict" in step:
        member, note = step["conflict"]
        declared = added + datetime.timedelta(days=1)
        with story_time(declared):
            conflict = sessions.declare_conflict(actor=users[member], item=item,
                                                 note=data.CONFLICT_NOTES[note])
        _restamp(ConflictOfInterest, conflict.pk, declared_at=declared)
    stage, advice = session.stage, step.get("advice", "")
    when = session.starts_at + datetime.timedelta(hours=MEETING_HOURS)
    if "score" in step:
        answers = rubric_answers(stage.rubric.definition, target=step["score"],
                                 kind_of_applicant=applicant_type(proposal), advice=advice,
                                 keep=step.get("keep", ()), rotate=rotate)
        decision = {"answers": answers}
    elif step.get("set_aside"):
        decision = {"outcome": Outcome.NOT_CONSIDERED}
    elif "approve" in step or step.get("reject"):
        when = moment(timezone.localtime(session.starts_at).date()
                      + datetime.timedelta(days=SIGN_OFF_DAYS), 15, 0)
        decision = _approval(proposal, step, timezone.localtime(when).date())
    else:
        return None, clock
    with story_time(when):
        result = results.record_stage_result(actor=staff, proposal=proposal, advice=advice,
                                             submit=True, **decision)
    _restamp(StageResult, result.pk, created_at=when)
    if result.outcome == Outcome.APPROVED:
        FundedProject.objects.filter(proposal=proposal).update(created_at=when)
    return result, when


def _revise(*, proposal, owner, submitter, revised, submitted) -> None:
    """The project manager makes the next revision and corrects section 2; the manager
    submits it."""
    with story_time(revised):
        proposal = proposals.create_next_revision(actor=owner, proposal=proposal)
        proposal = proposals.save_section(actor=owner, proposal=proposal, section=2,
                                          data=dict(data.REVISION_CHANGES))
    with story_time(submitted):
        proposals.submit_proposal(actor=submitter, proposal=proposal)


def run_review(*, proposal: Proposal, spec: dict, users: dict, staff, sessions_by_key: dict,
               today: datetime.date, rotate: int = 0) -> None:
    """Submit a complete draft on the day the story names and take it through
    ``spec["review"]``, each step on its own day."""
    clock = submitted_at(spec, today)
    with story_time(clock):
        proposals.submit_proposal(actor=users[spec["submitter"]], proposal=proposal)
    screening = proposal.fund.stages.get(code="screening")
    for step in spec["review"]:
        proposal.refresh_from_db()
        if "screen" in step:
            when = clock + datetime.timedelta(days=step.get("after", SCREENING_AFTER_DAYS))
            advice = step.get("advice", "")
            with story_time(when):
                result = results.record_stage_result(
                    actor=staff, proposal=proposal, outcome=step["screen"], advice=advice,
                    answers=screening_answers(screening.rubric.definition,
                                              missing=step.get("missing", ()), advice=advice),
                    submit=True)
            _restamp(StageResult, result.pk, created_at=when)
            clock = when
        elif "meet" in step:
            _result, clock = _meeting(staff=staff, users=users, proposal=proposal, step=step,
                                      session=sessions_by_key[step["meet"]], clock=clock,
                                      rotate=rotate)
        else:
            submitted = moment(today - datetime.timedelta(days=step["revise"]), 14, 0)
            _revise(proposal=proposal, owner=users[spec["owner"]], submitter=users[spec["submitter"]],
                    revised=min(clock + datetime.timedelta(days=3), submitted), submitted=submitted)
            clock = submitted


def close_past_sessions(*, staff, sessions_by_key: dict, today: datetime.date) -> None:
    """Staff close the sessions already held, a few days after each (every result recorded)."""
    for session in sessions_by_key.values():
        held = timezone.localtime(session.starts_at).date()
        if held < today:
            closed = moment(min(held + datetime.timedelta(days=SIGN_OFF_DAYS + 1), today), 9, 0)
            with story_time(closed):
                sessions.close_session(actor=staff, session=session)
