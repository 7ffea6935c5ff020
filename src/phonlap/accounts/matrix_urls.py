"""Super users' matrix editor (row 11) and the access log (row 12), under /staff/."""

from django.urls import path

from . import matrix_views

app_name = "matrix"

urlpatterns = [
    path("permissions/", matrix_views.matrix_editor, name="editor"),
    path("permissions/reset/", matrix_views.matrix_reset, name="reset"),
    path("access-log/", matrix_views.access_log, name="access_log"),
    path("access-log/export.csv", matrix_views.access_log_csv, name="access_log_csv"),
    path("access-log/export.xlsx", matrix_views.access_log_xlsx, name="access_log_xlsx"),
]
