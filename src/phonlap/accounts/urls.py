from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("policies/terms/", views.terms, name="terms"),
    path("policies/privacy/", views.privacy, name="privacy"),
    path("consent/", views.reconsent, name="reconsent"),
    path("verification/resend/", views.resend_verification, name="resend_verification"),
    path("profile/", views.profile, name="profile"),
    path("profile/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/national-id/", views.profile_national_id, name="profile_national_id"),
    path("profiles/<int:pk>/id-card/", views.profile_id_card, name="profile_id_card"),
]
