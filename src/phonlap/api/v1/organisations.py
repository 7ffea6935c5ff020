"""Organisations and their memberships. Thin: reads go through the organisations app's access
function and queries, writes through its domain functions, which check the permission and the
transition; their errors (DomainError) become 400/403 in ``api.exceptions``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from phonlap.core import audit
from phonlap.organisations import domain, queries
from phonlap.organisations import rules as org_rules
from phonlap.organisations.models import (
    Membership,
    Objective,
    Organisation,
    Personnel,
    ProductService,
    Subdistrict,
)

from .. import fields as api_fields
from ..base import ApiView, ApiViewSet

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Organisation id")
ORG_ID = OpenApiParameter("organisation_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                          description="Organisation id")
MEMBERSHIP_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                 description="Membership id")


# --- serializers ----------------------------------------------------------------------------

class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class OrganisationListSerializer(serializers.ModelSerializer):
    province = AreaSerializer(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", "name", "kind", "parent_agency", "province", "is_social_enterprise",
                  "member_count")


class PersonnelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Personnel
        fields = ("id", "role", "title", "first_name", "last_name")


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ("id", "text")


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductService
        fields = ("id", "name", "description")


class OrganisationSerializer(serializers.ModelSerializer):
    """Read: everything the application form holds. Write: the fields of
    ``domain.ORGANISATION_FIELDS`` (the domain validates across fields and saves)."""

    subdistrict = api_fields.PrimaryKeyRelatedField(
        queryset=Subdistrict.objects.all(), allow_null=True, required=False,
        help_text=_("DOPA code of the subdistrict (6 digits)."),
    )
    district = AreaSerializer(read_only=True, allow_null=True)
    province = AreaSerializer(read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)
    personnel = PersonnelSerializer(many=True, read_only=True)
    objectives = ObjectiveSerializer(many=True, read_only=True)
    products = ProductSerializer(many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ("id", *domain.ORGANISATION_FIELDS, "district", "province", "member_count",
                  "personnel", "objectives", "products", "created_at", "updated_at")
        read_only_fields = ("id", "created_at", "updated_at")


class MemberUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    title = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)

    class Meta:
        model = Membership
        fields = ("id", "organisation", "user", "status", "is_manager", "requested_at",
                  "decided_at", "ended_at")
        read_only_fields = fields


class AddMemberSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254, help_text=_("E-mail address of a verified account."))


class SearchSerializer(serializers.Serializer):
    # A CharField refuses NUL characters, which PostgreSQL cannot compare (a 500 otherwise).
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)


CREATE_EXAMPLE = OpenApiExample(
    "A private foundation in Bangkok",
    value={"name": "มูลนิธิเพื่อการเรียนรู้", "kind": "private", "registration_year": 2015,
           "house_number": "99", "road": "ถนนราชดำเนิน", "subdistrict": "100101", "postcode": "10200",
           "latitude": "13.751000", "longitude": "100.492000", "is_social_enterprise": True,
           "se_registration_number": "SE-0001", "se_status": "registered"},
    request_only=True,
)
UPDATE_EXAMPLE = OpenApiExample(
    "Move to another road", value={"house_number": "12/3", "road": "ถนนพระอาทิตย์"}, request_only=True,
)
ADD_MEMBER_EXAMPLE = OpenApiExample("A verified account", value={"email": "somchai@example.org"},
                                    request_only=True)


def _ip(request):
    return audit.client_ip(request)


# --- organisations --------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(
        summary="Organisations you may see",
        parameters=[OpenApiParameter("search", OpenApiTypes.STR,
                                     description="Words to find in the name, parent agency or province")],
    ),
    retrieve=extend_schema(summary="One organisation", parameters=[ID]),
    create=extend_schema(summary="Create an organisation (you become its manager)",
                         examples=[CREATE_EXAMPLE]),
    partial_update=extend_schema(summary="Change an organisation (its managers only)", parameters=[ID],
                                 examples=[UPDATE_EXAMPLE]),
    destroy=extend_schema(summary="Delete an organisation (super users)", parameters=[ID]),
)
class OrganisationViewSet(ApiViewSet):
    matrix_rows = ("3.2", "3.1", "3.3", "3.4", "4.5")
    matrix_action_rows = {
        "list": ("3.2",), "retrieve": ("3.2",), "create": ("3.1",), "join": ("3.1",),
        "partial_update": ("3.3",), "destroy": ("3.4",), "leave": ("4.5",),
    }
    serializer_class = OrganisationSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        search = SearchSerializer(data=self.request.query_params)
        search.is_valid(raise_exception=True)
        # The query annotates a member count (GROUP BY), and Django drops Meta.ordering from
        # grouped queries: order explicitly so pages are stable.
        return queries.search_organisations(
            search.validated_data.get("search", ""), user=self.request.user
        ).order_by("name", "pk")

    def get_serializer_class(self):
        return OrganisationListSerializer if self.action == "list" else OrganisationSerializer

    def get_object(self):
        return queries.get_organisation_for_user(self.request.user, self.kwargs["pk"])

    def _detail(self, organisation, code=status.HTTP_200_OK):
        fresh = queries.get_organisation_for_user(self.request.user, organisation.pk)
        return Response(OrganisationSerializer(fresh).data, status=code)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(OrganisationListSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(OrganisationSerializer(self.get_object()).data)

    def create(self, request):
        serializer = OrganisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = domain.create_organisation(
            actor=request.user, fields=dict(serializer.validated_data), ip=_ip(request))
        return self._detail(organisation, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        organisation = self.get_object()
        serializer = OrganisationSerializer(organisation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        domain.update_organisation(actor=request.user, organisation=organisation,
                                   fields=dict(serializer.validated_data), ip=_ip(request))
        return self._detail(organisation)

    def destroy(self, request, pk=None):
        domain.delete_organisation(actor=request.user, organisation=self.get_object(), ip=_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Ask to join (a manager or staff approves)", request=None,
                   responses={201: MembershipSerializer}, parameters=[ID])
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        membership = domain.request_to_join(actor=request.user, organisation=self.get_object(),
                                            ip=_ip(request))
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Leave the organisation", request=None,
                   responses={200: MembershipSerializer}, parameters=[ID])
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        membership = domain.leave_organisation(actor=request.user, organisation=self.get_object(),
                                               ip=_ip(request))
        return Response(MembershipSerializer(membership).data)


# --- memberships of one organisation -----------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="Members and pending requests (managers and staff)", parameters=[ORG_ID]),
    retrieve=extend_schema(summary="One membership", parameters=[ORG_ID, MEMBERSHIP_ID]),
    create=extend_schema(summary="Add a verified user by e-mail", request=AddMemberSerializer,
                         responses={201: MembershipSerializer}, parameters=[ORG_ID],
                         examples=[ADD_MEMBER_EXAMPLE]),
    destroy=extend_schema(summary="Remove a member", parameters=[ORG_ID, MEMBERSHIP_ID],
                          responses={200: MembershipSerializer}),
)
class MembershipViewSet(ApiViewSet):
    matrix_rows = ("4.4", "4.6", "5.1")
    matrix_action_rows = {
        "list": ("4.4",), "retrieve": ("4.4",), "create": ("4.4",), "approve": ("4.4",),
        "reject": ("4.4",), "destroy": ("4.6",), "appoint_manager": ("5.1",),
        "revoke_manager": ("5.1",),
    }
    serializer_class = MembershipSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_organisation(self):
        """The organisation through its access function; members are listed only to those who
        may manage them (row 4.4 reaching this organisation), everyone else gets the same 404."""
        organisation = queries.get_organisation_for_user(self.request.user, self.kwargs["organisation_pk"])
        if self.action in ("list", "retrieve") and not org_rules.can_manage_members(
            self.request.user, organisation
        ):
            raise NotFound
        return organisation

    def get_queryset(self):
        return queries.memberships_of_organisation(self.get_organisation())

    def get_object(self):
        return queries.get_membership_in(self.get_organisation(), self.kwargs["pk"])

    def list(self, request, organisation_pk=None):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(MembershipSerializer(page, many=True).data)

    def retrieve(self, request, organisation_pk=None, pk=None):
        return Response(MembershipSerializer(self.get_object()).data)

    def create(self, request, organisation_pk=None):
        serializer = AddMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = domain.add_member(actor=request.user, organisation=self.get_organisation(),
                                       email=serializer.validated_data["email"], ip=_ip(request))
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, organisation_pk=None, pk=None):
        membership = domain.remove_member(actor=request.user, membership=self.get_object(), ip=_ip(request))
        return Response(MembershipSerializer(membership).data)

    def _decide(self, operation):
        membership = operation(actor=self.request.user, membership=self.get_object(),
                               ip=_ip(self.request))
        return Response(MembershipSerializer(membership).data)

    @extend_schema(summary="Approve a request to join", request=None,
                   responses={200: MembershipSerializer}, parameters=[ORG_ID, MEMBERSHIP_ID])
    @action(detail=True, methods=["post"])
    def approve(self, request, organisation_pk=None, pk=None):
        return self._decide(domain.approve_membership)

    @extend_schema(summary="Reject a request to join", request=None,
                   responses={200: MembershipSerializer}, parameters=[ORG_ID, MEMBERSHIP_ID])
    @action(detail=True, methods=["post"])
    def reject(self, request, organisation_pk=None, pk=None):
        return self._decide(domain.reject_membership)

    @extend_schema(summary="Make a member an organisation manager", request=None,
                   responses={200: MembershipSerializer}, parameters=[ORG_ID, MEMBERSHIP_ID])
    @action(detail=True, methods=["post"], url_path="appoint-manager")
    def appoint_manager(self, request, organisation_pk=None, pk=None):
        return self._decide(domain.appoint_manager)

    @extend_schema(summary="End a member's manager role", request=None,
                   responses={200: MembershipSerializer}, parameters=[ORG_ID, MEMBERSHIP_ID])
    @action(detail=True, methods=["post"], url_path="revoke-manager")
    def revoke_manager(self, request, organisation_pk=None, pk=None):
        return self._decide(domain.revoke_manager)


class MyMembershipSerializer(MembershipSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta(MembershipSerializer.Meta):
        fields = (*MembershipSerializer.Meta.fields, "organisation_name")
        read_only_fields = fields


@extend_schema_view(get=extend_schema(operation_id="me_memberships_list",
                                      summary="Your memberships and pending requests",
                                      responses={200: MyMembershipSerializer(many=True)}))
class MyMembershipsView(ApiView):
    matrix_exempt = "One's own memberships: every signed-in user may list them."
    pagination_class = None

    def get(self, request):
        return Response(MyMembershipSerializer(queries.memberships_of_user(request.user), many=True).data)
