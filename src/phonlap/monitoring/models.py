"""Monitoring (spec 04). For now: the funded project a board approval creates (spec 03 →
spec 04 hand-off); indicators, quarterly results and budget follow in the monitoring issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.funds.models import Fund
from phonlap.organisations.models import Organisation
from phonlap.proposals.models import Proposal, ProposalRevision


class FundedProject(models.Model):
    """An approved proposal's project. Its plan is the approved revision's content (indicators,
    steps, activities, budget); the approved amount and the fund chair's sign-off date are
    recorded here. Contracting itself happens outside the system."""

    proposal = models.OneToOneField(Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT,
                                    related_name="funded_project")
    revision = models.ForeignKey(ProposalRevision, verbose_name=_("approved revision"),
                                 on_delete=models.PROTECT, related_name="+")
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="funded_projects")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="funded_projects")
    number = models.CharField(_("project number"), max_length=30, unique=True)
    name = models.CharField(_("project name"), max_length=500)
    approved_amount = models.DecimalField(_("approved amount (baht)"), max_digits=14,
                                          decimal_places=2)
    signed_off_on = models.DateField(_("fund chair's sign-off date"))
    period_start = models.DateField(_("project start"), null=True, blank=True)
    period_end = models.DateField(_("project end"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-signed_off_on", "-id"]
        verbose_name = _("funded project")
        verbose_name_plural = _("funded projects")
        constraints = [
            models.CheckConstraint(condition=models.Q(approved_amount__gt=0),
                                   name="funded_project_amount_positive"),
        ]
        indexes = [models.Index(fields=["fund", "signed_off_on"])]

    def __str__(self):
        return f"{self.number} {self.name}"
