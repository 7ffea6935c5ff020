"""Platform pages: the health endpoint and, in demo mode only, the demo mailbox."""

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .models import DemoEmail


def _queue_status() -> str:
    if not settings.CELERY_BROKER_URL:
        return "eager"
    from phonlap.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "unreachable"
    return "ok"


@never_cache
def health(request):
    """Database and job-queue status for the load balancer and the operator (spec 07)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "unreachable"
    queue = _queue_status()
    healthy = database == "ok" and queue in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "queue": queue},
        status=200 if healthy else 503,
    )


def demo_mailbox(request):
    """Mail "sent" in demo mode, so a newcomer can follow a verification link."""
    if not settings.DEMO_MODE:
        raise Http404
    return render(request, "core/demo_mailbox.html", {"emails": DemoEmail.objects.all()[:50]})
