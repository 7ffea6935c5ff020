from django.urls import path

from . import self_service as views

app_name = "me"

urlpatterns = [
    path("", views.account, name="account"),
    path("data.json", views.export, name="export"),
    path("deactivate/", views.deactivate, name="deactivate"),
    path("delete/", views.request_deletion, name="request_deletion"),
    path("delete/withdraw/", views.withdraw_deletion, name="withdraw_deletion"),
]
