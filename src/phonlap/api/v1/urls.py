from django.urls import path
from rest_framework.routers import SimpleRouter

from . import auth, me, notifications, organisations, proposals

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

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("me/", me.MeView.as_view(), name="me"),
    path("me/memberships/", organisations.MyMembershipsView.as_view(), name="my-memberships"),
    *router.urls,
]
