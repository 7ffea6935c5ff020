from django.urls import path
from rest_framework.routers import SimpleRouter

from . import auth, me, monitoring, notifications, organisations, proposals, review, statistics

router = SimpleRouter(trailing_slash=True)
router.register("organisations", organisations.OrganisationViewSet, basename="organisation")
router.register(r"organisations/(?P<organisation_pk>[^/.]+)/members", organisations.MembershipViewSet,
                basename="membership")
router.register("proposals", proposals.ProposalViewSet, basename="proposal")
router.register(r"proposals/(?P<proposal_pk>[^/.]+)/attachments", proposals.AttachmentViewSet,
                basename="proposal-attachment")
router.register(r"proposals/(?P<proposal_pk>[^/.]+)/revisions", proposals.RevisionViewSet,
                basename="proposal-revision")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("rubrics", review.RubricViewSet, basename="rubric")
router.register("stages", review.StageViewSet, basename="stage")
router.register("sessions", review.SessionViewSet, basename="session")
router.register("results", review.ResultViewSet, basename="result")
router.register(r"proposals/(?P<proposal_pk>[^/.]+)/results", review.ProposalResultViewSet,
                basename="proposal-result")
router.register("monitoring/plans", monitoring.PlanViewSet, basename="monitoring-plan")
router.register("monitoring/indicators", monitoring.IndicatorViewSet,
                basename="monitoring-indicator")
router.register("monitoring/quarter-targets", monitoring.QuarterTargetViewSet,
                basename="monitoring-quarter-target")
router.register("monitoring/results", monitoring.ResultViewSet, basename="monitoring-result")
router.register("monitoring/budget-plans", monitoring.BudgetPlanViewSet,
                basename="monitoring-budget-plan")
router.register("monitoring/reports", monitoring.ReportViewSet, basename="monitoring-report")

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("me/", me.MeView.as_view(), name="me"),
    path("me/memberships/", organisations.MyMembershipsView.as_view(), name="my-memberships"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    *router.urls,
]
