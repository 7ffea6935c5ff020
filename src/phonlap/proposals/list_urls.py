"""The proposal list and its Excel export (spec 02 §2.8)."""

from django.urls import path

from . import list_views

urlpatterns: list = [
    path("", list_views.proposal_list, name="list"),
    path("export.xlsx", list_views.proposal_export, name="export"),
]
