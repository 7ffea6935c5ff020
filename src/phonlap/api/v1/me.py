"""GET/PATCH /api/v1/me/ — the signed-in user's own account data."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from phonlap.accounts.domain.users import OWN_EDITABLE_FIELDS, update_own_account
from phonlap.accounts.models import User
from phonlap.accounts.roles import roles_of
from phonlap.core import audit

from ..base import ApiView

EDITABLE = OWN_EDITABLE_FIELDS


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "email", *EDITABLE, "roles")
        read_only_fields = ("id", "email", "roles")

    def get_roles(self, user) -> list[str]:
        return sorted(roles_of(user))


@extend_schema_view(
    get=extend_schema(operation_id="me_retrieve", summary="Your account"),
    patch=extend_schema(operation_id="me_partial_update", summary="Change your names, phones or language"),
)
class MeView(ApiView):
    matrix_exempt = "One's own account data: every signed-in user may read and edit it."
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)

    def patch(self, request):
        serializer = MeSerializer(request.user, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = update_own_account(user=request.user, ip=audit.client_ip(request),
                                  values=dict(serializer.validated_data))
        return Response(MeSerializer(user).data)
