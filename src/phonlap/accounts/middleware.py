"""The account gate: what a signed-in user must do first, in order (spec 01).

1. change a handed-over password (``must_change_password``);
2. super users: turn on two-factor sign-in (TOTP);
3. accept a newer version of the terms of service / privacy policy;
4. external users: complete the profile;
5. external users: join or create an organisation.

Only the first unmet step applies; its own pages and a short allow-list (sign-out, static,
language switch, health, the public policy pages, the API, the demo mailbox) stay reachable.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

# views reachable whatever step is pending (by URL name, namespaced where they are)
ALWAYS_ALLOWED = {
    "account_logout", "set_language", "health", "demo_mailbox",
    "accounts:terms", "accounts:privacy", "javascript-catalog",
    # PDPA rights (see one's account, download one's data, ask for deletion) never wait.
    "me:account", "me:export", "me:request_deletion", "me:withdraw_deletion",
}
ALWAYS_ALLOWED_PREFIXES = ("/api/", "/i18n/")


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _profile_complete(request, user) -> bool:
    # Remembered in the session once true, so a complete profile costs no query per request.
    if request.session.get("phonlap_profile_complete"):
        return True
    from .models import Profile

    done = Profile.objects.filter(user=user, completed_at__isnull=False).exists()
    if done:
        request.session["phonlap_profile_complete"] = True
    return done


def _organisation_start_url() -> str | None:
    try:
        return reverse("organisations:start")
    except NoReverseMatch:
        return None


class AccountGateMiddleware:
    """Sends a signed-in user to what they must do first (change a handed-over password,
    turn on TOTP, accept a new policy version, complete the profile, join an organisation)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        if path.startswith(ALWAYS_ALLOWED_PREFIXES) or path.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_ALLOWED:
            return None
        step = self.pending_step(request, user)
        if step is None:
            return None
        target, allowed = step
        if name in allowed or any(name.startswith(p) for p in allowed if p.endswith((":", "_"))):
            return None
        return self._send(request, target)

    def pending_step(self, request, user):
        """(target URL, allowed view names / name prefixes) of the first unmet step, or None."""
        from .domain.consent import has_accepted_current

        if user.must_change_password:
            return reverse("account_change_password"), {"account_change_password",
                                                        "account_set_password"}
        if user.is_superuser and not _has_totp(user):
            return reverse("mfa_activate_totp"), {"mfa_", "account_reauthenticate"}
        if not has_accepted_current(user):
            return reverse("accounts:reconsent"), {"accounts:reconsent"}
        if user.is_internal:
            return None
        if not _profile_complete(request, user):
            return reverse("accounts:profile_edit"), {"accounts:profile_edit"}
        memberships = getattr(user, "memberships", None)
        # Only an approved membership of a live organisation lets an external user on: after a
        # request is pending, rejected, left or removed they are back at the organisation step.
        if memberships is not None and not memberships.filter(
            status="approved", organisation__deleted_at__isnull=True
        ).exists():
            start = _organisation_start_url()
            if start:
                # the organisation pages, and the user's own account pages, stay reachable
                return start, {"organisations:", "accounts:", "account_", "mfa_", "me:"}
        return None

    @staticmethod
    def _send(request, target: str):
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
