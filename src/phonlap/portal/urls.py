"""Public pages (portal): statistics (spec 03, matrix row 10); later directories and open data.
Mounted at the site root."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("staff/statistics/", views.staff_statistics, name="staff_statistics"),
    path("staff/statistics/proposals/", views.staff_statistics_proposals,
         name="staff_statistics_proposals"),
    path("staff/statistics/export.xlsx", views.statistics_export, name="statistics_export"),
]
