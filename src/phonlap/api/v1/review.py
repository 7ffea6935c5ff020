"""The review (spec 03): pipeline stages and rubric versions (published criteria, readable by
anyone), evaluation sessions with members and agenda (row 7), stage results (row 9: read) and
recording one (row 8: staff).

Thin, like the rest of the API: reads go through the review's access functions
(``session_queries.sessions_for_user`` / ``get_session_for_user``,
``queries.results_for_user`` / ``get_result_for_user``, the proposals'
``get_proposal_for_user``; the same 404 for missing and forbidden), the one write through
``record_stage_result``, which checks row 8, the stage, the agenda and the lock. Its errors
answer 403 (not staff), 400 (with every problem by field path: ``outcome``,
``approved_amount``, ``signed_off_on``, ``answers.<item id>``), or 409 when someone else saved
the draft meanwhile (``lock_version``)."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from phonlap.accounts.access import has_row
from phonlap.core import audit
from phonlap.funds.models import ReviewStage, Rubric
from phonlap.proposals.queries import get_proposal_for_user
from phonlap.review import queries as result_queries
from phonlap.review import session_queries
from phonlap.review.domain.results import StaleResult, record_stage_result
from phonlap.review.enums import Outcome, ResultStatus, SessionStatus

from ..base import ApiViewSet
from ..exceptions import exception_handler
from . import review_serializers as rs

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)
PROPOSAL_ID = OpenApiParameter("proposal_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="Proposal id")
CONFLICT = OpenApiResponse(
    response={"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    description="Someone else saved this draft since you read it (send their lock_version).",
)
PUBLIC = ("The fund's published review criteria and pipeline: readable by anyone, signed in or "
          "not (they hold no applicant data).")
ID_MAX = 2**31 - 1


def _ip(request):
    return audit.client_ip(request)


def _with_item_paths(exc, context):
    """The shared handler, with the recording's particulars: a stale draft is a conflict (409);
    rubric problems keyed ``item-<id>`` by the domain are reported at ``answers.<id>``, with
    the domain's summary in ``detail``."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, StaleResult):
        response.status_code = status.HTTP_409_CONFLICT
        return response
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors and isinstance(response.data, dict):
        data = {}
        for key, messages in response.data.items():
            if isinstance(key, str) and key.startswith("item-"):
                item = key.removeprefix("item-")
                key = f"answers.{item}" if item else "answers"
            data.setdefault(key, []).extend(messages if isinstance(messages, list) else [messages])
        data["detail"] = str(exc.message)
        response.data = data
    return response


class _Filters(serializers.Serializer):
    """Query parameters are validated (a CharField refuses NUL, which PostgreSQL cannot
    compare; integers are bounded): bad ones answer 400, never 500."""


# --- rubrics and stages: public --------------------------------------------------------------

class RubricFilters(_Filters):
    code = serializers.CharField(required=False, max_length=50)


