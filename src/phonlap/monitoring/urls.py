"""Monitoring's pages, under /monitoring/: plans and their quarterly figures (``plan_urls``),
quarterly reports (``report_urls``), exports and import (``export_urls``), the dashboard
(``dashboard_urls``)."""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("dashboard/", include("phonlap.monitoring.dashboard_urls")),
    path("reports/", include("phonlap.monitoring.report_urls")),
    path("", include("phonlap.monitoring.export_urls")),
    path("", include("phonlap.monitoring.plan_urls")),
]
