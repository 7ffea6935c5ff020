"""Staff user management, committee accounts, account status, the PDPA export and the deletion
lifecycle (spec 01). One keyword-only, atomic function per operation; each checks the permission
matrix row, applies the change, and writes the access log.

Deletion lifecycle (spec 01 "Accounts and data lifecycle")::

    active ──request_account_deletion──▶ pending (deletion_requested_at set; owner may not edit)
    pending ──confirm_account_deletion──▶ deleted (deleted_at set, is_active False, hidden at once)
    deleted ──restore_account (≤ 30 days)──▶ active
    deleted ──purge_deleted_accounts (> 30 days)──▶ purged (personal data gone, row anonymised)

The organisations app sits above this one, so organisation-manager checks go through the reverse
relation ``user.memberships`` (fields ``status``, ``is_manager``, ``organisation``) and never
import it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.core import audit
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.models import AuditEvent
from phonlap.core.notifications import send_email_after_commit

from .. import permissions
from ..models import User
from ..roles import APPROVED, forget_roles, roles_of

RETENTION = timedelta(days=30)
PURGED_DOMAIN = "invalid.local"
ANONYMOUS_LABEL = "deleted user"

# Fields a PDPA export never contains (secrets, not personal data about the person).
_EXPORT_EXCLUDE = {"password"}


# --- permission helpers -----------------------------------------------------------------------


def _scopes(actor, row: str) -> set[str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return set()
    return permissions.scopes(row, roles_of(actor))


def manages_member(actor, user) -> bool:
    """True if ``actor`` is an approved manager of an organisation where ``user`` is an approved
    member (matrix scope ``own_org``). Read through reverse relations only."""
    memberships = getattr(actor, "memberships", None)
    if memberships is None or actor.pk == user.pk:
        return False
    return memberships.filter(
        is_manager=True, status=APPROVED,
        organisation__memberships__user=user, organisation__memberships__status=APPROVED,
    ).exists()


def may_reach(actor, user, row: str) -> bool:
    """Whether ``actor``'s scopes in ``row`` reach ``user`` (all / own_org / own)."""
    scopes = _scopes(actor, row)
    if "all" in scopes:
        return True
    if "own" in scopes and actor.pk == user.pk:
        return True
    return "own_org" in scopes and manages_member(actor, user)


def is_purged(user) -> bool:
    return user.email == _purged_email(user)


def _purged_email(user) -> str:
    return f"deleted-{user.pk}@{PURGED_DOMAIN}"


def deletion_pending(user) -> bool:
    return user.deletion_requested_at is not None and user.deleted_at is None


def ensure_owner_may_edit(user) -> None:
    """An account waiting for deletion cannot be edited by its owner (spec 01). Profile and other
    self-service edits call this first."""
    if user.deleted_at is not None:
        raise InvalidTransition(_("This account has been deleted."))
    if deletion_pending(user):
        raise InvalidTransition(
            _("Your account is waiting for deletion by the fund staff and cannot be changed now.")
        )


def _email_taken(email: str, *, exclude_user=None) -> bool:
    users = User.objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
        addresses = addresses.exclude(user=exclude_user)
    return users.exists() or addresses.exists()


# --- committee accounts (matrix row 1) ----------------------------------------------------------


@transaction.atomic
def create_committee_account(
    *,
    actor,
    title: str,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    password: str,
    is_active: bool,
    ip: str | None = None,
) -> User:
    """Create a committee member's account (row 1: staff "committee accounts", super users any).

    The account needs no e-mail verification (its address is stored verified and primary) and
    must change the handed-over password at first sign-in (``must_change_password``; the gate
    middleware enforces it). The password is never e-mailed or logged.
    Raises ``PermissionDenied`` or ``ValidationFailed`` (duplicate e-mail, weak password); then
    nothing is created."""
    if not _scopes(actor, "1") & {"committee_accounts", "all"}:
        raise PermissionDenied()
    email = User.objects.normalize_email((email or "").strip()).lower()
    if not email:
        raise ValidationFailed(_("Enter an e-mail address."), field="email")
    if _email_taken(email):
        raise ValidationFailed(_("An account with this e-mail address already exists."), field="email")
    candidate = User(email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        raise ValidationFailed(" ".join(error.messages), field="password") from error
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, title=title, first_name=first_name,
                last_name=last_name, phone=phone, is_committee=True, must_change_password=True,
                is_active=is_active,
            )
    except IntegrityError as error:  # a concurrent request took the address
        raise ValidationFailed(
            _("An account with this e-mail address already exists."), field="email"
        ) from error
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    audit.state_change(actor=actor, action="account.committee_created", obj=user, ip=ip,
                       is_active=is_active)
    return user


