"""Serializers of the review API (spec 03): pipeline stages, rubric versions, evaluation
sessions with their members and agenda, stage results (read) and the body that records one.

Reads are plain data in the caller's language (names and labels); scores come from
``review.scoring`` on the stored answers with the rubric version the result keeps, never from a
typed total. The recording body is checked for types here (an answers object of objects, no NUL
character, no infinite number: PostgreSQL's jsonb stores neither); what the answers *mean* is
the domain's and the scoring engine's business (``record_stage_result``)."""

from __future__ import annotations

import math

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phonlap.funds.models import FailureRoute, ReviewStage, Rubric, StageDecider, StageForm
from phonlap.organisations.enums import OrganisationKind
from phonlap.review import scoring
from phonlap.review.enums import Outcome, ResultStatus, SessionRole, SessionStatus
from phonlap.review.models import EvaluationSession, StageResult
from phonlap.review.result_forms import label

from .. import fields as api_fields
from .proposals import FundRefSerializer

MAX_ANSWERS = 200  # far more items than any rubric has; bounds the work on a hostile body


# --- small references -----------------------------------------------------------------------

def inline_choice(choices, **kwargs) -> serializers.ChoiceField:
    """A choice field documented with its values inline. drf-spectacular turns every enum
    property into a component named after the field, and "status" and "kind" already name
    other choice sets (proposals, memberships, organisations): a second set would rename
    theirs to hashed names. Wrapped in ``allOf``, the enum stays with the property."""
    values = [value for value, _label in choices]

    @extend_schema_field({"allOf": [{"type": "string", "enum": values}],
                          "description": "One of: " + ", ".join(values)})
    class InlineChoiceField(serializers.ChoiceField):
        pass

    return InlineChoiceField(choices=choices, **kwargs)


class RubricRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()


class StageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class FundStageRefSerializer(StageRefSerializer):
    fund = serializers.CharField(help_text="The fund's code.")


class ProposalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def _rubric_ref(rubric) -> dict | None:
    if rubric is None:
        return None
    return {"id": rubric.pk, "code": rubric.code, "version": rubric.version, "name": rubric.name}


# --- rubrics --------------------------------------------------------------------------------

# A rubric definition as ``review.scoring`` reads it (documented loosely: the fund edits it as
# data, and the engine's docstring is the reference for every kind of item).
DEFINITION_SCHEMA = {
    "type": "object",
    "description": "The rubric as data: items (gate, indicator_count, choice, bounded, text, "
                   "summary), grade bands and the pass rule; labels in Thai and English.",
    "properties": {
        "code": {"type": "string"},
        "version": {"type": "integer"},
        "items": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "grades": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
        "grade_basis": {"type": "string", "enum": list(scoring.GRADE_BASES)},
        "pass_rule": {"type": "object", "additionalProperties": True},
    },
    "additionalProperties": True,
}


@extend_schema_field(DEFINITION_SCHEMA)
class DefinitionField(serializers.JSONField):
    pass


class RubricListSerializer(serializers.ModelSerializer):
    name = serializers.CharField(help_text=_("In the caller's language."))
    used_by = serializers.SerializerMethodField()

    class Meta:
        model = Rubric
        fields = ("id", "code", "version", "name", "name_th", "name_en", "created_at", "used_by")
        read_only_fields = fields

    @extend_schema_field(FundStageRefSerializer(many=True))
    def get_used_by(self, rubric):
        """The active stages that score with this version (prefetched by the view)."""
        return [{"id": s.pk, "order": s.order, "code": s.code, "name": s.name, "fund": s.fund.code}
                for s in rubric.stages.all() if s.is_active]


class RubricSerializer(RubricListSerializer):
    definition = DefinitionField()
    maximum = serializers.SerializerMethodField()

    class Meta(RubricListSerializer.Meta):
        fields = (*RubricListSerializer.Meta.fields, "definition", "maximum")
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2),
        help_text=_("The maximum score by applicant type (items may apply to some types only).")))
    def get_maximum(self, rubric):
        result = {}
        items = (rubric.definition or {}).get("items") or []
        for applicant in OrganisationKind.values:
            try:
                total = sum((scoring.item_maximum(i) for i in items
                             if scoring.is_applicable(i, applicant)), scoring.ZERO)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a malformed definition has no maximum to show
            result[applicant] = f"{total:.2f}"
        return result


# --- stages -----------------------------------------------------------------------------------

