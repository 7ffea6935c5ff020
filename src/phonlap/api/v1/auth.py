"""Tokens: exchange an e-mail address and password for an API token, or revoke it."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from phonlap.accounts.enums import Role
from phonlap.accounts.roles import roles_of
from phonlap.core import audit
from phonlap.core.models import AuditEvent

from ..base import ApiView, MatrixGate
from ..throttling import AnonThrottle, TokenAccountThrottle, TokenAddressThrottle, UserThrottle

# One message for unknown address, wrong password, disabled or deleted account: the answer never
# reveals whether an address has an account (spec 01).
BAD_CREDENTIALS = _("Unable to sign in with the e-mail address and password given.")


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.CharField(label=_("e-mail address"), max_length=254, write_only=True)
    password = serializers.CharField(
        label=_("password"), max_length=4096, trim_whitespace=False, write_only=True,
        style={"input_type": "password"},
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(
            request._request, email=attrs["email"].strip().lower(), password=attrs["password"]
        )
        if user is None or getattr(user, "deleted_at", None) is not None:
            raise serializers.ValidationError(BAD_CREDENTIALS, code="authorization")
        if roles_of(user) == {Role.UNREGISTERED}:
            raise serializers.ValidationError(
                _("Confirm your e-mail address first: follow the link we sent you."), code="unverified"
            )
        if user.must_change_password:
            raise serializers.ValidationError(
                _("Sign in on the website and change the password you were given first."),
                code="password_change_required",
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class TokenView(ApiView):
    """POST: anyone, rate-limited per address and per account. DELETE: the token's owner."""

    matrix_exempt = "Signing in and out is open to every account; the domain rules apply after."
    parser_classes = [parsers.JSONParser, parsers.FormParser]

    def get_permissions(self):
        if self.request is not None and self.request.method == "POST":
            return [AllowAny()]
        return [MatrixGate()]

    def get_throttles(self):
        if self.request is not None and self.request.method == "POST":
            return [AnonThrottle(), TokenAddressThrottle(), TokenAccountThrottle()]
        return [UserThrottle()]

    def get_authenticators(self):
        # Credentials in the body are the only thing POST looks at; a stale token or session
        # must not turn a sign-in into a 401 or a CSRF failure.
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        operation_id="auth_token_create", request=TokenRequestSerializer, responses={200: TokenSerializer},
        auth=[], summary="Exchange e-mail and password for an API token",
        description="Send the token as `Authorization: Token <token>`. The same token is returned "
        "until it is revoked.",
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        audit.record(kind=AuditEvent.Kind.SIGN_IN, action="api_token", actor=user,
                     ip=audit.client_ip(request))
        return Response({"token": token.key})

    @extend_schema(operation_id="auth_token_destroy", request=None, responses={204: None},
                   summary="Revoke your API token")
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        audit.record(kind=AuditEvent.Kind.SIGN_OUT, action="api_token_revoked", actor=request.user,
                     ip=audit.client_ip(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
