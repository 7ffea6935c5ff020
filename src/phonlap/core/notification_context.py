"""Template context for the header's "Notifications (N unread)" link.

Add ``"phonlap.core.notification_context.notifications"`` to the TEMPLATES context processors.
Anonymous visitors cost nothing; for a signed-in user the count is one indexed COUNT, made only
when a template asks for it and made once per response."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .notifications import unread_count


class _UnreadCount:
    """Called by the template engine the first time ``notifications_unread`` is read; the
    answer is kept for the rest of the response."""

    def __init__(self, user):
        self.user = user
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            self.value = unread_count(self.user)
        return self.value


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        url = reverse("notifications:list")
    except NoReverseMatch:  # the pages are not mounted: no link
        return {}
    return {"notifications_url": url, "notifications_unread": _UnreadCount(user)}
