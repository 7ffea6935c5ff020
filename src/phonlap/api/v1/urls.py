from django.urls import path
from rest_framework.routers import SimpleRouter

from . import auth, me

router = SimpleRouter(trailing_slash=True)

urlpatterns = [
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("me/", me.MeView.as_view(), name="me"),
    *router.urls,
]
