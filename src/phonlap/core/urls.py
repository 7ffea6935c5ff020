from django.urls import path

from . import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("demo/mailbox/", views.demo_mailbox, name="demo_mailbox"),
    # Our own switch (saves the choice on the account too); same URL and name as Django's.
    path("i18n/setlang/", views.set_language, name="set_language"),
]
