"""Organisation kinds, membership states and their allowed transitions, personnel roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government (public sector)")
    PRIVATE = "private", _("Private sector")


class SocialEnterpriseStatus(models.TextChoices):
    NONE = "", _("Not registered")
    APPLIED = "applied", _("Registration applied for")
    REGISTERED = "registered", _("Registered")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Registration revoked")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Member")
    REJECTED = "rejected", _("Request rejected")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")


# A request that ended (rejected / left / removed) may be made again: that creates a new row,
# so old rows stay as history and never come back to life.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    MembershipStatus.PENDING: {MembershipStatus.APPROVED, MembershipStatus.REJECTED},
    MembershipStatus.APPROVED: {MembershipStatus.LEFT, MembershipStatus.REMOVED},
    MembershipStatus.REJECTED: set(),
    MembershipStatus.LEFT: set(),
    MembershipStatus.REMOVED: set(),
}

# Statuses in which a person still "has" a membership row that blocks a second one.
OPEN_STATUSES = (MembershipStatus.PENDING, MembershipStatus.APPROVED)


class PersonnelRole(models.TextChoices):
    """In the order the application form lists them: the chair first."""

    CHAIR = "chair", _("Chair / president")
    BOARD_MEMBER = "board_member", _("Board member")
    STAFF = "staff", _("Staff")


PERSONNEL_ROLE_ORDER = {PersonnelRole.CHAIR: 0, PersonnelRole.BOARD_MEMBER: 1, PersonnelRole.STAFF: 2}