# --- editing one's own account data (no matrix row: one's own data) ------------------------------

OWN_EDITABLE_FIELDS = ("title", "first_name", "last_name", "phone", "mobile", "language")


@transaction.atomic
def update_own_account(*, user: User, values: dict[str, Any], ip: str | None = None) -> User:
    """The owner changes their title, names, phones or language. Refused while the account waits
    for deletion (``ensure_owner_may_edit``). Only the names of changed fields are logged."""
    user = User.objects.select_for_update().get(pk=user.pk)
    ensure_owner_may_edit(user)
    changed = [name for name in OWN_EDITABLE_FIELDS
               if name in values and getattr(user, name) != values[name]]
    if changed:
        for name in changed:
            setattr(user, name, values[name])
        user.save(update_fields=changed)
        audit.state_change(actor=user, action="account.own_data_changed", obj=user, ip=ip,
                           fields=changed)
    return user


# --- editing another user's data (row 4.1) ------------------------------------------------------

EDITABLE_FIELDS = ("title", "first_name", "last_name", "email", "phone", "mobile")


@transaction.atomic
def update_user_data(*, actor, user: User, ip: str | None = None, **values: Any) -> User:
    """Change a user's title, names, e-mail, phone and mobile (row 4.1).

    A changed e-mail becomes the verified primary address (staff vouch for it; the person would
    otherwise be locked out by mandatory verification). Only the names of changed fields are
    logged, not their values. Raises ``PermissionDenied``, ``InvalidTransition`` (the owner's
    account is waiting for deletion) or ``ValidationFailed`` (e-mail in use)."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk:
        ensure_owner_may_edit(user)
    if not may_reach(actor, user, "4.1") or user.deleted_at is not None:
        raise PermissionDenied()
    if user.is_superuser and not actor.is_superuser and actor.pk != user.pk:
        raise PermissionDenied(_("Only a super user may edit a super user's data."))
    if "email" in values:
        values["email"] = User.objects.normalize_email((values["email"] or "").strip()).lower()
        if not values["email"]:
            raise ValidationFailed(_("Enter an e-mail address."), field="email")
        if values["email"] != user.email and _email_taken(values["email"], exclude_user=user):
            raise ValidationFailed(
                _("An account with this e-mail address already exists."), field="email"
            )
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    if not changed:
        return user
    for name in changed:
        setattr(user, name, values[name])
    user.save(update_fields=changed)
    if "email" in changed:
        EmailAddress.objects.filter(user=user).update(primary=False)
        address, _created = EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
        EmailAddress.objects.filter(user=user).exclude(pk=address.pk).delete()
    audit.state_change(actor=actor, action="account.data_changed", obj=user, ip=ip, fields=changed)
    return user


# --- internal roles (rows 5.2, 5.3; super user by super users only) ------------------------------


@transaction.atomic
def set_internal_roles(
    *,
    actor,
    user: User,
    is_fund_staff: bool | None = None,
    is_committee: bool | None = None,
    is_superuser: bool | None = None,
    ip: str | None = None,
) -> User:
    """Grant or withdraw staff (row 5.2), committee (row 5.3) and super user (super users only).
    ``None`` leaves a flag as it is. The last active super user cannot lose the flag."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        raise PermissionDenied()
    wanted = {"is_fund_staff": is_fund_staff, "is_committee": is_committee,
              "is_superuser": is_superuser}
    changed = [name for name, value in wanted.items()
               if value is not None and getattr(user, name) != value]
    if not changed:
        return user
    if "is_fund_staff" in changed and not may_reach(actor, user, "5.2"):
        raise PermissionDenied(_("You may not appoint staff."))
    if "is_committee" in changed and not may_reach(actor, user, "5.3"):
        raise PermissionDenied(_("You may not appoint committee members."))
    if "is_superuser" in changed:
        if not actor.is_superuser:
            raise PermissionDenied(_("Only a super user may grant or withdraw super user rights."))
        if not is_superuser and not (
            User.objects.visible().filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
        ):
            raise InvalidTransition(_("The last super user cannot lose super user rights."))
    for name in changed:
        setattr(user, name, wanted[name])
    user.save(update_fields=changed)
    forget_roles(user)
    if actor.pk == user.pk:
        forget_roles(actor)
    audit.state_change(actor=actor, action="account.roles_changed", obj=user, ip=ip,
                       **{name: wanted[name] for name in changed})
    return user


# --- account status (rows 4.2, 4.3) ---------------------------------------------------------------


