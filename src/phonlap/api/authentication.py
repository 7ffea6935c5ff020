"""API authentication: the browser session (with CSRF) or a DRF token."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token check (refuses disabled accounts), plus accounts whose deletion was confirmed:
    they disappear at once (spec 01), so their tokens stop working at once too."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if getattr(user, "deleted_at", None) is not None:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, token


# Token first: DRF takes the WWW-Authenticate header (and so 401 rather than 403) from the first.
AUTHENTICATION_CLASSES = [TokenAuthentication, authentication.SessionAuthentication]
