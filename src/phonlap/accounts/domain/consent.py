"""PDPA consent: which policy versions are current, who accepted them, when and from where."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from phonlap.core import audit

from ..models import CURRENT_POLICIES_CACHE_KEY, Consent, PolicyVersion


def current_policy(kind: str) -> PolicyVersion | None:
    """The latest already-published version of ``kind`` (terms or privacy)."""
    return (PolicyVersion.objects.filter(kind=kind, published_at__lte=timezone.now())
            .order_by("-published_at", "-id").first())


def current_policies() -> list[PolicyVersion]:
    return [v for kind in PolicyVersion.Kind.values if (v := current_policy(kind)) is not None]


def current_policy_ids() -> tuple[int, ...]:
    """Ids of the current versions, cached briefly (the gate asks on every request). Saving a
    PolicyVersion clears the cache; the timeout covers versions published for a future date."""
    ids = cache.get(CURRENT_POLICIES_CACHE_KEY)
    if ids is None:
        ids = tuple(sorted(v.pk for v in current_policies()))
        cache.set(CURRENT_POLICIES_CACHE_KEY, ids, 60)
    return tuple(ids)


def pending_policies(user) -> list[PolicyVersion]:
    """Current versions the user has not accepted yet."""
    accepted = set(Consent.objects.filter(user=user).values_list("policy_version_id", flat=True))
    return [v for v in current_policies() if v.pk not in accepted]


def has_accepted_current(user) -> bool:
    ids = current_policy_ids()
    if not ids:
        return True
    return Consent.objects.filter(user=user, policy_version_id__in=ids).count() == len(ids)


@transaction.atomic
def record_consent(*, user, versions: list[PolicyVersion], ip: str | None) -> list[Consent]:
    """Record that ``user`` accepted ``versions`` now, from ``ip``. Accepting a version twice
    keeps the first record. Writes one state_change audit event."""
    now = timezone.now()
    made = []
    for version in versions:
        consent, created = Consent.objects.get_or_create(
            user=user, policy_version=version, defaults={"accepted_at": now, "ip_address": ip},
        )
        if created:
            made.append(consent)
    if made:
        audit.state_change(
            actor=user, action="consent_recorded", obj=user, ip=ip,
            versions=[f"{c.policy_version.kind}:{c.policy_version.version}" for c in made],
        )
    return made
