"""Exports of a plan as the Budget Bureau's form (Excel, PDF; row 13.1) and the import of a
plan's indicators from the same layout (row 13.4)."""

from django.urls import path

from . import export_views

urlpatterns = [
    path("plans/<int:pk>/export.xlsx", export_views.plan_xlsx, name="plan_xlsx"),
    path("plans/<int:pk>/export.pdf", export_views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/import/", export_views.plan_import, name="plan_import"),
]
