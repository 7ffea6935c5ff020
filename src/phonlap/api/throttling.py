"""Per-user rate limits for the API.

DRF binds ``THROTTLE_RATES`` when its classes are defined; ours read the rates when each request
is throttled, so settings (and tests that override them) take effect without a restart.
"""

from __future__ import annotations

import hashlib

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from phonlap.core import audit

# Used when the settings leave a scope out: a missing rate must never mean "unlimited".
FALLBACK_RATES = {"user": "1000/hour", "anon": "100/hour", "token": "10/minute"}


class _LiveRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or FALLBACK_RATES[self.scope]

    def get_ident(self, request):
        # DRF trusts X-Forwarded-For unless NUM_PROXIES is set, so a caller could pick a fresh
        # address per request; like the access log (core.audit.client_ip) we use REMOTE_ADDR.
        return audit.client_ip(request) or "unknown"


class UserThrottle(_LiveRateMixin, UserRateThrottle):
    """Signed-in callers, keyed by user id ("user" rate)."""


class AnonThrottle(_LiveRateMixin, AnonRateThrottle):
    """Callers without credentials, keyed by address ("anon" rate)."""


class TokenAddressThrottle(_LiveRateMixin, SimpleRateThrottle):
    """Token requests per client address ("token" rate): slows password guessing."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "token-ip", "ident": self.get_ident(request)}


class TokenAccountThrottle(_LiveRateMixin, SimpleRateThrottle):
    """Token requests per e-mail address typed ("token" rate): slows guessing one account's
    password from many addresses."""

    scope = "token"

    def get_cache_key(self, request, view):
        try:
            email = request.data.get("email")
        except Exception:  # unparsable body: the view answers 400, nothing to key on
            return None
        if not isinstance(email, str) or not email.strip():
            return None
        # Hashed: what was typed may be long or hold any character; cache keys may not.
        digest = hashlib.sha256(email.strip().lower().encode("utf-8", "surrogatepass")).hexdigest()
        return self.cache_format % {"scope": "token-account", "ident": digest}
