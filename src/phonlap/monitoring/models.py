"""Monitoring (spec 04): funded projects, monitoring plans (a project's, or a fund's own annual
plan: programmes → activities → indicators), quarterly targets and results, budget plans and
disbursement, quarterly reports.

Figures are stored per fiscal quarter of the plan's fiscal year (B.E.); achievement, status and
the budget table are computed by the pure ``achievement`` and ``budget`` modules, never stored."""

from __future__ import annotations

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.funds.models import Fund
from phonlap.organisations.models import Organisation
from phonlap.proposals.models import Proposal, ProposalRevision

from .enums import AmountUnit, IndicatorKind, PlanLevel, ReportStatus, RollUp, Status

QUARTER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


def private_storage():
    """Evidence files are private: served only through the plan's access function."""
    from django.core.files.storage import storages

    return storages["private"]


def evidence_upload_to(instance, filename: str) -> str:
    """A random, safe name; the uploaded name is kept in ``original_name``."""
    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png"):
        ext = ""
    return f"monitoring/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"


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


class MonitoringPlan(models.Model):
    """One fiscal year's plan: a funded project's (seeded from its approved revision) or a fund's
    own annual plan (แผนปฏิบัติการประจำปี). Quarterly reports are made per plan."""

    level = models.CharField(_("level"), max_length=20, choices=PlanLevel.choices)
    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="monitoring_plans")
    funded_project = models.ForeignKey(FundedProject, verbose_name=_("funded project"),
                                       on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="plans")
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)])
    name = models.CharField(_("plan name"), max_length=500)
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    amount_unit = models.CharField(_("amounts shown in"), max_length=10,
                                   choices=AmountUnit.choices, default=AmountUnit.BAHT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-fiscal_year", "level", "name", "pk"]
        verbose_name = _("monitoring plan")
        verbose_name_plural = _("monitoring plans")
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=PlanLevel.PROJECT) & Q(funded_project__isnull=False))
                | (Q(level=PlanLevel.ORGANISATION) & Q(funded_project__isnull=True)),
                name="plan_level_matches_project"),
            models.UniqueConstraint(fields=["funded_project", "fiscal_year"],
                                    condition=Q(funded_project__isnull=False),
                                    name="plan_one_per_project_year"),
            models.UniqueConstraint(fields=["fund", "fiscal_year", "name"],
                                    condition=Q(funded_project__isnull=True),
                                    name="plan_organisation_name_unique"),
        ]
        indexes = [models.Index(fields=["fiscal_year", "fund", "level"], name="plan_year_fund")]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"


class Programme(models.Model):
    """แผนงาน: the first level of a plan. A project's plan has one, named after the project."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="programmes")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("programme"), max_length=500)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name


class Activity(models.Model):
    """โครงการ/กิจกรรม under a programme; a project's steps become its activities."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("project or activity"), max_length=500)
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    budget = models.DecimalField(_("budget (baht)"), max_digits=16, decimal_places=2, null=True,
                                 blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("project or activity")
        verbose_name_plural = _("projects and activities")

    def __str__(self):
        return self.name


class Indicator(models.Model):
    """เป้าหมาย/ตัวชี้วัด. It belongs to a programme, and to one of its activities when it
    measures that activity. ``plan`` repeats the programme's plan so that dashboards filter
    without joins."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="indicators")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="indicators")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices,
                            default=IndicatorKind.COUNT)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, null=True,
                                   blank=True, help_text=_("Cumulative indicators: the stock "
                                                           "at the start of the year."))
    annual_target = models.DecimalField(_("annual target"), max_digits=16, decimal_places=2,
                                        null=True, blank=True)
    level_definitions = models.JSONField(
        _("level definitions"), default=list, blank=True,
        help_text=_("Level indicators: what reaching each level 1–5 means."))
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    rollup = models.CharField(_("roll-up"), max_length=30, choices=RollUp.choices, blank=True,
                              default=RollUp.NONE)
    rolls_up = models.ManyToManyField("self", symmetrical=False, blank=True,
                                      related_name="rolled_into",
                                      verbose_name=_("project indicators rolled up"))
    # The year-to-date status to the end of each quarter, kept by ``statuses.refresh`` whenever a
    # target or result changes (computed by ``achievement``, never typed): the dashboard counts
    # and finds the indicators behind plan among tens of thousands without computing them all.
    status_q1 = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    status_q2 = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    status_q3 = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    status_q4 = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)

    class Meta:
        ordering = ["programme__order", "programme", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        indexes = [models.Index(fields=["plan", "order"], name="indicator_plan_order")]

    def __str__(self):
        return self.name


class QuarterTarget(models.Model):
    """The plan for one quarter; ``planned`` empty means N/A (not measured that quarter)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE,
                                  related_name="quarter_targets")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    planned = models.DecimalField(_("plan"), max_digits=16, decimal_places=2, null=True,
                                  blank=True)

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("quarterly target")
        verbose_name_plural = _("quarterly targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="target_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="target_quarter_1_4"),
        ]

    def __str__(self):
        return f"{self.indicator_id} Q{self.quarter}"


