"""The person's own account: download their data (PDPA right of access), deactivate the account
(row 4.2), ask for it to be deleted or withdraw that request. Mounted at ``/me/`` (``me:``)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phonlap.core.audit import client_ip
from phonlap.core.exceptions import DomainError

from .access import has_row, matrix_exempt, requires
from .domain import users as domain
from .staff_forms import ConfirmForm


@matrix_exempt("one's own account page: every signed-in person has one")
@login_required
def account(request):
    user = request.user
    return render(request, "accounts/me/account.html", {
        "may_deactivate": has_row(user, "4.2") and not domain.deletion_pending(user),
        "deletion_pending": domain.deletion_pending(user),
        "deactivate_form": ConfirmForm(prefix="deactivate"),
        "deletion_form": ConfirmForm(prefix="delete"),
        "retention_days": domain.RETENTION.days,
    })


@matrix_exempt("PDPA right of access: a person downloads the data held about themself")
@login_required
def export(request):
    data = domain.export_personal_data(user=request.user, ip=client_ip(request))
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="phonlap-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@requires("4.2")
@require_POST
def deactivate(request):
    form = ConfirmForm(request.POST, prefix="deactivate")
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want to deactivate your account."))
        return redirect("me:account")
    try:
        domain.set_account_active(actor=request.user, user=request.user, active=False,
                                  ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("me:account")
    logout(request)
    messages.success(request, _("Your account was deactivated. Contact the fund staff to enable it again."))
    return redirect("home")


@matrix_exempt("a person asks for their own account to be deleted (spec 01 data lifecycle)")
@login_required
@require_POST
def request_deletion(request):
    form = ConfirmForm(request.POST, prefix="delete")
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm that you want your account deleted."))
        return redirect("me:account")
    try:
        domain.request_account_deletion(user=request.user, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your request was sent to the fund staff."))
    return redirect("me:account")


@matrix_exempt("a person withdraws their own pending deletion request")
@login_required
@require_POST
def withdraw_deletion(request):
    try:
        domain.withdraw_account_deletion(actor=request.user, user=request.user, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Your deletion request was withdrawn."))
    return redirect("me:account")
