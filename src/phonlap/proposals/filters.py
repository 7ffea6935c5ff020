"""The proposal list's filters and sorting (spec 02 §2.8), shared by the list page and its Excel
export so both show exactly the same proposals.

The queryset handed in is already scoped to the user (``queries.proposals_for_user``): filters
only narrow it. A filter value that does not validate (an unknown fund, a date that does not
exist) leaves the form with an error the page shows, and the list shows nothing rather than
pretending the filter applied.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.core.forms import ThaiDateField
from phonlap.funds.models import Call, Fund, ReviewStage
from phonlap.organisations.models import Organisation

from .enums import ProposalStatus
from .models import Proposal

# The longest search text we take (longer is a form error, as any other bad filter value).
SEARCH_MAX = 100


class ThaiDateFilter(django_filters.DateFilter):
    field_class = ThaiDateField


class ProposalFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The end date must not be before the start date."))
        return data


class ProposalFilter(django_filters.FilterSet):
    """Search (name or number), fund, call, status, organisation (users who see every
    proposal only) and a range of submission dates (B.E. or C.E. input)."""

    q = django_filters.CharFilter(
        label=_("Search by name or number"), method="filter_search",
        max_length=SEARCH_MAX,
    )
    fund = django_filters.ModelChoiceFilter(
        label=_("Fund"), queryset=Fund.objects.order_by("name_th"), empty_label=_("Any fund"),
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Call for proposals"), empty_label=_("Any call"),
        queryset=Call.objects.select_related("fund").order_by("fund__name_th", "-opens_on", "pk"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProposalStatus.choices, empty_label=_("Any status"),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Review stage"), empty_label=_("Any stage"), method="filter_stage", choices=[],
    )
    organisation_name = django_filters.CharFilter(
        label=_("Organisation name contains"), method="filter_organisation_name",
        max_length=SEARCH_MAX,
    )
    # One organisation by its id (links from an organisation's page). Kept out of sight: a list
    # of thousands of organisations is neither usable nor fast; the page names the chosen one.
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), widget=forms.HiddenInput,
        queryset=Organisation.objects.filter(deleted_at__isnull=True),
    )
    submitted_from = ThaiDateFilter(label=_("Submitted from"), method="filter_submitted_from")
    submitted_to = ThaiDateFilter(label=_("Submitted until"), method="filter_submitted_to")

    class Meta:
        model = Proposal
        fields: list[str] = []
        form = ProposalFilterForm

    def __init__(self, data=None, *args, sees_all: bool = False, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["stage"].extra["choices"] = stage_choices()
        if not sees_all:
            # Users scoped to their own or their organisation's proposals do not filter by
            # organisation (and must not learn the names of the others that have proposals).
            del self.filters["organisation"]
            del self.filters["organisation_name"]

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # On PostgreSQL a trigram index on UPPER(name) and UPPER(number) serves these
        # (migration 0002); SQLite scans, which is fine at its scale.
        return queryset.filter(Q(name__icontains=value) | Q(number__icontains=value))

    def filter_organisation_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(organisation__name__icontains=value)

    def filter_stage(self, queryset, name, value):
        """Proposals in review that are now at a stage with this code (in any fund)."""
        return queryset.filter(status=ProposalStatus.IN_REVIEW, current_stage__code=value)

    def filter_submitted_from(self, queryset, name, value):
        zone = timezone.get_current_timezone()
        return queryset.filter(submitted_at__gte=datetime.combine(value, time.min, zone))

    def filter_submitted_to(self, queryset, name, value):
        zone = timezone.get_current_timezone()
        end = datetime.combine(value + timedelta(days=1), time.min, zone)
        return queryset.filter(submitted_at__lt=end)


def stage_choices() -> list[tuple[str, str]]:
    """(code, name) of the active review stages of every fund, one per code, in pipeline order."""
    seen: dict[str, str] = {}
    for stage in ReviewStage.objects.active().order_by("order", "fund__name_th"):
        seen.setdefault(stage.code, stage.name)
    return list(seen.items())


# --- sorting -----------------------------------------------------------------------------------

# The columns one may sort by (the URL's ``sort`` value, ``-`` in front for descending). Anything
# else falls back to the default: newest first.
SORTS = {
    "number": _("proposal number"),
    "name": _("project name"),
    "submitted": _("submission date"),
    "status": _("status"),
}
DEFAULT_ORDER = ("-created_at", "-pk")

# Statuses sort in the order of the workflow, not alphabetically by their codes.
_STATUS_RANK = Case(
    *[When(status=value, then=Value(rank)) for rank, value in enumerate(ProposalStatus.values)],
    default=Value(len(ProposalStatus.values)), output_field=IntegerField(),
)


def parse_sort(raw) -> tuple[str, bool] | None:
    """``("name", False)`` for ``?sort=name``, ``("name", True)`` for ``-name``; None for a
    missing or unknown column."""
    if not isinstance(raw, str):
        return None
    descending = raw.startswith("-")
    key = raw[1:] if descending else raw
    if key not in SORTS:
        return None
    return key, descending


def apply_sort(queryset: QuerySet, sort: tuple[str, bool] | None) -> QuerySet:
    if sort is None:
        return queryset.order_by(*DEFAULT_ORDER)
    key, descending = sort
    if key == "number":
        expression = F("number")
    elif key == "name":
        expression = F("name")
    elif key == "submitted":
        expression = F("submitted_at")
    else:
        expression = _STATUS_RANK
    # Drafts have no submission date: they go last whichever way one sorts.
    order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    tie = "-pk" if descending else "pk"
    return queryset.order_by(order, tie)
