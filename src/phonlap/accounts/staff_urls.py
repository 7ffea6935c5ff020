from django.urls import path

from . import staff_views as views

app_name = "staff_users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("committee/", views.committee_list, name="committee_list"),
    path("committee/new/", views.committee_create, name="committee_create"),
    path("<int:pk>/", views.user_edit, name="edit"),
    path("<int:pk>/roles/", views.user_roles, name="roles"),
    path("<int:pk>/status/", views.user_status, name="status"),
    path("deletions/", views.deletion_list, name="deletions"),
    path("deletions/<int:pk>/confirm/", views.deletion_confirm, name="deletion_confirm"),
    path("deletions/<int:pk>/decline/", views.deletion_decline, name="deletion_decline"),
    path("deletions/<int:pk>/restore/", views.deletion_restore, name="deletion_restore"),
]
