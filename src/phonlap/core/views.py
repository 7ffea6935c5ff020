"""Platform pages: the health endpoint and, in demo mode only, the demo mailbox.

Core is the bottom layer, so it cannot import ``accounts.access.matrix_exempt``; the views set
the same ``matrix_exempt`` attribute themselves (that is all the decorator does)."""

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .models import DemoEmail

BROKER_TIMEOUT_SECONDS = 2


def _matrix_exempt(reason: str):
    def decorator(view):
        view.matrix_exempt = reason
        return view

    return decorator


def queue_status(broker_url: str) -> str:
    """"eager" without a broker (tasks run in-process), else "ok" or "unreachable"."""
    if not broker_url:
        return "eager"
    from kombu import Connection

    try:
        with Connection(broker_url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
            )
    except Exception:
        return "unreachable"
    return "ok"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "unreachable"
    return "ok"


@_matrix_exempt("health endpoint for the load balancer and the operator: no data, no sign-in")
@never_cache
def health(request):
    """Database and job-queue status (spec 07); 503 when either is unreachable."""
    database = database_status()
    queue = queue_status(settings.CELERY_BROKER_URL)
    healthy = database == "ok" and queue in ("ok", "eager")
    return JsonResponse(
        {"status": "ok" if healthy else "error", "database": database, "queue": queue},
        status=200 if healthy else 503,
    )


@_matrix_exempt("demo mode only (404 otherwise): shows the mail the demo sent, no real data")
@never_cache
def demo_mailbox(request):
    """Mail "sent" in demo mode, so a newcomer can follow a verification link."""
    if not settings.DEMO_MODE:
        raise Http404
    return render(request, "core/demo_mailbox.html", {"emails": DemoEmail.objects.all()[:50]})