@transaction.atomic
def set_account_active(*, actor, user: User, active: bool, ip: str | None = None) -> User:
    """Enable or disable an account. A person may deactivate their own account (row 4.2, "own");
    staff and super users any account (row 4.3, "all"); an organisation manager the members of
    an organisation they manage (row 4.3, "own_org"). Only super users change a super user's
    status. A disabled account cannot sign in (Django's ``is_active``), and its open sessions
    stop working at the next request. Deleted accounts are restored, never re-enabled here."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk == user.pk:
        if active or not _scopes(actor, "4.2") & {"own", "all"}:
            raise PermissionDenied()
    elif not may_reach(actor, user, "4.3"):
        raise PermissionDenied()
    elif user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only a super user may change a super user's status."))
    if user.deleted_at is not None:
        raise InvalidTransition(_("This account has been deleted; restore it instead."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.state_change(actor=actor, action="account.enabled" if active else "account.disabled",
                       obj=user, ip=ip)
    return user


# --- PDPA right of access -------------------------------------------------------------------------


def _row(obj: models.Model, exclude=frozenset()) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name in _EXPORT_EXCLUDE:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            data[field.name] = (
                None if related_id is None
                else {"id": related_id, "label": str(getattr(obj, field.name))}
            )
        elif isinstance(field, models.FileField):
            value = getattr(obj, field.name)
            data[field.name] = value.name if value else ""
        else:
            data[field.name] = field.value_from_object(obj)
    return data


def _related_rows(user, name: str, exclude=frozenset()) -> list[dict[str, Any]] | None:
    manager = getattr(user, name, None)
    if manager is None:
        return None
    return [_row(obj, exclude) for obj in manager.all()]


@transaction.atomic
def export_personal_data(*, user: User, ip: str | None = None) -> dict[str, Any]:
    """Everything the platform holds about ``user`` (PDPA right of access), as JSON-ready data:
    account fields (never the password hash), e-mail addresses, profile, consents, memberships,
    and the access-log entries where they acted. The export itself is logged."""
    data: dict[str, Any] = {
        "generated_at": timezone.now(),
        "account": _row(user),
        "email_addresses": [
            _row(address, {"user"}) for address in EmailAddress.objects.filter(user=user)
        ],
    }
    profile = getattr(user, "profile", None)
    data["profile"] = _row(profile, {"user"}) if profile is not None else None
    for name in ("consents", "memberships"):
        rows = _related_rows(user, name, {"user"})
        if rows is not None:
            data[name] = rows
    data["access_log"] = [
        _row(event, {"actor"}) for event in AuditEvent.objects.filter(actor=user).order_by("at", "id")
    ]
    audit.sensitive_read(actor=user, action="account.personal_data_exported", obj=user, ip=ip)
    # Round-trip through the JSON encoder so callers get plain data (dates as ISO strings).
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# --- deletion lifecycle ---------------------------------------------------------------------------


@transaction.atomic
def request_account_deletion(*, user: User, ip: str | None = None) -> User:
    """The person asks to delete their own account. Until staff decide, the owner may not edit
    it. Sends the person a receipt after commit."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None or user.deletion_requested_at is not None:
        raise InvalidTransition(_("Deletion of this account has already been requested."))
    user.deletion_requested_at = timezone.now()
    user.save(update_fields=["deletion_requested_at"])
    audit.state_change(actor=user, action="account.deletion_requested", obj=user, ip=ip)
    send_email_after_commit(
        to=[user.email],
        subject=str(_("We received your request to delete your account")),
        body=str(_(
            "Fund staff will confirm the deletion. After that your account is kept for 30 days, "
            "in case you change your mind, and then your personal data is removed for good."
        )),
    )
    return user


