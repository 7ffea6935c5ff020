"""The signed-in user's own notifications: the list, opening one (marks it read) and marking
all read. Mounted at ``/notifications/`` (``notification_urls``, namespace ``notifications``).

Core is the bottom layer, so it cannot import ``accounts.access.matrix_exempt``; the views set
the same ``matrix_exempt`` attribute themselves (that is all the decorator does)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .notifications import (
    get_notification_for_user,
    mark_all_read,
    mark_read,
    notifications_for_user,
    unread_count,
)

PAGE_SIZE = 25
EXEMPTION = "every signed-in user reads their own notifications"


def _matrix_exempt(reason: str):
    def decorator(view):
        view.matrix_exempt = reason
        return view

    return decorator


def _page_number(raw, num_pages: int) -> int:
    """Any ``?page=`` gives a page: garbage or below 1 → the first, beyond the end → the last."""
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        number = 1
    return max(1, min(number, num_pages))


@_matrix_exempt(EXEMPTION)
@login_required
@require_GET
def notification_list(request):
    """Newest first, 25 a page; unread ones say so in words (and an icon), not by colour."""
    paginator = Paginator(notifications_for_user(request.user), PAGE_SIZE)
    page = paginator.page(_page_number(request.GET.get("page"), paginator.num_pages))
    return render(request, "core/notifications.html", {
        "page": page,
        "unread": unread_count(request.user),
    })


@_matrix_exempt(EXEMPTION)
@login_required
@require_POST
def read(request, pk):
    """Mark one of one's notifications read and go to what it is about (a path on this site
    only; otherwise back to the list)."""
    notification = get_notification_for_user(request.user, pk)
    mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("notifications:list"))


@_matrix_exempt(EXEMPTION)
@login_required
@require_POST
def read_all(request):
    count = mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return redirect(reverse("notifications:list"))
