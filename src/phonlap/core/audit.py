"""Writing the access log. Domain functions call :func:`record`; nothing else writes it."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def client_ip(request) -> str | None:
    """The caller's address. Behind a proxy, configure it to set REMOTE_ADDR (we do not trust
    X-Forwarded-For blindly: anyone can send it)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    kind: str,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    ip: str | None = None,
    details: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    label = actor_label or (getattr(actor, "email", "") if actor is not None else "")
    return AuditEvent.objects.create(
        kind=kind,
        action=action,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_label=label,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=ip,
        details=details or {},
    )


def state_change(*, actor, action: str, obj=None, ip=None, **details) -> AuditEvent:
    return record(kind=AuditEvent.Kind.STATE_CHANGE, action=action, actor=actor, obj=obj,
                  ip=ip, details=details)


def sensitive_read(*, actor, action: str, obj=None, ip=None, **details) -> AuditEvent:
    return record(kind=AuditEvent.Kind.SENSITIVE_READ, action=action, actor=actor, obj=obj,
                  ip=ip, details=details)
