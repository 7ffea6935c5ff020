"""Results pages (included by ``review/urls.py`` at /review/, namespace ``review``)."""

from django.urls import path

from . import result_views as views

urlpatterns = [
    path("proposals/<int:pk>/", views.proposal_review, name="proposal_review"),
    path("proposals/<int:pk>/record/", views.record_start, name="record_start"),
    path("proposals/<int:pk>/record/form/", views.record_form, name="record_form"),
    path("proposals/<int:pk>/record/score/", views.record_score, name="record_score"),
    path("results/<int:pk>/", views.result_detail, name="result_detail"),
    path("results/<int:pk>/print/", views.result_print, name="result_print"),
]
