"""Filled in by the monitoring pages."""

urlpatterns: list = []
