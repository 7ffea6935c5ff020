from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("api/", include("phonlap.api.urls")),
    path("admin/", admin.site.urls),
    path("", include("phonlap.core.urls")),
]
