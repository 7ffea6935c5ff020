"""Evaluation session pages, under /review/sessions/ (namespace "review")."""

from django.urls import path

from . import session_views as views

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("<int:pk>/agenda/", views.session_agenda_add, name="session_agenda_add"),
    path("<int:pk>/close/", views.session_close, name="session_close"),
    path("<int:pk>/print/agenda/", views.session_print_agenda, name="session_print_agenda"),
    path("<int:pk>/print/resolutions/", views.session_print_resolutions,
         name="session_print_resolutions"),
    path("items/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("items/<int:pk>/conflict/", views.conflict_declare, name="conflict_declare"),
]