class StageSerializer(serializers.ModelSerializer):
    fund = serializers.SerializerMethodField()
    name = serializers.CharField(help_text=_("In the caller's language."))
    decided_by = serializers.ChoiceField(choices=StageDecider.choices)
    form = serializers.ChoiceField(choices=StageForm.choices)
    on_fail = serializers.ChoiceField(choices=FailureRoute.choices)
    rubric = serializers.SerializerMethodField()

    class Meta:
        model = ReviewStage
        fields = ("id", "fund", "order", "code", "name", "name_th", "name_en", "decided_by", "form",
                  "rubric", "on_fail", "resume_here", "may_view_earlier", "is_active")
        read_only_fields = fields

    @extend_schema_field(FundRefSerializer)
    def get_fund(self, stage):
        return {"id": stage.fund_id, "code": stage.fund.code, "name": stage.fund.name}

    @extend_schema_field(RubricRefSerializer(allow_null=True))
    def get_rubric(self, stage):
        return _rubric_ref(stage.rubric)


# --- sessions ---------------------------------------------------------------------------------

class SessionListSerializer(serializers.ModelSerializer):
    fund = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()
    status = inline_choice(SessionStatus.choices)
    item_count = serializers.IntegerField(help_text=_("Proposals on the agenda."))

    class Meta:
        model = EvaluationSession
        fields = ("id", "name", "fund", "stage", "starts_at", "location", "status", "closed_at",
                  "item_count")
        read_only_fields = fields

    @extend_schema_field(FundRefSerializer)
    def get_fund(self, session):
        return {"id": session.fund_id, "code": session.fund.code, "name": session.fund.name}

    @extend_schema_field(StageRefSerializer)
    def get_stage(self, session):
        stage = session.stage
        return {"id": stage.pk, "order": stage.order, "code": stage.code, "name": stage.name}


class SeatSerializer(serializers.Serializer):
    user = PersonSerializer()
    role = serializers.ChoiceField(choices=SessionRole.choices)


class ConflictSerializer(serializers.Serializer):
    member = PersonSerializer()
    note = serializers.CharField(allow_blank=True)
    declared_at = serializers.DateTimeField()


def conflicts_data(conflicts) -> list[dict]:
    return [{"member": person(c.member), "note": c.note, "declared_at": c.declared_at}
            for c in conflicts]


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text=_("Position on the agenda, from 1."))
    proposal = ProposalRefSerializer(help_text=_("The name is that of the revision considered."))
    revision = serializers.IntegerField(help_text=_("Revision number considered."))
    decided_at = serializers.DateTimeField(allow_null=True)
    decided = serializers.BooleanField()
    result = serializers.IntegerField(
        allow_null=True, help_text=_("The result's id, if there is one you may read (a draft only "
                                     "for staff)."))
    conflicts = ConflictSerializer(many=True)


def agenda_data(rows) -> list[dict]:
    """``session_queries.agenda_of`` rows as plain data."""
    return [{
        "id": row.item.pk,
        "number": row.number,
        "proposal": {"id": row.item.proposal_id, "number": row.item.proposal.number,
                     "name": row.item.revision.name or row.item.proposal.name},
        "revision": row.item.revision.number,
        "decided_at": row.item.decided_at,
        "decided": row.item.decided_at is not None,
        "result": row.result.pk if row.result is not None else None,
        "conflicts": conflicts_data(row.conflicts),
    } for row in rows]


class SessionSerializer(SessionListSerializer):
    created_by = PersonSerializer()
    members = SeatSerializer(many=True)
    agenda = AgendaItemSerializer(many=True)

    class Meta(SessionListSerializer.Meta):
        fields = (*SessionListSerializer.Meta.fields, "created_by", "members", "agenda")
        read_only_fields = fields


# --- results ----------------------------------------------------------------------------------

class ResultStageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(help_text=_("As it was when the result was recorded."))
    form = serializers.ChoiceField(choices=StageForm.choices)


class ResultListSerializer(serializers.ModelSerializer):
    proposal = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="revision.number")
    stage = serializers.SerializerMethodField()
    session = serializers.IntegerField(source="session_id", allow_null=True)
    status = inline_choice(ResultStatus.choices)
    outcome = serializers.ChoiceField(choices=[("", "—"), *Outcome.choices], allow_blank=True)
    outcome_label = serializers.SerializerMethodField()

    class Meta:
        model = StageResult
        fields = ("id", "proposal", "revision", "stage", "session", "status", "outcome",
                  "outcome_label", "total", "maximum", "percentage", "grade", "rubric_passed",
                  "submitted_at")
        read_only_fields = fields

    @extend_schema_field(ProposalRefSerializer)
    def get_proposal(self, result):
        return {"id": result.proposal_id, "number": result.proposal.number,
                "name": result.revision.name or result.proposal.name}

    @extend_schema_field(ResultStageSerializer)
    def get_stage(self, result):
        return {"id": result.stage_id, "order": result.stage_order, "code": result.stage.code,
                "name": result.stage_name, "form": result.stage_form}

    def get_outcome_label(self, result) -> str:
        return str(Outcome(result.outcome).label) if result.outcome else ""


