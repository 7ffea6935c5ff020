"""Own-account pages: policies and consent, verification resend, the profile and its logged
sensitive reads. None is governed by a matrix row: each is about the signed-in user's own
account (or public), and the profile's sensitive reads go through ``get_profile_for_user``."""

from __future__ import annotations

import mimetypes
import os

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from phonlap.core import audit
from phonlap.core.exceptions import ValidationFailed

from .access import matrix_exempt
from .domain import consent as consent_domain
from .domain import profile as profile_domain
from .enums import Role
from .forms import ProfileForm, ReconsentForm, ResendVerificationForm
from .models import PolicyVersion, Profile
from .roles import roles_of


def _policy_page(request, kind: str):
    version = consent_domain.current_policy(kind)
    if version is None:
        raise Http404
    return render(request, "accounts/policy.html", {
        "version": version,
        "body": version.body_for(get_language()),
        "body_lang": "en" if (get_language() or "").startswith("en") and version.body_en else "th",
    })


@matrix_exempt("public page: the current terms of service")
def terms(request):
    return _policy_page(request, PolicyVersion.Kind.TERMS)


@matrix_exempt("public page: the current privacy policy")
def privacy(request):
    return _policy_page(request, PolicyVersion.Kind.PRIVACY)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return default


@matrix_exempt("own account: accept the current policy versions")
@login_required
@require_http_methods(["GET", "POST"])
def reconsent(request):
    pending = consent_domain.pending_policies(request.user)
    if not pending:
        return redirect(_safe_next(request, reverse("home")))
    form = ReconsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        consent_domain.record_consent(user=request.user, versions=pending,
                                      ip=audit.client_ip(request))
        messages.success(request, _("Thank you. Your acceptance has been recorded."))
        return redirect(_safe_next(request, reverse("home")))
    language = get_language() or "th"
    return render(request, "accounts/reconsent.html", {
        "form": form,
        # A committee member's first sign-in has accepted nothing yet: not an "update".
        "first_time": not request.user.consents.exists(),
        "pending": [(v, v.body_for(language)) for v in pending],
        "next": _safe_next(request, ""),
    })


@matrix_exempt("public: resend a verification link; the answer never reveals an account")
@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST if request.method == "POST" else None,
                                  initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        from allauth.account.internal.flows.email_verification import (
            send_verification_email_to_address,
        )

        email = form.cleaned_data["email"].lower()
        address = (EmailAddress.objects.filter(email__iexact=email, verified=False,
                                               user__is_active=True).first())
        if address is not None:
            # allauth's own flow: rate-limited per address (ACCOUNT_RATE_LIMITS confirm_email).
            send_verification_email_to_address(request, address)
        # The same answer whether or not the address has an unverified account.
        storage = messages.get_messages(request)
        for _m in storage:  # drop allauth's "sent to <address>" message, which would differ
            pass
        messages.info(request, _("If an unverified account uses this address, a new verification "
                                 "link is on its way. Check your Spam and Promotions folders too."))
        return redirect("account_email_verification_sent")
    return render(request, "accounts/resend_verification.html", {"form": form})


@matrix_exempt("own account: the signed-in user's profile")
@login_required
def profile(request):
    user = request.user
    prof = Profile.objects.filter(user=user).first()
    roles = roles_of(user)
    return render(request, "accounts/profile.html", {
        "profile": prof,
        "may_use_totp": bool(roles & {Role.STAFF, Role.COMMITTEE, Role.SUPER_USER}),
    })


@matrix_exempt("own account: complete or edit the signed-in user's profile")
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    prof = Profile.objects.filter(user=user).first()
    initial = {"title": user.title, "first_name": user.first_name, "last_name": user.last_name,
               "phone": user.phone, "mobile": user.mobile}
    if prof is not None:
        initial.update(position=prof.position, work_group=prof.work_group)
    bound = request.method == "POST"
    form = ProfileForm(request.POST if bound else None, request.FILES if bound else None,
                       initial=initial, profile=prof)
    first_time = prof is None or prof.completed_at is None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile_domain.complete_profile(
                user=user, title=data["title"], first_name=data["first_name"],
                last_name=data["last_name"], phone=data["phone"], mobile=data["mobile"],
                position=data["position"], work_group=data["work_group"],
                national_id=data["national_id"], id_card_image=data["id_card_image"],
                ip=audit.client_ip(request),
            )
        except ValidationFailed as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            request.session["phonlap_profile_complete"] = True
            messages.success(request, _("Your profile has been saved."))
            # At first sign-in, go on to what comes next (the account gate knows: usually the
            # organisation step); later edits return to the profile.
            return redirect("home" if first_time else "accounts:profile")
    return render(request, "accounts/profile_edit.html", {
        "form": form, "first_time": prof is None or not prof.is_complete,
    })


@matrix_exempt("sensitive read: the person, staff or super users, decided by get_profile_for_user")
@login_required
def profile_national_id(request, pk):
    prof = profile_domain.get_profile_for_user(request.user, pk)
    if not prof.national_id:
        raise Http404
    number = profile_domain.read_national_id(viewer=request.user, profile=prof,
                                             ip=audit.client_ip(request))
    response = render(request, "accounts/national_id.html", {"profile": prof, "number": number})
    response["Cache-Control"] = "no-store"
    return response


@matrix_exempt("sensitive read: the person, staff or super users, decided by get_profile_for_user")
@login_required
def profile_id_card(request, pk):
    prof = profile_domain.get_profile_for_user(request.user, pk)
    handle = profile_domain.open_id_card_image(viewer=request.user, profile=prof,
                                               ip=audit.client_ip(request))
    ext = os.path.splitext(prof.id_card_image.name)[1].lower()
    content_type = mimetypes.types_map.get(ext, "application/octet-stream")
    response = FileResponse(handle, as_attachment=True, filename=f"id-card-{prof.pk}{ext}",
                            content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
