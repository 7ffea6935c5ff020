"""Proposals, their sections, attachments and revisions (spec 02). Thin: reads go through the
proposals app's access functions and queries (same 404 for missing and forbidden), writes
through its domain functions, which check the permission matrix (rows 2.1–2.6) and the state;
their errors (DomainError) become 400/403 in ``api.exceptions``. A refused section or an
incomplete submission answers 400 with every problem by field path
(``{"detail": ..., "section2.steps[0].activities[0].end": ["..."], ...}``)."""

from __future__ import annotations

from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from phonlap.core import audit
from phonlap.funds.models import Call, Fund
from phonlap.organisations.models import Organisation
from phonlap.proposals import content, domain, messages, queries
from phonlap.proposals.enums import AttachmentType, ProposalStatus
from phonlap.proposals.models import Attachment, Proposal, ProposalRevision

from .. import fields as api_fields
from ..base import ApiViewSet
from ..exceptions import exception_handler

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Proposal id")
PROPOSAL_ID = OpenApiParameter("proposal_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="Proposal id")
ATTACHMENT_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                 description="Attachment id")
REVISION_NUMBER = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH,
                                   description="Revision number (1 = first submission)")
SECTION = OpenApiParameter("n", OpenApiTypes.INT, OpenApiParameter.PATH, enum=[1, 2, 3],
                           description="Section of the form (1–3; section 4 is the attachments)")


# --- the content's shape (documentation of the JSON the proposals app stores) ----------------

class FundHistorySerializer(serializers.Serializer):
    received_before = serializers.BooleanField(allow_null=True, required=False)
    times = serializers.IntegerField(allow_null=True, required=False)
    last_year = serializers.IntegerField(allow_null=True, required=False,
                                         help_text=_("Buddhist Era year, e.g. 2566."))
    last_project = serializers.CharField(required=False, allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True)


class OtherFundingSerializer(serializers.Serializer):
    source = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.CharField(required=False, allow_blank=True, help_text=_("Baht, e.g. \"50000.00\"."))
    year = serializers.IntegerField(allow_null=True, required=False)


class Section1Serializer(serializers.Serializer):
    current_activities = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    past_year_results = serializers.CharField(required=False, allow_blank=True)
    fund_history = FundHistorySerializer(required=False)
    other_funding = OtherFundingSerializer(many=True, required=False)


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)


class IndicatorSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    unit = serializers.CharField(required=False, allow_blank=True)
    target_value = serializers.CharField(required=False, allow_blank=True)


class OtherSourceSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.CharField(required=False, allow_blank=True)


class ActivitySerializer(serializers.Serializer):
    description = serializers.CharField(required=False, allow_blank=True)
    start = serializers.CharField(required=False, allow_blank=True, help_text=_("ISO date, e.g. 2026-01-05."))
    end = serializers.CharField(required=False, allow_blank=True, help_text=_("ISO date, e.g. 2026-01-09."))
    budget = serializers.CharField(required=False, allow_blank=True, help_text=_("Baht, e.g. \"60000.00\"."))


class StepSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    activities = ActivitySerializer(many=True, required=False)


class Section2Serializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    target_groups = serializers.ListField(child=serializers.CharField(), required=False,
                                          help_text=_("Codes from the fund's list of target groups."))
    is_research = serializers.BooleanField(required=False)
    responsible_unit = ContactSerializer(required=False)
    coordinator = ContactSerializer(required=False)
    rationale = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    targets = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    indicators = IndicatorSerializer(many=True, required=False)
    outputs = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    outcomes = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    impact = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    location = serializers.CharField(required=False, allow_blank=True)
    method = serializers.CharField(required=False, allow_blank=True)
    period_start = serializers.CharField(required=False, allow_blank=True)
    period_end = serializers.CharField(required=False, allow_blank=True)
    requested_budget = serializers.CharField(required=False, allow_blank=True)
    other_sources = OtherSourceSerializer(many=True, required=False)
    steps = StepSerializer(many=True, required=False)


class ParticipationSerializer(serializers.Serializer):
    type = serializers.CharField(required=False, allow_blank=True,
                                 help_text=", ".join(content.PARTICIPATION_TYPES))
    description = serializers.CharField(required=False, allow_blank=True)
    agency = serializers.CharField(required=False, allow_blank=True)