class IndicatorResult(models.Model):
    """What was achieved in one quarter. Percentage indicators record numerator and
    denominator; the others ``value`` (a count, the year's addition, a level). The breakdown
    holds counts per beneficiary category, never identities."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    value = models.DecimalField(_("result"), max_digits=16, decimal_places=2, null=True,
                                blank=True)
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=2, null=True,
                                    blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=2,
                                      null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    breakdown = models.JSONField(_("breakdown by beneficiary category"), default=dict,
                                 blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["indicator", "quarter"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "quarter"], name="result_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="result_quarter_1_4"),
            models.CheckConstraint(condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                                   name="result_denominator_positive"),
        ]

    def __str__(self):
        return f"{self.indicator_id} Q{self.quarter}"


class Evidence(models.Model):
    """A file supporting a result (photos, sign-in sheets, reports)."""

    result = models.ForeignKey(IndicatorResult, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_upload_to,
                            max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name


class BudgetPlan(models.Model):
    """แผนงบประมาณ: the budget received for the year and, per quarter, its target and
    disbursement."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE,
                             related_name="budget_plans")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("budget plan"), max_length=500)
    received = models.DecimalField(_("budget received (baht)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        constraints = [models.CheckConstraint(condition=Q(received__gte=0),
                                              name="budget_received_not_negative")]

    def __str__(self):
        return self.name


class BudgetQuarter(models.Model):
    """One quarter of a budget plan: the cumulative target %, the amount planned for the
    quarter and the amount disbursed in it."""

    budget_plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE,
                                    related_name="quarters")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    target_pct = models.DecimalField(_("target cumulative %"), max_digits=5, decimal_places=2,
                                     null=True, blank=True)
    planned = models.DecimalField(_("planned amount (baht)"), max_digits=16, decimal_places=2,
                                  null=True, blank=True)
    disbursed = models.DecimalField(_("disbursed (baht)"), max_digits=16, decimal_places=2,
                                    null=True, blank=True)

    class Meta:
        ordering = ["budget_plan", "quarter"]
        verbose_name = _("budget quarter")
        verbose_name_plural = _("budget quarters")
        constraints = [
            models.UniqueConstraint(fields=["budget_plan", "quarter"],
                                    name="budget_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="budget_quarter_1_4"),
            models.CheckConstraint(condition=Q(disbursed__isnull=True) | Q(disbursed__gte=0),
                                   name="budget_disbursed_not_negative"),
            models.CheckConstraint(
                condition=Q(target_pct__isnull=True) | Q(target_pct__gte=0, target_pct__lte=100),
                name="budget_target_pct_0_100"),
        ]

    def __str__(self):
        return f"{self.budget_plan_id} Q{self.quarter}"


class QuarterlyReport(models.Model):
    """A plan's report for one quarter: its results, disbursement and, per programme, the
    problems met and the ways to fix them. Due ``REPORT_DUE_DAYS`` after the quarter ends."""

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="reports")
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=QUARTER_VALIDATORS)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    due_on = models.DateField(_("due"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    review_comment = models.TextField(_("staff comment"), blank=True)
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True)
    overdue_flagged_on = models.DateField(_("overdue flagged"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "quarter"]
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        constraints = [
            models.UniqueConstraint(fields=["plan", "quarter"], name="report_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="report_quarter_1_4"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="report_status_due")]

    def __str__(self):
        return f"{self.plan} Q{self.quarter}"


class Obstacle(models.Model):
    """ปัญหา อุปสรรค and แนวทางการแก้ไข of one programme in one quarterly report."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.CASCADE,
                               related_name="obstacles")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    problems = models.TextField(_("problems and obstacles"), blank=True)
    fixes = models.TextField(_("ways to fix them"), blank=True)

    class Meta:
        ordering = ["report", "programme__order", "programme"]
        verbose_name = _("problems and fixes")
        verbose_name_plural = _("problems and fixes")
        constraints = [models.UniqueConstraint(fields=["report", "programme"],
                                               name="obstacle_one_per_programme")]

    def __str__(self):
        return f"{self.report_id}/{self.programme_id}"