class ItemScoreSerializer(serializers.Serializer):
    id = serializers.CharField()
    kind = inline_choice([(k, k) for k in scoring.KINDS])
    label = serializers.CharField(allow_blank=True)
    category = serializers.CharField(allow_blank=True)
    applicable = serializers.BooleanField()
    points = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True,
                                      help_text=_("Computed from the answer; null for items "
                                                  "without points or not (validly) answered."))
    maximum = serializers.DecimalField(max_digits=7, decimal_places=2)
    passed = serializers.BooleanField(allow_null=True, help_text=_("Gates only."))
    answered = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True)


def items_data(result) -> list[dict]:
    """Every item of the result's rubric with its points, re-scored from the stored answers
    with the rubric version the result keeps (what is shown is what was computed)."""
    if result.rubric is None:
        return []
    definition = result.rubric.definition or {}
    answers = result.answers if isinstance(result.answers, dict) else {}
    try:
        scored = scoring.score(definition, answers, result.applicant_type or None)
    except ValueError:  # a malformed stored definition: show no items rather than fail
        return []
    categories = {c.get("code"): label(c) for c in definition.get("categories") or []}
    rows = []
    for score in scored.items:
        item = next((i for i in definition.get("items") or [] if i.get("id") == score.id), {})
        answer = answers.get(score.id)
        comment = answer.get("comment") if isinstance(answer, dict) else ""
        rows.append({
            "id": score.id, "kind": score.kind, "label": label(item),
            "category": categories.get(item.get("category"), ""),
            "applicable": score.applicable, "points": score.points, "maximum": score.maximum,
            "passed": score.passed, "answered": score.answered,
            "comment": comment if isinstance(comment, str) else "",
        })
    return rows


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}]})
class PointsField(serializers.JSONField):
    pass


# One answer, as the scoring engine reads it (which keys matter depends on the item's kind).
class AnswerSerializer(serializers.Serializer):
    checks = serializers.DictField(child=serializers.BooleanField(), required=False,
                                   help_text=_("Gate: check id → passes."))
    present = serializers.BooleanField(required=False, help_text=_("Indicator count: the main "
                                                                   "yes/no."))
    indicators = serializers.ListField(child=serializers.CharField(), required=False,
                                       help_text=_("Indicator count: the ids of the indications "
                                                   "present."))
    option = serializers.CharField(required=False, help_text=_("Choice: the option's id."))
    choice = serializers.CharField(required=False, help_text=_("Bounded: the choice that sets "
                                                               "the cap."))
    value = PointsField(required=False, help_text=_("Bounded: the points given, e.g. \"12.5\"."))
    text = serializers.CharField(required=False, allow_blank=True, help_text=_("Text items."))
    comment = serializers.CharField(required=False, allow_blank=True,
                                    help_text=_("Advice on this criterion."))


@extend_schema_field(serializers.DictField(child=AnswerSerializer(), help_text="Item id → answer."))
class AnswersField(serializers.JSONField):
    """Item id → answer; written as :class:`AnswerSerializer` documents it."""


@extend_schema_field({"type": "object", "additionalProperties": {},
                      "description": "Item id → answer, as recorded."})
class StoredAnswersField(serializers.JSONField):
    """Answers as stored (read back unchanged)."""


