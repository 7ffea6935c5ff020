"""Proposal states and their allowed transitions (spec 02; the later states belong to the
review of spec 03, which calls this app's domain functions)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for revision")
    NOT_PASSED = "not_passed", _("Not passed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# Draft → in review by submission; a review stage returns it, fails it (both may come back as a
# new revision), approves it or rejects it for good.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    ProposalStatus.DRAFT: {ProposalStatus.IN_REVIEW},
    ProposalStatus.IN_REVIEW: {ProposalStatus.RETURNED, ProposalStatus.NOT_PASSED,
                               ProposalStatus.APPROVED, ProposalStatus.REJECTED},
    ProposalStatus.RETURNED: {ProposalStatus.DRAFT},
    ProposalStatus.NOT_PASSED: {ProposalStatus.DRAFT},
    ProposalStatus.APPROVED: set(),
    ProposalStatus.REJECTED: set(),
}

# Statuses after which the applicant may start the next revision.
REVISABLE = (ProposalStatus.RETURNED, ProposalStatus.NOT_PASSED)


class AttachmentType(models.TextChoices):
    """Section 4. ``other`` carries a name the applicant gives."""

    EXPENSE_TABLE = "expense_table", _("Expense table")
    TRAINING_SCHEDULE = "training_schedule", _("Training schedule")
    SPEAKER_CVS = "speaker_cvs", _("Speakers' CVs")
    RESEARCH_PROPOSAL = "research_proposal", _("Research proposal")
    OTHER = "other", _("Other document")


class ParticipationType(models.TextChoices):
    """Section 3: what another agency contributes."""

    VENUE = "venue", _("Venue")
    EQUIPMENT = "equipment", _("Equipment")
    VEHICLES = "vehicles", _("Vehicles")
    SPEAKERS = "speakers", _("Speakers")
    BUDGET = "budget", _("Budget")
    VOLUNTEERS = "volunteers", _("Volunteers")
    FOOD_DRINKS = "food_drinks", _("Food and drinks")
    OTHER = "other", _("Other")
