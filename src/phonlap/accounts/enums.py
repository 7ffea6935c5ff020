"""The six user types of spec 01 and the scopes a permission-matrix cell can hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    UNREGISTERED = "unregistered", _("Unregistered user")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    ORGANISATION_MANAGER = "organisation_manager", _("Organisation manager")
    STAFF = "staff", _("Fund staff")
    COMMITTEE = "committee", _("Committee member")
    SUPER_USER = "super_user", _("Super user")


class Scope(models.TextChoices):
    """What a ✓ in a matrix cell reaches."""

    NONE = "", _("not allowed")
    ALL = "all", _("all")
    OWN = "own", _("own")
    OWN_ORGANISATION = "own_org", _("own organisation")
    OWN_SESSIONS = "own_sessions", _("own sessions")
    SELF_SIGN_UP = "self_sign_up", _("self sign-up")
    COMMITTEE_ACCOUNTS = "committee_accounts", _("committee accounts")
    NOT_LAST_MANAGER = "not_last_manager", _("not the last manager")
    PUBLIC = "public", _("public page")