class ResultSerializer(ResultListSerializer):
    rubric = serializers.SerializerMethodField()
    answers = StoredAnswersField()
    items = serializers.SerializerMethodField()
    grade_label = serializers.SerializerMethodField()
    conflicts = serializers.SerializerMethodField()
    recorded_by = serializers.SerializerMethodField()
    submitted_by = serializers.SerializerMethodField()

    class Meta(ResultListSerializer.Meta):
        fields = (*ResultListSerializer.Meta.fields, "rubric", "applicant_type", "answers", "items",
                  "grade_label", "advice", "approved_amount", "signed_off_on", "entered_stage_at",
                  "lock_version", "conflicts", "recorded_by", "submitted_by", "created_at",
                  "updated_at")
        read_only_fields = fields

    @extend_schema_field(RubricRefSerializer(allow_null=True))
    def get_rubric(self, result):
        return _rubric_ref(result.rubric)

    @extend_schema_field(ItemScoreSerializer(many=True))
    def get_items(self, result):
        return ItemScoreSerializer(items_data(result), many=True).data

    def get_grade_label(self, result) -> str:
        if not result.grade or result.rubric is None:
            return ""
        grades = (result.rubric.definition or {}).get("grades") or []
        grade = next((g for g in grades if isinstance(g, dict) and g.get("code") == result.grade), None)
        return label(grade) if grade else ""

    @extend_schema_field(ConflictSerializer(many=True))
    def get_conflicts(self, result):
        """Declared on the agenda item; shown to those who may view sessions (row 7)."""
        if not self.context.get("show_conflicts") or result.agenda_item_id is None:
            return []
        return conflicts_data(result.agenda_item.conflicts.all())

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_recorded_by(self, result):
        return person(result.recorded_by) if self.context.get("show_people") else None

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_submitted_by(self, result):
        return person(result.submitted_by) if self.context.get("show_people") else None


# --- recording --------------------------------------------------------------------------------

def _answer_problems(answers) -> dict[str, list[str]]:
    """Type problems of an answers body by path (``answers.<item id>…``), walked without
    recursion: each answer an object; no NUL character in a key or a string; no infinite
    number (a JSON ``1e400`` parses as infinity, which no JSON column can store)."""
    if not isinstance(answers, dict):
        return {"answers": [str(_("Send the answers as an object: item id → answer."))]}
    problems: dict[str, list[str]] = {}
    if len(answers) > MAX_ANSWERS:
        return {"answers": [str(_("Too many answers: a rubric has at most %(count)s items.")
                                % {"count": MAX_ANSWERS})]}
    nul = str(ProhibitNullCharactersValidator.message)
    infinite = str(_("Enter a finite number."))
    for key, answer in answers.items():
        if "\x00" in key:
            problems.setdefault("answers", []).append(nul)
            continue
        if not isinstance(answer, dict):
            problems.setdefault(f"answers.{key}", []).append(
                str(_("Each answer must be an object, e.g. {\"option\": \"clear\"}.")))
            continue
        stack = [(f"answers.{key}", answer)]
        while stack:
            path, value = stack.pop()
            if isinstance(value, str):
                if "\x00" in value:
                    problems.setdefault(path, []).append(nul)
            elif isinstance(value, float):
                if not math.isfinite(value):
                    problems.setdefault(path, []).append(infinite)
            elif isinstance(value, dict):
                for child_key, child in value.items():
                    if "\x00" in child_key:
                        problems.setdefault(path, []).append(nul)
                    else:
                        stack.append((f"{path}.{child_key}", child))
            elif isinstance(value, list):
                stack.extend((f"{path}[{i}]", child) for i, child in enumerate(value))
    return {path: list(dict.fromkeys(messages)) for path, messages in problems.items()}


class RecordResultSerializer(serializers.Serializer):
    """Save or submit the result of the stage the proposal is in (``record_stage_result``)."""

    stage = api_fields.PrimaryKeyRelatedField(
        queryset=ReviewStage.objects.all(), required=False, allow_null=True,
        help_text=_("The stage you mean to record (optional): refused unless the proposal is "
                    "in it. Default: the stage it is in."))
    answers = AnswersField(required=False, help_text=_("Rubric answers by item id (see the "
                                                       "stage's rubric)."))
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True,
        help_text=_("Screening: passed / not_passed / not_passed_documents. Rubric stages: the "
                    "rubric decides; only not_considered may be chosen. Board: approved / "
                    "rejected / not_considered."))
    advice = serializers.CharField(required=False, allow_blank=True, max_length=20000,
                                   trim_whitespace=False)
    approved_amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True,
        help_text=_("Board approval: baht, e.g. \"150000.00\" (at most the requested budget)."))
    signed_off_on = serializers.DateField(required=False, allow_null=True,
                                          help_text=_("Board approval: the fund chair's sign-off "
                                                      "date (ISO, not in the future)."))
    lock_version = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1,
        help_text=_("The draft's lock_version you last read (0 when there was no draft): a "
                    "save over someone else's newer one is refused with 409."))
    submit = serializers.BooleanField(required=False, default=False,
                                      help_text=_("true: final (moves the proposal on); false: "
                                                  "keep a draft invisible to applicants."))

    def validate(self, attrs):
        # Object-level, so that the problems keep their flat paths (``answers.3.value``).
        problems = _answer_problems(attrs.get("answers", {}))
        if problems:
            raise serializers.ValidationError(problems)
        return attrs
