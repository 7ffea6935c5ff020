"""Funds and their calls for proposals, kept as data (spec README: one installation serves one
fund operator, which may run several funds). Later modules hang their configuration on a fund:
target-group lists, required attachments, form sections (spec 02), the review pipeline and
rubrics (spec 03)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(thai: str, english: str) -> str:
    """The Thai text in Thai (the default), the English one otherwise (falling back to Thai)."""
    language = (get_language() or "th")[:2]
    if language == "en" and english:
        return english
    return thai or english


# --- the proposal form a fund asks for (spec 02 "Funds configure the form") ----------------
# Kept as data on the fund. The disability education fund's form is the default for a new fund.

# The Thai official categories of disability (ประเภทความพิการ, ประกาศกระทรวงศึกษาธิการ) used by the
# disability education fund as its target-group list.
DISABILITY_TYPES = [
    {"code": "visual", "name_th": "การมองเห็น", "name_en": "Visual impairment"},
    {"code": "hearing", "name_th": "การได้ยินหรือสื่อความหมาย",
     "name_en": "Hearing or communication impairment"},
    {"code": "physical", "name_th": "การเคลื่อนไหวหรือทางร่างกาย",
     "name_en": "Physical or mobility impairment"},
    {"code": "mental", "name_th": "จิตใจหรือพฤติกรรม", "name_en": "Mental or behavioural disability"},
    {"code": "intellectual", "name_th": "สติปัญญา", "name_en": "Intellectual disability"},
    {"code": "learning", "name_th": "การเรียนรู้", "name_en": "Learning disability"},
    {"code": "autism", "name_th": "ออทิสติก", "name_en": "Autism"},
]
# Attachment types every proposal must carry (the research proposal is added for research
# projects; see proposals.content).
DEFAULT_REQUIRED_ATTACHMENT_TYPES = ["expense_table", "training_schedule", "speaker_cvs"]
ALL_SECTIONS = [1, 2, 3, 4]


def default_target_groups() -> list[dict]:
    return [dict(group) for group in DISABILITY_TYPES]


def default_required_attachment_types() -> list[str]:
    return list(DEFAULT_REQUIRED_ATTACHMENT_TYPES)


def default_form_sections() -> list[int]:
    return list(ALL_SECTIONS)


class FundQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Fund(models.Model):
    """A funding programme (กองทุน): owns calls, and later rubrics, pipelines and staff."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name_th = models.CharField(_("short name (Thai)"), max_length=100, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=100, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    budget_ceiling = models.DecimalField(
        _("budget ceiling per proposal (baht)"), max_digits=14, decimal_places=2,
        null=True, blank=True,
        help_text=_("The most a single proposal may request; leave empty for no ceiling."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    number_prefix = models.CharField(
        _("proposal number prefix"), max_length=10, default="PRP",
        help_text=_("Letters that begin the number of every proposal to this fund, e.g. DEF."),
    )
    # The proposal form (spec 02): lists of plain data, edited in the admin.
    target_group_label_th = models.CharField(_("target-group label (Thai)"), max_length=100,
                                             default="ประเภทความพิการ")
    target_group_label_en = models.CharField(_("target-group label (English)"), max_length=100,
                                             default="Disability types", blank=True)
    target_groups = models.JSONField(
        _("target groups"), default=default_target_groups, blank=True,
        help_text=_('A list of {"code", "name_th", "name_en"}; applicants choose one or more.'),
    )
    required_attachment_types = models.JSONField(
        _("required attachment types"), default=default_required_attachment_types, blank=True,
        help_text=_("Codes of the attachment types every proposal must carry."),
    )
    form_sections = models.JSONField(
        _("form sections"), default=default_form_sections, blank=True,
        help_text=_("Which of the sections 1-4 of the proposal form apply."),
    )

    objects = FundQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_ceiling__isnull=True) | models.Q(budget_ceiling__gt=0),
                name="fund_budget_ceiling_positive",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _in_language(self.name_th, self.name_en)

    @property
    def short_name(self) -> str:
        return _in_language(self.short_name_th, self.short_name_en) or self.name

    @property
    def description(self) -> str:
        return _in_language(self.description_th, self.description_en)

    @property
    def target_group_label(self) -> str:
        return _in_language(self.target_group_label_th, self.target_group_label_en)

    def target_group_choices(self) -> list[tuple[str, str]]:
        """(code, name in the active language) for a multiple-choice field."""
        return [(g["code"], _in_language(g.get("name_th", ""), g.get("name_en", "")))
                for g in (self.target_groups or [])]

    def form_config(self) -> dict:
        """The form configuration as plain data (what ``proposals.content`` consumes)."""
        return {
            "target_groups": [g["code"] for g in (self.target_groups or [])],
            "required_attachment_types": list(self.required_attachment_types or []),
            "sections": sorted(int(n) for n in (self.form_sections or ALL_SECTIONS)),
            "budget_ceiling": self.budget_ceiling,
        }

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        groups = self.target_groups or []
        if not isinstance(groups, list) or not all(
            isinstance(g, dict) and g.get("code") and (g.get("name_th") or g.get("name_en"))
            for g in groups
        ):
            errors["target_groups"] = _("Each target group needs a code and a name.")
        elif len({g["code"] for g in groups}) != len(groups):
            errors["target_groups"] = _("Target-group codes must be unique.")
        sections = self.form_sections or []
        if not isinstance(sections, list) or not set(sections) <= set(ALL_SECTIONS) \
                or 2 not in sections:
            errors["form_sections"] = _("Sections are numbers from 1 to 4, and section 2 always applies.")
        if not isinstance(self.required_attachment_types or [], list):
            errors["required_attachment_types"] = _("Give a list of attachment type codes.")
        if errors:
            raise ValidationError(errors)


class CallQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date | None = None):
        """Calls accepting proposals on ``day`` (today in Bangkok by default), of active funds."""
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day, fund__is_active=True)


class Call(models.Model):
    """A call / round (รอบการรับข้อเสนอ): the window in which a fund accepts proposals.
    Both dates are inclusive."""

    fund = models.ForeignKey(
        Fund, verbose_name=_("fund"), on_delete=models.PROTECT, related_name="calls",
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "id"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_on_or_after_opening",
                violation_error_message=_("A call cannot close before it opens."),
            ),
        ]
        indexes = [models.Index(fields=["fund", "opens_on", "closes_on"])]

    def __str__(self):
        return f"{self.fund.short_name}: {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_th, self.name_en)

    def is_open_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on and self.fund.is_active


# --- the review pipeline and its rubrics (spec 03), kept as data of the fund -----------------

class StageDecider(models.TextChoices):
    STAFF = "staff", _("Staff")
    MEETING = "meeting", _("A meeting")


class StageForm(models.TextChoices):
    SCREENING = "screening", _("Screening form")
    RUBRIC = "rubric", _("Scored rubric")
    APPROVAL = "approval", _("Approve or reject")


class FailureRoute(models.TextChoices):
    """What a non-passing result does to the proposal."""

    RETURNED = "returned", _("Returned to the project manager for revision")
    NOT_PASSED = "not_passed", _("Not passed (a new revision may be submitted)")
    REJECTED = "rejected", _("Rejected for good")


class Rubric(models.Model):
    """One version of a rubric definition (the plain data ``review.scoring`` consumes).
    A recorded result points at the version it was scored with; editing a rubric means adding
    a new version, never changing one in use."""

    code = models.SlugField(_("code"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="rubric_code_version_unique"),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return _in_language(self.name_th, self.name_en)



class ReviewStageQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class ReviewStage(models.Model):
    """One stage of a fund's review pipeline (spec 03 "Pipeline"). Stages run in ``order``;
    screening is order 0. A result keeps a snapshot of its stage's name and order, so editing
    the pipeline never alters results already recorded."""

    fund = models.ForeignKey(Fund, verbose_name=_("fund"), on_delete=models.PROTECT,
                             related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.SlugField(_("code"), max_length=50)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    decided_by = models.CharField(_("who decides"), max_length=10, choices=StageDecider.choices)
    form = models.CharField(_("form"), max_length=10, choices=StageForm.choices)
    rubric = models.ForeignKey(Rubric, verbose_name=_("rubric"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="stages")
    may_view_earlier = models.BooleanField(_("may view earlier stages' results"), default=True)
    on_fail = models.CharField(_("on failure"), max_length=12, choices=FailureRoute.choices,
                               default=FailureRoute.RETURNED)
    resume_here = models.BooleanField(
        _("a new revision resumes here"), default=False,
        help_text=_("Normally a new revision starts again at screening; tick one stage to resume "
                    "from it instead."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ReviewStageQuerySet.as_manager()

    class Meta:
        ordering = ["fund", "order"]
        verbose_name = _("review stage")
        verbose_name_plural = _("review stages")
        constraints = [
            models.UniqueConstraint(fields=["fund", "order"], name="stage_order_unique_per_fund"),
            models.UniqueConstraint(fields=["fund", "code"], name="stage_code_unique_per_fund"),
            models.CheckConstraint(
                condition=~models.Q(form="rubric") | models.Q(rubric__isnull=False),
                name="rubric_stage_has_rubric",
            ),
        ]

    def __str__(self):
        return f"{self.fund.short_name}: {self.order}. {self.name}"

    @property
    def name(self) -> str:
        return _in_language(self.name_th, self.name_en)

    @property
    def is_meeting(self) -> bool:
        return self.decided_by == StageDecider.MEETING
