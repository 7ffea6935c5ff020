"""GET/PATCH /api/v1/me/ — the signed-in user's own account data."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from phonlap.accounts.domain.users import ensure_owner_may_edit
from phonlap.accounts.models import User
from phonlap.accounts.roles import roles_of
from phonlap.core import audit

from ..base import ApiView

EDITABLE = ("title", "first_name", "last_name", "phone", "mobile", "language")


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "email", *EDITABLE, "roles")
        read_only_fields = ("id", "email", "roles")

    def get_roles(self, user) -> list[str]:
        return sorted(roles_of(user))


@transaction.atomic
def _update_own_account(*, user: User, ip: str | None, values: dict) -> User:
    """The owner changes their names, phones and language (no matrix row: one's own data).
    Refused while the account waits for deletion (``ensure_owner_may_edit``). Only the names of
    changed fields go to the access log.

    TODO(accounts): no accounts domain function covers self-service edits of these fields
    (``update_user_data`` is row 4.1, staff editing others; ``complete_profile`` also demands
    the national ID); move this there when one exists."""
    user = User.objects.select_for_update().get(pk=user.pk)
    ensure_owner_may_edit(user)
    changed = [name for name in EDITABLE if name in values and getattr(user, name) != values[name]]
    if changed:
        for name in changed:
            setattr(user, name, values[name])
        user.save(update_fields=changed)
        audit.state_change(actor=user, action="account.own_data_changed", obj=user, ip=ip, fields=changed)
    return user


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
        user = _update_own_account(user=request.user, ip=audit.client_ip(request),
                                   values=dict(serializer.validated_data))
        return Response(MeSerializer(user).data)
