"""Quarterly reporting pages, under /monitoring/reports/ (namespace ``monitoring``)."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("plans/<int:pk>/quarters/<int:quarter>/", views.quarter, name="quarter"),
]
