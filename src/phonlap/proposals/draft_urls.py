"""Drafting, submission, revision and printing pages (namespace ``proposals``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.create, name="create"),
    path("deleted/", views.deleted, name="deleted"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/section/<int:section>/", views.section, name="section"),
    path("<int:pk>/totals/", views.totals, name="totals"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove,
         name="attachment_remove"),
    path("attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/request-submission/", views.request_submission, name="request_submission"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/next-revision/", views.next_revision, name="next_revision"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("<int:pk>/diff/", views.diff, name="diff"),
    path("<int:pk>/print/", views.print_pdf, name="print"),
]
if views.printing is None:  # printing.render_proposal_pdf not there (yet): no print page
    urlpatterns.pop()