@transaction.atomic
def withdraw_account_deletion(*, actor, user: User, ip: str | None = None) -> User:
    """Cancel a pending (not yet confirmed) deletion request: the owner themself, or staff and
    super users (row 4.3 "all") who decline it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor.pk != user.pk and "all" not in _scopes(actor, "4.3"):
        raise PermissionDenied()
    if not deletion_pending(user):
        raise InvalidTransition(_("There is no pending deletion request for this account."))
    user.deletion_requested_at = None
    user.save(update_fields=["deletion_requested_at"])
    audit.state_change(actor=actor, action="account.deletion_withdrawn", obj=user, ip=ip)
    return user


@transaction.atomic
def confirm_account_deletion(*, actor, user: User, ip: str | None = None) -> User:
    """Staff or a super user (row 4.3 "all") confirm a pending request: the account is disabled
    and hidden from every list at once (``User.objects.visible()``), kept 30 days for
    ``restore_account``, then purged by ``purge_deleted_accounts``."""
    if "all" not in _scopes(actor, "4.3"):
        raise PermissionDenied()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise InvalidTransition(_("Another member of staff must confirm your own deletion."))
    if not deletion_pending(user):
        raise InvalidTransition(_("There is no pending deletion request for this account."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied(_("Only a super user may delete a super user."))
    user.deleted_at = timezone.now()
    user.is_active = False
    user.save(update_fields=["deleted_at", "is_active"])
    audit.state_change(actor=actor, action="account.deletion_confirmed", obj=user, ip=ip)
    return user


@transaction.atomic
def restore_account(*, actor, user: User, ip: str | None = None, now: datetime | None = None) -> User:
    """Undo a confirmed deletion within the 30-day retention (row 4.3 "all"). The account is
    enabled again and the deletion request cleared."""
    if "all" not in _scopes(actor, "4.3"):
        raise PermissionDenied()
    now = now or timezone.now()
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is None:
        raise InvalidTransition(_("This account is not deleted."))
    if is_purged(user) or now - user.deleted_at > RETENTION:
        raise InvalidTransition(_("The 30 days to restore this account have passed."))
    user.deleted_at = None
    user.deletion_requested_at = None
    user.is_active = True
    user.save(update_fields=["deleted_at", "deletion_requested_at", "is_active"])
    audit.state_change(actor=actor, action="account.restored", obj=user, ip=ip)
    return user


def _anonymise_access_log(user: User, old_email: str) -> None:
    """The access log is append-only: its queryset refuses update() and delete(). The PDPA purge
    is the one permitted change to it — the person's name and address are replaced by a neutral
    label while the entries themselves (what happened, when) stay for audit. Done with raw SQL on
    purpose, so no ordinary code path can rewrite the log."""
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    label = connection.ops.quote_name(AuditEvent._meta.get_field("actor_label").column)
    actor = connection.ops.quote_name(AuditEvent._meta.get_field("actor").column)
    ip_address = connection.ops.quote_name(AuditEvent._meta.get_field("ip_address").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {label} = %s, {ip_address} = NULL "  # noqa: S608 (names quoted)
            f"WHERE {actor} = %s OR LOWER({label}) = %s",
            [ANONYMOUS_LABEL, user.pk, old_email.lower()],
        )


def _wipe_profile(user: User) -> None:
    profile = getattr(user, "profile", None)
    if profile is None:
        return
    changed = []
    for field in profile._meta.concrete_fields:
        if field.primary_key or field.is_relation:
            continue
        explicit = field.name in {"national_id", "id_card_image"}
        if isinstance(field, models.FileField):
            stored = getattr(profile, field.name)
            if stored:
                stored.delete(save=False)
            setattr(profile, field.name, "")
            changed.append(field.name)
        elif isinstance(field, models.CharField | models.TextField) and (field.blank or explicit):
            setattr(profile, field.name, None if field.null else "")
            changed.append(field.name)
        elif explicit and field.null:
            setattr(profile, field.name, None)
            changed.append(field.name)
    if changed:
        profile.save(update_fields=changed)


@transaction.atomic
def _purge_one(user: User) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    old_email = user.email
    _wipe_profile(user)
    EmailAddress.objects.filter(user=user).delete()
    try:
        from allauth.mfa.models import Authenticator
    except ImportError:  # pragma: no cover - the mfa extra is installed
        Authenticator = None
    if Authenticator is not None:
        Authenticator.objects.filter(user=user).delete()
    user.email = _purged_email(user)
    user.title = user.first_name = user.last_name = user.phone = user.mobile = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "title", "first_name", "last_name", "phone", "mobile",
                             "is_active", "password"])
    _anonymise_access_log(user, old_email)
    audit.record(kind=AuditEvent.Kind.STATE_CHANGE, action="account.purged", obj=user,
                 actor_label="system")


def purge_deleted_accounts(*, now: datetime | None = None) -> int:
    """Remove the personal data of accounts deleted more than 30 days ago (run daily by Celery
    beat and by ``manage.py purge_deleted_accounts``). The user row stays, anonymised, so
    proposals, results and the access log keep their references; the e-mail becomes
    ``deleted-<id>@invalid.local``, names and phones are blanked, the password made unusable,
    e-mail addresses and second factors deleted, the profile's national ID and ID-card file
    removed, and the access log's recorded name replaced. Idempotent; returns how many accounts
    were purged. Each account is purged in its own transaction."""
    now = now or timezone.now()
    due = (
        User.objects.filter(deleted_at__isnull=False, deleted_at__lt=now - RETENTION)
        .exclude(email__endswith=f"@{PURGED_DOMAIN}", email__startswith="deleted-")
        .order_by("pk")
    )
    count = 0
    for user in due.iterator():
        _purge_one(user)
        count += 1
    return count
