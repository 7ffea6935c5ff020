"""The monitoring dashboard (row 13.5), at /monitoring/dashboard/."""

from django.urls import path

from . import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
]
