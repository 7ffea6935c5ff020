from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("start/", views.start, name="start"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.create, name="create"),
    path("areas/districts/", views.districts, name="districts"),
    path("areas/subdistricts/", views.subdistricts, name="subdistricts"),
    path("areas/postcode/", views.postcode, name="postcode"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/personnel/", views.personnel_add, name="personnel_add"),
    path("<int:pk>/personnel/<int:child_pk>/remove/", views.personnel_remove,
         name="personnel_remove"),
    path("<int:pk>/objectives/", views.objective_add, name="objective_add"),
    path("<int:pk>/objectives/<int:child_pk>/remove/", views.objective_remove,
         name="objective_remove"),
    path("<int:pk>/products/", views.product_add, name="product_add"),
    path("<int:pk>/products/<int:child_pk>/remove/", views.product_remove, name="product_remove"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:membership_pk>/approve/", views.membership_approve,
         name="membership_approve"),
    path("<int:pk>/members/<int:membership_pk>/reject/", views.membership_reject,
         name="membership_reject"),
    path("<int:pk>/members/<int:membership_pk>/remove/", views.membership_remove,
         name="membership_remove"),
    path("<int:pk>/members/<int:membership_pk>/appoint/", views.membership_appoint,
         name="membership_appoint"),
    path("<int:pk>/members/<int:membership_pk>/revoke/", views.membership_revoke,
         name="membership_revoke"),
]
