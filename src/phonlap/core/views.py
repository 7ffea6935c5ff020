"""Platform pages: the health endpoint, the language switch and, in demo mode only, the demo
mailbox.

Core is the bottom layer, so it cannot import ``accounts.access.matrix_exempt``; the views set
the same ``matrix_exempt`` attribute themselves (that is all the decorator does)."""

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

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


@_matrix_exempt("the language switch: anyone may choose the interface language")
@require_POST
def set_language(request):
    """Switch the interface language and remember it: in the cookie for everyone, and on the
    account of a signed-in user (``User.language``), whom ``UserLanguageMiddleware`` then
    serves in that language on every browser. Replaces ``django.views.i18n.set_language``,
    which only sets the cookie. An unknown language changes nothing."""
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    user = request.user
    # Core sits below accounts, so the user's field is set without importing the model.
    if user.is_authenticated and getattr(user, "language", language) != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