@extend_schema_view(
    list=extend_schema(
        summary="Rubric versions (published criteria)",
        description="Every version of every rubric, newest version first per code. A result "
                    "keeps the version it was scored with. " + PUBLIC,
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, description="Rubric code, e.g. "
                                                                             "def-committee")],
        responses={200: rs.RubricListSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One rubric version with its definition", parameters=[ID],
                           responses={200: rs.RubricSerializer}),
)
class RubricViewSet(ApiViewSet):
    """Rubric versions: items, caps, points tables, grade bands and the pass rule, as data."""

    matrix_exempt = PUBLIC
    permission_classes = [permissions.AllowAny]
    serializer_class = rs.RubricSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        stages = ReviewStage.objects.select_related("fund").order_by("fund_id", "order")
        return Rubric.objects.prefetch_related(Prefetch("stages", queryset=stages)).order_by(
            "code", "-version", "pk")

    def list(self, request):
        params = RubricFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        if params.validated_data.get("code"):
            queryset = queryset.filter(code=params.validated_data["code"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(rs.RubricListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        rubric = self.get_queryset().filter(pk=_id(pk)).first()
        if rubric is None:
            raise NotFound
        return Response(rs.RubricSerializer(rubric).data)


class StageFilters(_Filters):
    fund = serializers.CharField(required=False, max_length=50, help_text="Fund code")


@extend_schema_view(
    list=extend_schema(
        summary="Review pipelines: the active stages, in order",
        description="Each fund's stages (screening first): who decides, the form, the rubric "
                    "version a scored stage uses, and where a failure sends the proposal. " + PUBLIC,
        parameters=[OpenApiParameter("fund", OpenApiTypes.STR,
                                     description="Fund code, e.g. disability-education")],
        responses={200: rs.StageSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One stage (also a retired one, which old results name)",
                           parameters=[ID]),
)
class StageViewSet(ApiViewSet):
    """The pipeline of each fund, as data."""

    matrix_exempt = PUBLIC
    permission_classes = [permissions.AllowAny]
    serializer_class = rs.StageSerializer
    pagination_class = None
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return ReviewStage.objects.select_related("fund", "rubric").order_by("fund__code", "order")

    def list(self, request):
        params = StageFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = self.get_queryset().filter(is_active=True)
        if params.validated_data.get("fund"):
            queryset = queryset.filter(fund__code=params.validated_data["fund"])
        return Response(rs.StageSerializer(queryset, many=True).data)

    def retrieve(self, request, pk=None):
        stage = self.get_queryset().filter(pk=_id(pk)).first()
        if stage is None:
            raise NotFound
        return Response(rs.StageSerializer(stage).data)


def _id(pk) -> int:
    """A path id as an integer the database can compare, or 404."""
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise NotFound from None
    if not 0 < value <= 2**63 - 1:
        raise NotFound
    return value


# --- sessions (row 7) ----------------------------------------------------------------------------

class SessionFilters(_Filters):
    fund = serializers.CharField(required=False, max_length=50)
    stage = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    status = serializers.ChoiceField(choices=SessionStatus.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Evaluation sessions you may see",
        description="Staff see every session, committee members the sessions they sit on. "
                    "Newest first.",
        parameters=[
            OpenApiParameter("fund", OpenApiTypes.STR, description="Fund code"),
            OpenApiParameter("stage", OpenApiTypes.INT, description="Stage id"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=SessionStatus.values),
        ],
        responses={200: rs.SessionListSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One session: its members (chair, secretary, members) and agenda",
        description="Each agenda item names the proposal, the revision considered, whether it "
                    "is decided, the id of its result if you may read it (a draft only for "
                    "staff) and the conflicts of interest declared.",
        parameters=[ID], responses={200: rs.SessionSerializer},
    ),
)
class SessionViewSet(ApiViewSet):
    """Evaluation sessions (วาระการพิจารณา), read-only here."""

    matrix_rows = ("7",)
    serializer_class = rs.SessionSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return session_queries.sessions_for_user(self.request.user)

    def list(self, request):
        params = SessionFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        queryset = self.get_queryset()
        if values.get("fund"):
            queryset = queryset.filter(fund__code=values["fund"])
        if values.get("stage"):
            queryset = queryset.filter(stage_id=values["stage"])
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        page = self.paginate_queryset(queryset.order_by("-starts_at", "-pk"))
        return self.get_paginated_response(rs.SessionListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        session = session_queries.get_session_for_user(request.user, pk)
        data = rs.SessionListSerializer(session).data
        data["created_by"] = rs.person(session.created_by)
        data["members"] = [{"user": rs.person(seat.user), "role": seat.role}
                           for seat in session_queries.members_of(session)]
        data["agenda"] = rs.agenda_data(session_queries.agenda_of(session, request.user))
        return Response(data)


# --- results (row 9; recording: row 8) ------------------------------------------------------------

class ResultFilters(_Filters):
    proposal = serializers.CharField(required=False, max_length=30, help_text="Proposal number")
    stage = serializers.CharField(required=False, max_length=50, help_text="Stage code")
    status = serializers.ChoiceField(choices=ResultStatus.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)


def _result_context(user) -> dict:
    """Who recorded a result and the conflicts declared are shown to those who may view
    sessions (row 7: staff, committee, super users), not to applicants."""
    internal = has_row(user, "7")
    return {"show_conflicts": internal, "show_people": internal}


def result_detail(user, pk) -> dict:
    result = result_queries.get_result_for_user(user, pk)
    context = _result_context(user)
    if context["show_conflicts"] and result.agenda_item_id is not None:
        prefetch_related_objects([result], "agenda_item__conflicts__member")
    return rs.ResultSerializer(result, context=context).data


def _listed(results):
    """Only the columns the list shows: the scores' answers, the proposal's and the revision's
    content are large JSON (reading them for 30 rows cost more than the query)."""
    return results.select_related(None).select_related("proposal", "revision", "stage").only(
        "status", "outcome", "total", "maximum", "percentage", "grade", "rubric_passed",
        "submitted_at", "proposal__number", "proposal__name",
        "revision__number", "revision__name", "stage__code", "stage_order", "stage_name_th",
        "stage_name_en", "stage_form", "session_id",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Stage results you may read",
        description="Project managers read the submitted results of their proposals, "
                    "organisation managers those of their organisations', committee members "
                    "those of the proposals on their sessions; staff read all, drafts included.",
        parameters=[
            OpenApiParameter("proposal", OpenApiTypes.STR, description="Proposal number"),
            OpenApiParameter("stage", OpenApiTypes.STR, description="Stage code"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ResultStatus.values),
            OpenApiParameter("outcome", OpenApiTypes.STR, enum=Outcome.values),
        ],
        responses={200: rs.ResultListSerializer(many=True)},
    ),
    retrieve=extend_schema(
        summary="One result: outcome, scores item by item, advice",
        description="Points are computed from the recorded answers with the rubric version the "
                    "result keeps. Conflicts of interest and who recorded it are shown to staff "
                    "and committee members.",
        parameters=[ID], responses={200: rs.ResultSerializer},
    ),
)
class ResultViewSet(ApiViewSet):
    """Stage results, read-only (record one at ``/proposals/{id}/results/``)."""

    matrix_rows = ("9",)
    serializer_class = rs.ResultSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return result_queries.results_for_user(self.request.user)

    def list(self, request):
        params = ResultFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        queryset = self.get_queryset()
        if values.get("proposal"):
            queryset = queryset.filter(proposal__number=values["proposal"].strip())
        if values.get("stage"):
            queryset = queryset.filter(stage__code=values["stage"])
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        if values.get("outcome"):
            queryset = queryset.filter(outcome=values["outcome"])
        queryset = queryset.order_by("proposal__number", "revision__number", "stage_order", "pk")
        page = self.paginate_queryset(_listed(queryset))
        return self.get_paginated_response(rs.ResultListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(result_detail(request.user, pk))


RECORD_EXAMPLES = [
    OpenApiExample("Screening: passed", request_only=True,
                   value={"outcome": "passed", "advice": "Documents complete.", "submit": True,
                          "lock_version": 0}),
    OpenApiExample("Working group: a draft of the scores", request_only=True,
                   value={"answers": {"1": {"present": True, "indicators": ["1", "2", "3", "4"],
                                            "comment": "Clear name."}},
                          "submit": False, "lock_version": 0}),
    OpenApiExample("Board: approved", request_only=True,
                   value={"outcome": "approved", "approved_amount": "150000.00",
                          "signed_off_on": "2026-01-15", "submit": True, "lock_version": 0}),
]


@extend_schema_view(
    list=extend_schema(
        summary="The results of one proposal (every revision) you may read",
        parameters=[PROPOSAL_ID], responses={200: rs.ResultListSerializer(many=True)},
    ),
    create=extend_schema(
        summary="Record the result of the stage the proposal is in (fund staff)",
        description="`submit: false` saves a draft (editable, invisible to applicants); "
                    "`submit: true` is final and moves the proposal on per its fund's pipeline "
                    "(next stage, approval and a funded project, a return, a failure). Scores "
                    "are computed from `answers`, never typed. Send the draft's `lock_version` "
                    "(0 when there is no draft): a stale one answers 409. A meeting stage needs "
                    "the proposal on an open session's agenda. Committee members and applicants "
                    "get 403.",
        parameters=[PROPOSAL_ID], request=rs.RecordResultSerializer,
        responses={201: rs.ResultSerializer, 200: rs.ResultSerializer, 409: CONFLICT},
        examples=RECORD_EXAMPLES,
    ),
)
class ProposalResultViewSet(ApiViewSet):
    """A proposal's stage results: read them (row 9), record one (row 8)."""

    matrix_rows = ("9", "8")
    matrix_action_rows = {"list": ("9",), "create": ("8",)}
    serializer_class = rs.ResultSerializer
    pagination_class = None
    filter_backends: list = []
    http_method_names = ["get", "post", "head", "options"]

    def get_exception_handler(self):
        return _with_item_paths

    def check_permissions(self, request):
        """As the gate says, except that someone who may see the proposal but not record (a
        committee member, an applicant) is told why (403 from the domain, which checks row 8)
        rather than given a 404 for a proposal they can open."""
        try:
            super().check_permissions(request)
        except NotFound:
            if self.action != "create" or not has_row(request.user, "9"):
                raise
            get_proposal_for_user(request.user, self.kwargs.get("proposal_pk"))

    def list(self, request, proposal_pk=None):
        proposal = get_proposal_for_user(request.user, proposal_pk)
        results = result_queries.results_of_proposal(request.user, proposal)
        return Response(rs.ResultListSerializer(results, many=True).data)

    def create(self, request, proposal_pk=None):
        proposal = get_proposal_for_user(request.user, proposal_pk)
        body = rs.RecordResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        stage = values.get("stage")
        target = stage or proposal.current_stage
        had_draft = target is not None and result_queries.draft_result(
            proposal=proposal, stage=target) is not None
        result = record_stage_result(
            actor=request.user, proposal=proposal, stage=stage,
            answers=values.get("answers") or {}, outcome=values.get("outcome") or "",
            advice=values.get("advice") or "", approved_amount=values.get("approved_amount"),
            signed_off_on=values.get("signed_off_on"), lock_version=values.get("lock_version"),
            submit=values.get("submit", False), ip=_ip(request),
        )
        code = status.HTTP_200_OK if had_draft else status.HTTP_201_CREATED
        return Response(result_detail(request.user, result.pk), status=code)

