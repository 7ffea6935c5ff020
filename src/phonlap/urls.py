from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("phonlap.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/users/", include("phonlap.accounts.staff_urls")),
    path("me/", include("phonlap.accounts.me_urls")),
    path("staff/", include("phonlap.accounts.matrix_urls")),
    path("organisations/", include("phonlap.organisations.urls")),
    path("proposals/", include("phonlap.proposals.urls")),
    path("review/", include("phonlap.review.urls")),
    path("monitoring/", include("phonlap.monitoring.urls")),
    path("notifications/", include("phonlap.core.notification_urls")),
    path("api/", include("phonlap.api.urls")),
    path("", include("phonlap.portal.urls")),
    path("admin/", admin.site.urls),
    path("", include("phonlap.core.urls")),
]