class Section3Serializer(serializers.Serializer):
    participation = ParticipationSerializer(many=True, required=False)


class ExecutiveSerializer(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField()


class OrganisationSnapshotSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    parent_agency = serializers.CharField(allow_blank=True)
    se_registration_number = serializers.CharField(allow_blank=True)
    executives = ExecutiveSerializer(many=True)


class ContentSerializer(serializers.Serializer):
    section1 = Section1Serializer(required=False)
    section2 = Section2Serializer(required=False)
    section3 = Section3Serializer(required=False)
    organisation = OrganisationSnapshotSerializer(
        required=False, help_text=_("Revisions only: section 1's part taken from the organisation."))


@extend_schema_field(ContentSerializer)
class ContentField(serializers.JSONField):
    """The stored content as is (the proposals app normalises it on save)."""


# The body of PUT sections/{n}/: the fields of that section (any subset; they replace the
# section's keys). Documented as any of the three shapes.
SECTION_BODY = {
    "anyOf": [
        {"$ref": "#/components/schemas/Section1"},
        {"$ref": "#/components/schemas/Section2"},
        {"$ref": "#/components/schemas/Section3"},
    ],
}


# --- proposals ------------------------------------------------------------------------------

class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FundRefSerializer(NamedSerializer):
    code = serializers.CharField()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.email


def _user(user):
    return UserRefSerializer(user).data if user is not None else None


class ProposalListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    fund = FundRefSerializer()
    call = serializers.IntegerField(source="call_id", allow_null=True)
    organisation = NamedSerializer()
    created_by = UserRefSerializer()
    is_deleted = serializers.BooleanField()

    class Meta:
        model = Proposal
        fields = ("id", "number", "name", "status", "status_label", "fund", "call", "organisation",
                  "created_by", "requested_budget", "latest_revision_number", "submitted_at",
                  "submission_requested_at", "is_deleted", "created_at", "updated_at")
        read_only_fields = fields


class TotalsSerializer(serializers.Serializer):
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    days = serializers.IntegerField()


class StepTotalsSerializer(TotalsSerializer):
    name = serializers.CharField(allow_blank=True)


class ProjectTotalsSerializer(TotalsSerializer):
    steps = StepTotalsSerializer(many=True)


def totals_of(section2: dict) -> dict:
    """Computed by ``proposals.content`` (the one source of truth): the project and each step."""
    names = [s.get("name", "") if isinstance(s, dict) else "" for s in (section2 or {}).get("steps") or []]
    project = content.project_totals(section2 or {})
    steps = content.all_step_totals(section2 or {})
    return {
        "budget": project.budget, "start": project.start, "end": project.end, "days": project.days,
        "steps": [{"name": names[i] if i < len(names) else "", "budget": t.budget, "start": t.start,
                   "end": t.end, "days": t.days} for i, t in enumerate(steps)],
    }


class AttachmentSerializer(serializers.ModelSerializer):
    type_label = serializers.CharField(source="display_name")
    revision = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ("id", "type", "type_label", "other_name", "original_name", "size", "content_type",
                  "uploaded_at", "revision")
        read_only_fields = fields

    def get_revision(self, attachment) -> int | None:
        return attachment.revision.number if attachment.revision_id else None


class RevisionListSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SerializerMethodField()

    class Meta:
        model = ProposalRevision
        fields = ("number", "name", "requested_budget", "submitted_at", "submitted_by")
        read_only_fields = fields

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_submitted_by(self, revision):
        return _user(revision.submitted_by)


class RevisionSerializer(RevisionListSerializer):
    proposal = serializers.IntegerField(source="proposal_id")
    content = ContentField()
    totals = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(RevisionListSerializer.Meta):
        fields = ("proposal", *RevisionListSerializer.Meta.fields, "content", "totals", "attachments")
        read_only_fields = fields

    @extend_schema_field(ProjectTotalsSerializer)
    def get_totals(self, revision):
        return ProjectTotalsSerializer(totals_of((revision.content or {}).get("section2") or {})).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, revision):
        rows = list(revision.attachments.all())
        for row in rows:
            row.revision = revision  # no query per row for its number
        return AttachmentSerializer(rows, many=True).data


