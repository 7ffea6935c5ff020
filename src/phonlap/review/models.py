"""Evaluation sessions, their agenda and members, and stage results (spec 03).

Invariants held by the database, so that concurrent requests cannot break them:
- one decisive result per revision and stage (a "not considered" result leaves the proposal
  waiting for another session, so it may repeat);
- a proposal is on at most one undecided agenda item (not on two open sessions at once);
- at most one chair and one secretary per session (the domain also requires exactly one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.funds.models import Fund, ReviewStage, Rubric, _in_language
from phonlap.proposals.models import Proposal, ProposalRevision

from .enums import Outcome, ResultStatus, SessionRole, SessionStatus


class EvaluationSession(models.Model):
    """A meeting (วาระการพิจารณา, §2.11) of a meeting stage, with its members and agenda."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="sessions")
    stage = models.ForeignKey(ReviewStage, verbose_name=_("stage"), on_delete=models.PROTECT,
                              related_name="sessions")
    name = models.CharField(_("session name"), max_length=255)
    starts_at = models.DateTimeField(_("date and time"))
    location = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices,
                              default=SessionStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("evaluation session")
        verbose_name_plural = _("evaluation sessions")
        indexes = [models.Index(fields=["status", "starts_at"]),
                   models.Index(fields=["stage", "status"])]

    def __str__(self):
        return self.name


class SessionMember(models.Model):
    session = models.ForeignKey(EvaluationSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("committee member"),
                             on_delete=models.PROTECT, related_name="session_seats")
    role = models.CharField(_("role"), max_length=10, choices=SessionRole.choices)

    class Meta:
        ordering = ["session", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_seat_per_member"),
            models.UniqueConstraint(fields=["session"], condition=Q(role="chair"),
                                    name="one_chair_per_session"),
            models.UniqueConstraint(fields=["session"], condition=Q(role="secretary"),
                                    name="one_secretary_per_session"),
        ]
        indexes = [models.Index(fields=["user", "session"])]

    def __str__(self):
        return f"{self.session}: {self.get_role_display()}"


class AgendaItem(models.Model):
    """A proposal's revision on a session's agenda. ``decided_at`` is set when its result is
    submitted; until then staff may remove it."""

    session = models.ForeignKey(EvaluationSession, on_delete=models.CASCADE, related_name="agenda")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="agenda_items")
    revision = models.ForeignKey(ProposalRevision, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("order on the agenda"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal"], condition=Q(decided_at__isnull=True),
                                    name="proposal_on_one_open_agenda"),
            models.UniqueConstraint(fields=["session", "revision"], name="revision_once_per_session"),
        ]

    def __str__(self):
        return f"{self.session}: {self.proposal.number}"


class ConflictOfInterest(models.Model):
    """A member's declaration that they have an interest in a proposal on their session."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="conflicts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("nature of the interest"), blank=True)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["declared_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "member"], name="one_declaration_per_member"),
        ]

    def __str__(self):
        return f"{self.agenda_item}: {self.member}"


class StageResultQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(status=ResultStatus.SUBMITTED)


class StageResult(models.Model):
    """The result of one stage for one revision (§2.12). Scores are computed from ``answers`` by
    ``review.scoring`` with the rubric version kept in ``rubric``; nobody types a total. The
    stage's name and order are copied, so a later change of the pipeline leaves it as it was."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="stage_results")
    revision = models.ForeignKey(ProposalRevision, on_delete=models.PROTECT, related_name="results")
    stage = models.ForeignKey(ReviewStage, on_delete=models.PROTECT, related_name="results")
    stage_order = models.PositiveSmallIntegerField(_("stage order"))
    stage_name_th = models.CharField(max_length=255)
    stage_name_en = models.CharField(max_length=255, blank=True)
    stage_form = models.CharField(max_length=10)
    session = models.ForeignKey(EvaluationSession, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="results")
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="result")
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="results")
    applicant_type = models.CharField(_("applicant type"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResultStatus.choices,
                              default=ResultStatus.DRAFT)
    outcome = models.CharField(_("result"), max_length=24, choices=Outcome.choices, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    total = models.DecimalField(_("total score"), max_digits=7, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, null=True,
                                  blank=True)
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True,
                                     blank=True)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    rubric_passed = models.BooleanField(_("passes the rubric"), null=True, blank=True)
    advice = models.TextField(_("overall advice"), blank=True)
    approved_amount = models.DecimalField(_("approved amount (baht)"), max_digits=14,
                                          decimal_places=2, null=True, blank=True)
    signed_off_on = models.DateField(_("fund chair's sign-off date"), null=True, blank=True)
    entered_stage_at = models.DateTimeField(_("entered the stage"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = StageResultQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "revision__number", "stage_order", "id"]
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        constraints = [
            models.UniqueConstraint(fields=["revision", "stage"],
                                    condition=~Q(outcome="not_considered"),
                                    name="one_decisive_result_per_stage"),
            models.CheckConstraint(condition=Q(status="draft") | ~Q(outcome=""),
                                   name="submitted_result_has_outcome"),
        ]
        indexes = [models.Index(fields=["proposal", "status"]),
                   models.Index(fields=["stage", "status", "outcome"]),
                   # The statistics' median time per stage: on PostgreSQL an index-only scan.
                   models.Index(fields=["stage"], include=["proposal", "entered_stage_at",
                                                           "submitted_at"],
                                condition=Q(status="submitted", entered_stage_at__isnull=False,
                                            submitted_at__isnull=False),
                                name="result_time_in_stage")]

    def __str__(self):
        return f"{self.proposal.number} r{self.revision.number}: {self.stage_name}"

    @property
    def stage_name(self) -> str:
        return _in_language(self.stage_name_th, self.stage_name_en)

    @property
    def is_final(self) -> bool:
        return self.status == ResultStatus.SUBMITTED

    @property
    def is_decisive(self) -> bool:
        return self.outcome != Outcome.NOT_CONSIDERED
