"""Monitoring plan pages, under /monitoring/ (namespace "monitoring"): the list of plans, a plan
with its indicators, budget and reports, and the staff's forms that build a plan."""

from django.urls import path

from . import plan_views as views

urlpatterns = [
    path("", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/programmes/new/", views.programme_add, name="programme_add"),
    path("plans/<int:pk>/activities/new/", views.activity_add, name="activity_add"),
    path("plans/<int:pk>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("plans/<int:pk>/budget-plans/new/", views.budget_plan_add, name="budget_plan_add"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("budget-plans/<int:pk>/edit/", views.budget_plan_edit, name="budget_plan_edit"),
]
