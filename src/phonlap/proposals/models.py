"""Proposals, their frozen revisions and their attachments (spec 02).

A :class:`Proposal` holds the working draft (``content``, JSON, see ``proposals.content``).
Each submission freezes it as a :class:`ProposalRevision` numbered 1, 2, … (submissions only);
revisions are read-only forever. Attachments belong to the draft (``revision`` empty) until a
submission hands them to the revision; the next draft starts with copies of the rows, which
point to the same stored files. State changes happen only in ``proposals.domain``."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.core import fiscal
from phonlap.funds.models import Call, Fund, ReviewStage
from phonlap.organisations.models import Organisation

from .enums import AttachmentType, ProposalStatus


def private_storage():
    """Attachments are private (spec 02): served only through the access function."""
    from django.core.files.storage import storages

    return storages["private"]


def attachment_upload_to(instance, filename: str) -> str:
    """A random, safe name: the uploaded name (kept in ``original_name``) is never used on
    disk. The extension was already checked against the content."""
    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png"):
        ext = ""
    return f"proposals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


class ProposalSequence(models.Model):
    """The last number handed out per prefix and fiscal year (locked while numbering, so two
    proposals created at once never share a number)."""

    prefix = models.CharField(max_length=10)
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "fiscal_year"], name="proposal_sequence_unique"),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.fiscal_year}: {self.last}"


class ProposalQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)


class Proposal(models.Model):
    number = models.CharField(_("proposal number"), max_length=30, unique=True)
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="proposals")
    call = models.ForeignKey(Call, verbose_name=_("call for proposals"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="proposals")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="proposals")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("project manager"),
                                   on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)
    # Denormalised from section 2 for lists, search and sorting.
    name = models.CharField(_("project name"), max_length=500, blank=True)
    requested_budget = models.DecimalField(_("requested budget (baht)"), max_digits=14,
                                           decimal_places=2, null=True, blank=True)
    content = models.JSONField(_("draft content"), default=dict, blank=True)
    sections_saved = models.JSONField(_("sections saved"), default=list, blank=True)
    submission_requested_at = models.DateTimeField(_("submission requested"), null=True, blank=True)
    submission_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    latest_revision_number = models.PositiveIntegerField(_("latest revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Copied from the revisions as each is created (``ProposalRevision.save``), for the
    # statistics: they group 100,000 proposals without joining their revisions. The first
    # submission fixes the fiscal year a proposal is counted in; the latest submitted revision
    # gives the budget requested and the target groups (a new draft's edits do not count).
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True,
                                              editable=False)
    first_fiscal_year = models.PositiveSmallIntegerField(_("fiscal year of first submission"),
                                                         null=True, blank=True, editable=False)
    submitted_budget = models.DecimalField(_("requested budget as submitted (baht)"),
                                           max_digits=14, decimal_places=2, null=True,
                                           blank=True, editable=False)
    submitted_target_groups = models.JSONField(_("target groups as submitted"), default=list,
                                               blank=True, editable=False)
    # Where the latest revision is in the fund's review pipeline (set by submission and by the
    # review app's results through ``domain.enter_stage``); empty outside review.
    current_stage = models.ForeignKey(ReviewStage, verbose_name=_("review stage"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    stage_entered_at = models.DateTimeField(_("entered the stage"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="proposal_org_status"),
            models.Index(fields=["created_by", "status"], name="proposal_owner_status"),
            models.Index(fields=["fund", "call", "status"], name="proposal_fund_call_status"),
            models.Index(fields=["status", "submitted_at"], name="proposal_status_submitted"),
            models.Index(fields=["submitted_at"], name="proposal_submitted"),
            models.Index(fields=["created_at"], name="proposal_created"),
            models.Index(fields=["name"], name="proposal_name"),
            models.Index(fields=["deleted_at"], name="proposal_deleted"),
            models.Index(fields=["current_stage", "status"], name="proposal_stage_status"),
            models.Index(fields=["first_submitted_at"], name="proposal_first_submitted"),
            # The statistics' proposals with every column they group and sum: on PostgreSQL
            # their GROUP BYs read this small index, not the wide rows (index-only scans).
            models.Index(fields=["fund", "call", "first_fiscal_year", "status", "current_stage"],
                         include=["id", "organisation", "submitted_budget",
                                  "submitted_target_groups"],
                         condition=Q(deleted_at__isnull=True, latest_revision_number__gte=1),
                         name="proposal_statistics"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(requested_budget__isnull=True) | Q(requested_budget__gte=0),
                                   name="proposal_budget_not_negative"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}".strip()

    @property
    def is_draft(self) -> bool:
        return self.status == ProposalStatus.DRAFT

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def section(self, n: int) -> dict:
        return (self.content or {}).get(f"section{n}") or {}


class ProposalRevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("a submitted revision is read-only")

    def delete(self):
        raise TypeError("a submitted revision is read-only")


class ProposalRevision(models.Model):
    """What was submitted, frozen: read-only for everyone, forever."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    content = models.JSONField(_("content"))
    name = models.CharField(_("project name"), max_length=500, blank=True)
    requested_budget = models.DecimalField(_("requested budget (baht)"), max_digits=14,
                                           decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))
    # Section 2's target groups, copied from the content when frozen: the statistics group by
    # them without reading every revision's whole content (issue 6).
    target_groups = models.JSONField(_("target groups"), default=list, blank=True,
                                     editable=False)

    objects = ProposalRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal revision")
        verbose_name_plural = _("proposal revisions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_revision_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="proposal_revision_from_one"),
        ]

    def __str__(self):
        return f"{self.proposal.number} r{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("a submitted revision is read-only")
        section2 = self.content.get("section2") if isinstance(self.content, dict) else None
        groups = section2.get("target_groups") if isinstance(section2, dict) else None
        self.target_groups = [str(g) for g in groups] if isinstance(groups, list) else []
        super().save(*args, **kwargs)
        # The new revision is the proposal's latest submission: its copies follow.
        figures = {"submitted_budget": self.requested_budget,
                   "submitted_target_groups": self.target_groups}
        if self.number == 1:
            figures["first_submitted_at"] = self.submitted_at
            figures["first_fiscal_year"] = fiscal.fiscal_year(timezone.localdate(self.submitted_at))
        Proposal.objects.filter(pk=self.proposal_id).update(**figures)
        if Proposal.revisions.field.is_cached(self):
            for field, value in figures.items():
                setattr(self.proposal, field, value)

    def delete(self, *args, **kwargs):
        raise TypeError("a submitted revision is read-only")


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    # Empty: part of the working draft. Set: frozen with that revision.
    revision = models.ForeignKey(ProposalRevision, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="attachments")
    type = models.CharField(_("type"), max_length=30, choices=AttachmentType.choices)
    other_name = models.CharField(_("document name"), max_length=200, blank=True,
                                  help_text=_("For an 'other' document: what it is."))
    file = models.FileField(_("file"), storage=private_storage, upload_to=attachment_upload_to,
                            max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["type", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["proposal", "revision"], name="attachment_proposal_rev")]
        constraints = [
            models.CheckConstraint(condition=~Q(type=AttachmentType.OTHER) | ~Q(other_name=""),
                                   name="attachment_other_is_named"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.type == AttachmentType.OTHER:
            return self.other_name
        return str(AttachmentType(self.type).label)

    @property
    def is_frozen(self) -> bool:
        return self.revision_id is not None
