from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("demo/mailbox/", views.demo_mailbox, name="demo_mailbox"),
]
