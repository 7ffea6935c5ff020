"""The review's pages, under /review/: sessions (``session_urls``) and results (``result_urls``)."""

from django.urls import include, path

app_name = "review"

urlpatterns = [
    path("sessions/", include("phonlap.review.session_urls")),
    path("", include("phonlap.review.result_urls")),
]
