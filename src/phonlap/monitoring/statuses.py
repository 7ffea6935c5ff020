"""The stored year-to-date statuses of indicators (``Indicator.status_q1`` … ``status_q4``).

They are computed by the pure ``achievement`` module from the indicator's figures and written
here whenever a target or a result changes (the domain calls :func:`refresh` in the same
transaction), so that the dashboard can count and find the indicators behind plan among tens
of thousands of indicators with one indexed query. A fund-level indicator that rolls up project
indicators is refreshed with them. Bulk loads (the reference dataset) call :func:`refresh_all`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch

from . import achievement, queries
from .models import Indicator

FIELDS = ("status_q1", "status_q2", "status_q3", "status_q4")


def status_fields(figures: achievement.IndicatorFigures) -> dict[str, str]:
    """{"status_q1": "ahead" | "on_plan" | "behind" | "", …}"""
    values = {}
    for quarter, field in zip(achievement.QUARTERS, FIELDS, strict=True):
        status = achievement.year_to_date_status(figures, quarter)
        values[field] = status.value if status else ""
    return values


def _with_figures(queryset):
    return queryset.prefetch_related(
        *queries.figures_prefetch(),
        Prefetch("rolls_up", queryset=Indicator.objects.prefetch_related(
            *queries.figures_prefetch())))


def _store(indicators: list[Indicator]) -> int:
    """Write the statuses that changed: one UPDATE per distinct combination of the four (few:
    at most 4⁴), rather than a CASE per row."""
    changed: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for indicator in indicators:
        values = status_fields(queries.figures_of(indicator))
        if any(getattr(indicator, field) != value for field, value in values.items()):
            changed[tuple(values[f] for f in FIELDS)].append(indicator.pk)
    for combination, ids in changed.items():
        Indicator.objects.filter(pk__in=ids).update(**dict(zip(FIELDS, combination, strict=True)))
    return sum(len(ids) for ids in changed.values())


def refresh(indicators: Iterable[Indicator | int]) -> int:
    """Recompute the statuses of these indicators and of the fund-level indicators that roll
    them up; returns how many changed."""
    ids = {getattr(i, "pk", i) for i in indicators}
    if not ids:
        return 0
    parents = Indicator.rolls_up.through.objects.filter(to_indicator_id__in=ids).values_list(
        "from_indicator_id", flat=True)
    ids |= set(parents)
    return _store(list(_with_figures(Indicator.objects.filter(pk__in=ids))))


def refresh_all(*, batch: int = 2000) -> int:
    """Every indicator, in batches (project indicators before the fund-level ones that roll
    them up do not matter: each reads its children's figures, not their stored statuses)."""
    changed = 0
    last = 0
    while True:
        chunk = list(_with_figures(Indicator.objects.filter(pk__gt=last).order_by("pk"))[:batch])
        if not chunk:
            return changed
        changed += _store(chunk)
        last = chunk[-1].pk
