"""Sign-in, sign-out and failed sign-ins go to the access log (matrix row 12)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from phonlap.core import audit
from phonlap.core.models import AuditEvent


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    audit.record(kind=AuditEvent.Kind.SIGN_IN, action="sign_in", actor=user,
                 ip=audit.client_ip(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(kind=AuditEvent.Kind.SIGN_OUT, action="sign_out", actor=user,
                     ip=audit.client_ip(request))


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the address typed, never the password.
    audit.record(kind=AuditEvent.Kind.SIGN_IN_FAILED, action="sign_in_failed",
                 actor_label=str(credentials.get("email") or credentials.get("username") or "")[:254],
                 ip=audit.client_ip(request))


def _password_replaced(sender, request, user, **kwargs):
    """A handed-over password (committee accounts made by staff) must be changed at first
    sign-in; once the user sets their own, the account gate lets them through."""
    if getattr(user, "must_change_password", False):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
    # Sign out everywhere (spec 07): Django already ends the other browser sessions (their
    # password hash no longer matches); API tokens are revoked here.
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    audit.state_change(actor=user, action="password_changed", obj=user, ip=audit.client_ip(request))


def _connect_allauth_signals():
    from allauth.account.signals import password_changed, password_reset

    password_changed.connect(_password_replaced, dispatch_uid="phonlap_password_changed")
    password_reset.connect(_password_replaced, dispatch_uid="phonlap_password_reset")


_connect_allauth_signals()
