"""The caller's own notifications (issue 4): list them, mark one or all read, count the unread.

Everyone signed in has notifications and sees only their own, so no matrix row governs these
endpoints; someone else's notification answers 404, exactly like a missing one. Titles and texts
come in the caller's language (Accept-Language, else the user's saved language)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from phonlap.core.models import Notification
from phonlap.core.notifications import (
    get_notification_for_user,
    mark_all_read,
    mark_read,
    notifications_for_user,
)
from phonlap.core.notifications import unread_count as count_unread

from ..base import ApiViewSet

ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Notification id")


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True, help_text="In the caller's language.")
    text = serializers.CharField(read_only=True, help_text="In the caller's language.")
    unread = serializers.BooleanField(source="is_unread", read_only=True)
    url = serializers.CharField(read_only=True, help_text="A path on this site, or empty.")

    class Meta:
        model = Notification
        fields = ("id", "kind", "title", "text", "url", "created_at", "read_at", "unread")
        read_only_fields = fields


class ListFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="How many of your notifications are unread.")


class MarkedSerializer(UnreadCountSerializer):
    marked = serializers.IntegerField(help_text="How many notifications this request marked read.")


@extend_schema_view(
    list=extend_schema(
        summary="Your notifications, newest first",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL,
                                     description="true: only unread ones; false: only read ones")],
        responses={200: NotificationSerializer(many=True)},
    ),
)
class NotificationViewSet(ApiViewSet):
    """Your own notifications: what happened to your proposals and results. Titles and texts
    come in your language (Accept-Language, else your saved language); another person's
    notification answers 404."""

    matrix_exempt = "Every signed-in user reads their own notifications (and only their own)."
    serializer_class = NotificationSerializer
    filter_backends: list = []
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return notifications_for_user(self.request.user)

    def list(self, request):
        params = ListFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        queryset = self.get_queryset()
        unread = params.validated_data.get("unread")
        if unread is not None:
            queryset = queryset.filter(read_at__isnull=unread)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)

    @extend_schema(summary="Mark one of your notifications read (again: no change)", request=None,
                   parameters=[ID], responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = get_notification_for_user(request.user, pk)
        notification = mark_read(user=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(summary="Mark all your notifications read", request=None,
                   responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = mark_all_read(user=request.user)
        return Response({"marked": marked, "unread": count_unread(request.user)})

    @extend_schema(summary="How many of your notifications are unread",
                   responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": count_unread(request.user)})