class ProblemSerializer(serializers.Serializer):
    path = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()


def _problems(problems) -> list[dict]:
    return [{"path": p.path, "field": messages.field_label(p.path), "message": messages.problem_message(p)}
            for p in problems]


class ProposalSerializer(ProposalListSerializer):
    """One proposal: the draft content, what the system computes from it, the draft's
    attachments and the submitted revisions."""

    content = ContentField()
    sections_saved = serializers.ListField(child=serializers.IntegerField())
    open_sections = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    revisions = serializers.SerializerMethodField()

    class Meta(ProposalListSerializer.Meta):
        fields = (*ProposalListSerializer.Meta.fields, "content", "sections_saved", "open_sections",
                  "totals", "warnings", "attachments", "revisions")
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_open_sections(self, proposal):
        return domain.open_sections(proposal) if proposal.is_draft else []

    @extend_schema_field(ProjectTotalsSerializer)
    def get_totals(self, proposal):
        return ProjectTotalsSerializer(totals_of(proposal.section(2))).data

    @extend_schema_field(ProblemSerializer(many=True))
    def get_warnings(self, proposal):
        """Non-blocking problems (e.g. the requested budget ≠ the activities' total)."""
        return _problems(domain.section_warnings(proposal)) if proposal.is_draft else []

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, proposal):
        rows = getattr(proposal, "draft_attachments", None)
        if rows is None:
            rows = list(queries.draft_attachments(proposal))
        return AttachmentSerializer(rows, many=True).data

    @extend_schema_field(RevisionListSerializer(many=True))
    def get_revisions(self, proposal):
        return RevisionListSerializer(proposal.revisions.all(), many=True).data


class CreateProposalSerializer(serializers.Serializer):
    organisation = api_fields.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(deleted_at__isnull=True),
        help_text=_("An organisation you belong to."))
    fund = api_fields.SlugRelatedField(slug_field="code", queryset=Fund.objects.all(),
                                        help_text=_("The fund's code, e.g. disability-education."))
    call = api_fields.PrimaryKeyRelatedField(queryset=Call.objects.all(), allow_null=True, required=False)


class ListFilterSerializer(serializers.Serializer):
    # CharFields refuse NUL characters, which PostgreSQL cannot compare (a 500 otherwise).
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=ProposalStatus.choices, required=False)
    fund = serializers.CharField(required=False, max_length=50)
    organisation = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class SectionSerializer(serializers.Serializer):
    section = serializers.IntegerField()
    data = serializers.JSONField()


class UploadSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=AttachmentType.choices)
    other_name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                       help_text=_("For an 'other' document: what it is."))
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False,
                                 help_text=_(".pdf .docx .xlsx .jpg .png, checked by content."))


class DiffQuerySerializer(serializers.Serializer):
    a = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    b = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class ChangeSerializer(serializers.Serializer):
    section = serializers.CharField()
    path = serializers.CharField()
    field = serializers.CharField()
    kind = serializers.CharField(help_text="added, removed or changed")
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)
    text = serializers.CharField()


class DiffSerializer(serializers.Serializer):
    a = serializers.IntegerField()
    b = serializers.IntegerField()
    changes = ChangeSerializer(many=True)


CREATE_EXAMPLE = OpenApiExample(
    "A draft for the disability education fund",
    value={"organisation": 1, "fund": "disability-education", "call": None}, request_only=True,
)
SECTION_EXAMPLE = OpenApiExample(
    "Section 2, part: name, period, budget and one step",
    value={"name": "โครงการพัฒนาครูการศึกษาพิเศษ", "period_start": "2026-01-01",
           "period_end": "2026-06-30", "requested_budget": "20000.00",
           "steps": [{"name": "Preparation", "activities": [
               {"description": "Plan the course", "start": "2026-01-05", "end": "2026-01-09",
                "budget": "20000.00"}]}]},
    request_only=True,
)
FILE_TYPES = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/jpeg", "image/png",
              "application/octet-stream")


def _ip(request):
    return audit.client_ip(request)


