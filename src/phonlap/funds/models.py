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
