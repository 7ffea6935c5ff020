from django.urls import path  # noqa: F401

app_name = "staff_users"

urlpatterns: list = []
