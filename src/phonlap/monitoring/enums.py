"""Choices and states of monitoring (spec 04). The indicator kinds' values are those of the pure
``achievement`` module, which computes with them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanLevel(models.TextChoices):
    """Two levels, one model: a funded project's monitoring plan, or a fund's (office's) own
    annual plan."""

    PROJECT = "project", _("Funded project")
    ORGANISATION = "organisation", _("Organisation plan")


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Count per period")
    CUMULATIVE = "cumulative", _("Cumulative from a baseline")
    PERCENTAGE = "percentage", _("Percentage (numerator ÷ denominator)")
    LEVEL = "level", _("Level of success (1–5)")
    QUALITATIVE = "qualitative", _("Qualitative")


class RollUp(models.TextChoices):
    """How a fund-level indicator gathers the project indicators it rolls up."""

    NONE = "", _("Not rolled up")
    SUM = "sum", _("Sum of the project results")
    COUNT_MEETING_TARGET = "count_meeting_target", _("Number of projects meeting their target")


class Status(models.TextChoices):
    """Status against plan; computed (``achievement.Status``), never typed."""

    AHEAD = "ahead", _("Ahead of plan")
    ON_PLAN = "on_plan", _("On plan")
    BEHIND = "behind", _("Behind plan")


class BeneficiaryCategory(models.TextChoices):
    """Categories a result may be broken down by: counts only, never identities (PDPA)."""

    PERSONS_WITH_DISABILITIES = "disabilities", _("Persons with disabilities")
    OLDER_PERSONS = "older_persons", _("Older persons")
    CHILDREN_YOUTH = "children_youth", _("Children and youth")
    ETHNIC_GROUPS = "ethnic_groups", _("Ethnic groups")
    WOMEN = "women", _("Women")
    GENERAL_PUBLIC = "general_public", _("General public")


class AmountUnit(models.TextChoices):
    BAHT = "baht", _("Baht")
    MILLIONS = "millions", _("Millions of baht")


class ReportStatus(models.TextChoices):
    """A quarterly report: drafted (results being entered), submitted, returned with a comment
    (editable again), accepted (locked: changes are refused)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", _("Returned for changes")
    ACCEPTED = "accepted", _("Accepted")


ALLOWED_REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    ReportStatus.ACCEPTED: set(),
}

# While its report is in one of these states, a quarter's results and disbursement can change.
EDITABLE_REPORT_STATES = (ReportStatus.DRAFT, ReportStatus.RETURNED)

# Days after a quarter ends that its report falls due (spec 04), and how many days before the due
# date the reminder goes out.
REPORT_DUE_DAYS = 15
REMINDER_DAYS_BEFORE = 7
