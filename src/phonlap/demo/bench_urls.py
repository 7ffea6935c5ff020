"""The benchmark's URLs: the project's own, plus the framework floor (spec 07): a bare view that
reads one row, measured in the same run so that every page is also reported as a ratio to it.
Used only by ``manage.py bench`` (``override_settings(ROOT_URLCONF=...)``), never served."""

from django.http import HttpResponse
from django.urls import include, path

from phonlap.accounts.access import matrix_exempt
from phonlap.accounts.models import User


@matrix_exempt("benchmark floor: one row, no permission, never routed in the site")
def floor(request):
    row = User.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(str(row), content_type="text/plain")


urlpatterns = [
    path("__bench/floor/", floor, name="bench_floor"),
    path("", include("phonlap.urls")),
]