def _nul_paths(value, path: str) -> list[str]:
    """Where the JSON holds a NUL character (in a key or a string): PostgreSQL's jsonb cannot
    store one, so it is refused here as bad input rather than failing on save."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}"
            if isinstance(key, str) and "\x00" in key:
                found.append(path)
                continue
            found += _nul_paths(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nul_paths(item, f"{path}[{index}]")
    return found


def _refuse_nul_characters(data, prefix: str) -> None:
    paths = _nul_paths(data, prefix)
    if paths:
        message = str(ProhibitNullCharactersValidator.message)
        raise serializers.ValidationError({path.replace("\x00", ""): [message] for path in paths})


def _with_summary(exc, context):
    """The shared handler, plus the domain's summary when it lists problems by field."""
    response = exception_handler(exc, context)
    if response is not None and getattr(exc, "problems", None) and isinstance(response.data, dict):
        response.data.setdefault("detail", str(exc.message))
    return response


class _ProposalApi(ApiViewSet):
    """Proposals (spec 02). Messages come in the caller's language (Accept-Language, else the
    user's saved language). Validation problems answer 400 with every problem by field path."""

    filter_backends: list = []

    def get_exception_handler(self):
        return _with_summary

    def proposal(self, pk):
        return queries.get_proposal_for_user(self.request.user, pk)

    def detail_response(self, proposal, code=status.HTTP_200_OK):
        fresh = queries.get_proposal_for_user(self.request.user, proposal.pk)
        return Response(ProposalSerializer(fresh).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="Proposals you may see",
        description="Project managers see their own, organisation managers their organisations', "
                    "staff all.",
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="Words in the name or number"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=ProposalStatus.values),
            OpenApiParameter("fund", OpenApiTypes.STR, description="Fund code"),
            OpenApiParameter("organisation", OpenApiTypes.INT, description="Organisation id"),
        ],
        responses={200: ProposalListSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One proposal with its totals, attachments and revisions",
                           parameters=[ID]),
    create=extend_schema(summary="Start a draft", request=CreateProposalSerializer,
                         responses={201: ProposalSerializer}, examples=[CREATE_EXAMPLE]),
    destroy=extend_schema(summary="Delete a draft (it can be restored)", parameters=[ID]),
)
class ProposalViewSet(_ProposalApi):
    """Proposals you may see: project managers their own, organisation managers their
    organisations', staff all. Drafts are edited section by section; an organisation manager
    submits; each submission freezes a read-only revision."""

    matrix_rows = ("2.2", "2.1", "2.3", "2.4", "2.5", "2.6")
    matrix_action_rows = {
        "list": ("2.2",), "retrieve": ("2.2",), "create": ("2.1",), "destroy": ("2.4",),
        "section": ("2.2",), "update_section": ("2.3",), "request_submission": ("2.3",),
        "submit": ("2.6",), "new_revision": ("2.3",), "restore": ("2.5",), "deleted": ("2.5",),
        "diff": ("2.2",),
    }
    serializer_class = ProposalSerializer
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def check_permissions(self, request):
        """As the gate says, except that someone who may see the proposal but not submit it (a
        project manager) is told why (403 from the domain, which checks row 2.6 itself) rather
        than given a 404 for a proposal they can open."""
        try:
            super().check_permissions(request)
        except NotFound:
            if self.action != "submit":
                raise
            self.proposal(self.kwargs.get("pk"))  # 404 unless the caller may view it

    def _filtered(self, queryset):
        params = ListFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        if values.get("search", "").strip():
            words = values["search"].strip()
            queryset = queryset.filter(Q(name__icontains=words) | Q(number__icontains=words))
        if values.get("status"):
            queryset = queryset.filter(status=values["status"])
        if values.get("fund"):
            queryset = queryset.filter(fund__code=values["fund"])
        if values.get("organisation"):
            queryset = queryset.filter(organisation_id=values["organisation"])
        return queryset.order_by("-created_at", "-pk")

    def get_queryset(self):
        return self._filtered(queries.proposals_for_user(self.request.user))

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(ProposalListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ProposalSerializer(self.proposal(pk)).data)

    def create(self, request):
        serializer = CreateProposalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        proposal = domain.create_proposal(actor=request.user, organisation=values["organisation"],
                                          fund=values["fund"], call=values.get("call"), ip=_ip(request))
        return self.detail_response(proposal, status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        domain.delete_draft(actor=request.user, proposal=self.proposal(pk), ip=_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- sections -------------------------------------------------------------------------

    def _section_number(self, n) -> int:
        try:
            number = int(n)
        except (TypeError, ValueError):
            raise NotFound from None
        if number not in content.SECTIONS:
            raise NotFound
        return number

    @extend_schema(summary="One section of the draft as stored", parameters=[ID, SECTION],
                   responses={200: SectionSerializer})
    @action(detail=True, methods=["get"], url_path=r"sections/(?P<n>[0-9]+)")
    def section(self, request, pk=None, n=None):
        number = self._section_number(n)
        proposal = self.proposal(pk)
        if number not in content.CONTENT_SECTIONS:
            raise NotFound
        return Response({"section": number, "data": proposal.section(number)})

    @extend_schema(
        summary="Save a section of a draft (sections are saved in order 1 → 3)",
        description="The body's keys replace the section's. Malformed values (dates, budgets, "
                    "choices) are refused all at once: 400 with every problem by field path. "
                    "A requested budget that disagrees with the activities is kept and shown in "
                    "`warnings`; it only stops the submission.",
        parameters=[ID, SECTION], request={"application/json": SECTION_BODY},
        responses={200: ProposalSerializer}, examples=[SECTION_EXAMPLE],
    )
    @section.mapping.put
    def update_section(self, request, pk=None, n=None):
        number = self._section_number(n)
        proposal = self.proposal(pk)
        _refuse_nul_characters(request.data, f"section{number}")
        proposal = domain.save_section(actor=request.user, proposal=proposal, section=number,
                                       data=request.data, ip=_ip(request))
        return self.detail_response(proposal)

    # --- submission and revisions -----------------------------------------------------------

    @extend_schema(summary="Ask the organisation's managers to submit", request=None,
                   responses={200: ProposalSerializer}, parameters=[ID])
    @action(detail=True, methods=["post"], url_path="request-submission")
    def request_submission(self, request, pk=None):
        proposal = domain.request_submission(actor=request.user, proposal=self.proposal(pk),
                                             ip=_ip(request))
        return self.detail_response(proposal)

    @extend_schema(
        summary="Submit the draft as the next revision (organisation managers)",
        description="Checks completeness and lists every missing item at once (400). A second "
                    "submission of the same draft is refused: there is exactly one revision.",
        request=None, responses={201: RevisionSerializer}, parameters=[ID],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        revision = domain.submit_proposal(actor=request.user, proposal=self.proposal(pk), ip=_ip(request))
        revision = queries.get_revision_for_user(request.user, revision.proposal_id, revision.number)
        return Response(RevisionSerializer(revision).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Start the next revision from the last one (after a return or failure)",
                   request=None, responses={200: ProposalSerializer}, parameters=[ID])
    @action(detail=True, methods=["post"], url_path="new-revision")
    def new_revision(self, request, pk=None):
        proposal = domain.create_next_revision(actor=request.user, proposal=self.proposal(pk),
                                               ip=_ip(request))
        return self.detail_response(proposal)

    @extend_schema(
        summary="What changed between two revisions",
        parameters=[ID, OpenApiParameter("a", OpenApiTypes.INT, required=True, description="From revision"),
                    OpenApiParameter("b", OpenApiTypes.INT, required=True, description="To revision")],
        responses={200: DiffSerializer},
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, pk=None):
        proposal = self.proposal(pk)
        params = DiffQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        a, b = params.validated_data["a"], params.validated_data["b"]
        changes = queries.diff_revisions(proposal, a, b)
        return Response(DiffSerializer({"a": a, "b": b, "changes": [
            {"section": c.section, "path": c.path, "field": messages.field_label(c.path), "kind": c.kind,
             "old": c.old, "new": c.new, "text": messages.describe_change(c)} for c in changes
        ]}).data)

    # --- deleting and restoring --------------------------------------------------------------

    @extend_schema(summary="Deleted drafts you may restore",
                   responses={200: ProposalListSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def deleted(self, request):
        page = self.paginate_queryset(queries.deleted_proposals_for_user(request.user).order_by("-pk"))
        return self.get_paginated_response(ProposalListSerializer(page, many=True).data)

    @extend_schema(summary="Restore a deleted draft", request=None,
                   responses={200: ProposalSerializer}, parameters=[ID])
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        proposal = queries.get_proposal_for_user(request.user, pk, for_restore=True)
        proposal = domain.restore_proposal(actor=request.user, proposal=proposal, ip=_ip(request))
        return self.detail_response(proposal)


# --- attachments of the draft ------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="The draft's attachments", parameters=[PROPOSAL_ID],
                       responses={200: AttachmentSerializer(many=True)}),
    retrieve=extend_schema(summary="One attachment (of the draft or of a revision)",
                           parameters=[PROPOSAL_ID, ATTACHMENT_ID]),
    create=extend_schema(
        summary="Upload an attachment to a draft",
        description="Only .pdf .docx .xlsx .jpg .png, checked by content as well as by name, "
                    "within the size limit; stored privately.",
        parameters=[PROPOSAL_ID], request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentSerializer},
    ),
    destroy=extend_schema(summary="Remove an attachment from a draft",
                          parameters=[PROPOSAL_ID, ATTACHMENT_ID]),
)
class AttachmentViewSet(_ProposalApi):
    """Section 4: the draft's files (private; downloadable by whoever may view the proposal)."""

    matrix_rows = ("2.2", "2.3")
    matrix_action_rows = {"list": ("2.2",), "retrieve": ("2.2",), "download": ("2.2",),
                          "create": ("2.3",), "destroy": ("2.3",)}
    serializer_class = AttachmentSerializer
    pagination_class = None
    http_method_names = ["get", "post", "delete", "head", "options"]

    parser_classes = [MultiPartParser, FormParser]

    def get_object(self):
        proposal = self.proposal(self.kwargs["proposal_pk"])
        attachment = queries.get_attachment_for_user(self.request.user, self.kwargs["pk"])
        if attachment.proposal_id != proposal.pk:
            raise NotFound
        return attachment

    def list(self, request, proposal_pk=None):
        rows = self.proposal(proposal_pk).draft_attachments
        return Response(AttachmentSerializer(rows, many=True).data)

    def retrieve(self, request, proposal_pk=None, pk=None):
        return Response(AttachmentSerializer(self.get_object()).data)

    def create(self, request, proposal_pk=None):
        proposal = self.proposal(proposal_pk)
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        attachment = domain.add_attachment(
            actor=request.user, proposal=proposal, type=values["type"], upload=values.get("file"),
            other_name=values.get("other_name", ""), ip=_ip(request))
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, proposal_pk=None, pk=None):
        domain.remove_attachment(actor=request.user, attachment=self.get_object(), ip=_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Download the file", parameters=[PROPOSAL_ID, ATTACHMENT_ID],
                   responses={(200, kind): OpenApiTypes.BINARY for kind in FILE_TYPES})
    @action(detail=True, methods=["get"])
    def download(self, request, proposal_pk=None, pk=None):
        attachment = self.get_object()
        audit.sensitive_read(actor=request.user, action="proposal.attachment_download",
                             obj=attachment.proposal, ip=_ip(request), attachment=attachment.pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, OSError):
            raise NotFound from None
        return FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                             content_type=attachment.content_type or "application/octet-stream")


# --- revisions ---------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="The submitted revisions", parameters=[PROPOSAL_ID],
                       responses={200: RevisionListSerializer(many=True)}),
    retrieve=extend_schema(summary="One revision as submitted (read-only)",
                           parameters=[PROPOSAL_ID, REVISION_NUMBER]),
)
class RevisionViewSet(_ProposalApi):
    """The submitted revisions of a proposal, read-only."""

    matrix_rows = ("2.2",)
    serializer_class = RevisionSerializer
    pagination_class = None
    lookup_field = "number"
    lookup_url_kwarg = "number"
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "head", "options"]

    def list(self, request, proposal_pk=None):
        proposal = self.proposal(proposal_pk)
        return Response(RevisionListSerializer(proposal.revisions.all(), many=True).data)

    def retrieve(self, request, proposal_pk=None, number=None):
        revision = queries.get_revision_for_user(request.user, proposal_pk, number)
        return Response(RevisionSerializer(revision).data)
