"""Organisation operations: one function per state change.

Every function is keyword-only and atomic; it checks the permission matrix (through
``rules``) and the membership transition, saves, writes the access log and schedules mail
after commit. Errors are ``phonlap.core.exceptions`` with translatable messages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.models import User
from phonlap.accounts.roles import email_verified, forget_roles
from phonlap.core import audit
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.notifications import send_email_after_commit

from . import rules as org_rules
from .enums import ALLOWED_TRANSITIONS, MembershipStatus, PersonnelRole
from .models import Membership, Objective, Organisation, Personnel, ProductService

# The organisation fields a create/update may set (everything the application form asks).
ORGANISATION_FIELDS = (
    "name", "kind", "parent_agency", "registration_year", "house_number", "road", "subdistrict",
    "postcode", "latitude", "longitude", "is_social_enterprise", "se_registration_number",
    "se_status",
)


# --- helpers -------------------------------------------------------------------------------

def _validated(instance, *, exclude=None) -> None:
    """Run the model's validation; turn Django's error into our ValidationFailed."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        errors = getattr(exc, "message_dict", {"__all__": exc.messages})
        field, messages = next(iter(errors.items()))
        failure = ValidationFailed(messages[0], field=None if field == "__all__" else field)
        failure.errors = errors
        raise failure from exc


def _apply_fields(organisation: Organisation, fields: dict) -> set[str]:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown organisation fields: %(fields)s")
                               % {"fields": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(organisation, name, value)
    return set(fields)


def _manager_emails(organisation: Organisation, *, exclude=None) -> list[str]:
    managers = Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.APPROVED, is_manager=True,
    ).select_related("user")
    return [m.user.email for m in managers if exclude is None or m.user_id != exclude.pk]


def _set_membership_state(membership: Membership, new_status: str, *, actor) -> None:
    """The one place a membership's status changes."""
    if new_status not in ALLOWED_TRANSITIONS[membership.status]:
        raise InvalidTransition(
            _("A membership that is '%(old)s' cannot become '%(new)s'.")
            % {"old": membership.get_status_display(),
               "new": MembershipStatus(new_status).label}
        )
    now = timezone.now()
    membership.status = new_status
    fields = ["status"]
    if new_status in (MembershipStatus.APPROVED, MembershipStatus.REJECTED):
        membership.decided_by = actor
        membership.decided_at = now
        fields += ["decided_by", "decided_at"]
    if new_status in (MembershipStatus.LEFT, MembershipStatus.REMOVED):
        membership.ended_at = now
        membership.is_manager = False
        fields += ["ended_at", "is_manager"]
    membership.save(update_fields=fields)
    _forget(membership, actor)


def _forget(membership: Membership, actor) -> None:
    """Drop cached roles of the member, and of the actor object too when it is the member."""
    forget_roles(membership.user)
    if actor is not None and actor.pk == membership.user_id:
        forget_roles(actor)


def _refuse_if_last_manager(membership: Membership, message) -> None:
    if membership.is_manager and org_rules.manager_count(membership.organisation) <= 1:
        raise InvalidTransition(message)


def _locked(membership: Membership) -> Membership:
    return Membership.objects.select_for_update().select_related("user", "organisation").get(
        pk=membership.pk
    )


def _live(organisation: Organisation) -> Organisation:
    if organisation.deleted_at is not None:
        raise InvalidTransition(_("This organisation has been deleted."))
    return organisation


# --- organisations --------------------------------------------------------------------------

@transaction.atomic
def create_organisation(*, actor, fields: dict, ip: str | None = None) -> Organisation:
    """Create an organisation (row 3.1). An external creator becomes its approved manager, so
    they are project manager and organisation manager at once; a super user creating one for
    someone else does not become a member (add and appoint the manager afterwards)."""
    if not allowed_scopes(actor, "3.1"):
        raise PermissionDenied()
    organisation = Organisation(created_by=actor)
    _apply_fields(organisation, fields)
    _validated(organisation)
    organisation.save()
    if not actor.is_internal:
        Membership.objects.create(
            user=actor, organisation=organisation, status=MembershipStatus.APPROVED,
            is_manager=True, added_by=actor, decided_by=actor, decided_at=timezone.now(),
        )
        forget_roles(actor)
    audit.state_change(actor=actor, action="organisation.create", obj=organisation, ip=ip,
                       name=organisation.name)
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, fields: dict,
                        ip: str | None = None) -> Organisation:
    """Change the organisation's data (row 3.3: its own managers only)."""
    _live(organisation)
    if not org_rules.can_edit_organisation(actor, organisation):
        raise PermissionDenied()
    changed = _apply_fields(organisation, fields)
    _validated(organisation)
    organisation.updated_at = timezone.now()
    organisation.save(update_fields=[*changed, "updated_at"])
    audit.state_change(actor=actor, action="organisation.update", obj=organisation, ip=ip,
                       fields=sorted(changed))
    return organisation


@transaction.atomic
def delete_organisation(*, actor, organisation: Organisation, ip: str | None = None) -> None:
    """Soft-delete (row 3.4, super user): hidden from every list and page at once."""
    if not org_rules.can_delete_organisation(actor, organisation):
        raise PermissionDenied()
    _live(organisation)
    organisation.deleted_at = timezone.now()
    organisation.deleted_by = actor
    organisation.save(update_fields=["deleted_at", "deleted_by"])
    audit.state_change(actor=actor, action="organisation.delete", obj=organisation, ip=ip)


# --- personnel, objectives, products --------------------------------------------------------

def _check_edit(actor, organisation: Organisation) -> None:
    _live(organisation)
    if not org_rules.can_edit_organisation(actor, organisation):
        raise PermissionDenied()


def _next_order(queryset) -> int:
    last = queryset.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_personnel(*, actor, organisation: Organisation, role: str, first_name: str,
                  last_name: str, title: str = "", ip: str | None = None) -> Personnel:
    """Add the chair (only one), a board member or a member of staff (row 3.3)."""
    _check_edit(actor, organisation)
    if role not in PersonnelRole.values:
        raise ValidationFailed(_("Choose chair, board member or staff."), field="role")
    if role == PersonnelRole.CHAIR and organisation.personnel.filter(role=role).exists():
        raise ValidationFailed(
            _("The organisation already has a chair. Remove the current chair first."),
            field="role",
        )
    person = Personnel(
        organisation=organisation, role=role, title=title.strip(), first_name=first_name.strip(),
        last_name=last_name.strip(), order=_next_order(organisation.personnel.filter(role=role)),
    )
    _validated(person)
    person.save()
    audit.state_change(actor=actor, action="organisation.personnel.add", obj=organisation, ip=ip,
                       role=role, person=str(person))
    return person


@transaction.atomic
def remove_personnel(*, actor, person: Personnel, ip: str | None = None) -> None:
    organisation = person.organisation
    _check_edit(actor, organisation)
    label = str(person)
    person.delete()
    audit.state_change(actor=actor, action="organisation.personnel.remove", obj=organisation,
                       ip=ip, person=label)


@transaction.atomic
def add_objective(*, actor, organisation: Organisation, text: str,
                  ip: str | None = None) -> Objective:
    _check_edit(actor, organisation)
    objective = Objective(organisation=organisation, text=text.strip(),
                          order=_next_order(organisation.objectives.all()))
    _validated(objective)
    objective.save()
    audit.state_change(actor=actor, action="organisation.objective.add", obj=organisation, ip=ip)
    return objective


@transaction.atomic
def remove_objective(*, actor, objective: Objective, ip: str | None = None) -> None:
    organisation = objective.organisation
    _check_edit(actor, organisation)
    objective.delete()
    audit.state_change(actor=actor, action="organisation.objective.remove", obj=organisation,
                       ip=ip)


@transaction.atomic
def add_product(*, actor, organisation: Organisation, name: str, description: str = "",
                ip: str | None = None) -> ProductService:
    _check_edit(actor, organisation)
    product = ProductService(organisation=organisation, name=name.strip(),
                             description=description.strip(),
                             order=_next_order(organisation.products.all()))
    _validated(product)
    product.save()
    audit.state_change(actor=actor, action="organisation.product.add", obj=organisation, ip=ip)
    return product


@transaction.atomic
def remove_product(*, actor, product: ProductService, ip: str | None = None) -> None:
    organisation = product.organisation
    _check_edit(actor, organisation)
    product.delete()
    audit.state_change(actor=actor, action="organisation.product.remove", obj=organisation,
                       ip=ip)


# --- memberships ----------------------------------------------------------------------------

def _open_membership(user, organisation) -> Membership | None:
    return Membership.objects.select_for_update().filter(
        user=user, organisation=organisation,
        status__in=(MembershipStatus.PENDING, MembershipStatus.APPROVED),
    ).first()


@transaction.atomic
def request_to_join(*, actor, organisation: Organisation, ip: str | None = None) -> Membership:
    """Ask to join (pending until a manager or staff decides); the managers are told by mail.
    Whoever may create an organisation (row 3.1) may ask to join one instead."""
    _live(organisation)
    if not allowed_scopes(actor, "3.1") or actor.is_fund_staff or actor.is_committee:
        raise PermissionDenied()
    existing = _open_membership(actor, organisation)
    if existing is not None:
        if existing.status == MembershipStatus.PENDING:
            raise InvalidTransition(_("You have already asked to join this organisation."))
        raise InvalidTransition(_("You are already a member of this organisation."))
    membership = Membership.objects.create(user=actor, organisation=organisation,
                                           added_by=actor)
    audit.state_change(actor=actor, action="membership.request", obj=membership, ip=ip,
                       organisation=organisation.pk)
    send_email_after_commit(
        to=_manager_emails(organisation),
        subject=gettext("%(person)s asks to join %(organisation)s")
        % {"person": actor, "organisation": organisation.name},
        body=gettext(
            "%(person)s (%(email)s) asks to join %(organisation)s on Phonlap. "
            "Approve or reject the request on the organisation's members page."
        ) % {"person": actor, "email": actor.email, "organisation": organisation.name},
    )
    return membership


def _decide(*, actor, membership: Membership, new_status: str, ip, action: str) -> Membership:
    membership = _locked(membership)
    _live(membership.organisation)
    if not org_rules.can_manage_members(actor, membership.organisation):
        raise PermissionDenied()
    _set_membership_state(membership, new_status, actor=actor)
    audit.state_change(actor=actor, action=action, obj=membership, ip=ip,
                       organisation=membership.organisation_id, user=membership.user.email)
    return membership


@transaction.atomic
def approve_membership(*, actor, membership: Membership, ip: str | None = None) -> Membership:
    """A manager of the organisation, or staff / super user (row 4.4), lets the person in as a
    project manager; the person is told by mail."""
    membership = _decide(actor=actor, membership=membership, new_status=MembershipStatus.APPROVED,
                         ip=ip, action="membership.approve")
    send_email_after_commit(
        to=[membership.user.email],
        subject=gettext("You have joined %(organisation)s") % {
            "organisation": membership.organisation.name},
        body=gettext("Your request to join %(organisation)s on Phonlap was approved.")
        % {"organisation": membership.organisation.name},
    )
    return membership


@transaction.atomic
def reject_membership(*, actor, membership: Membership, ip: str | None = None) -> Membership:
    membership = _decide(actor=actor, membership=membership, new_status=MembershipStatus.REJECTED,
                         ip=ip, action="membership.reject")
    send_email_after_commit(
        to=[membership.user.email],
        subject=gettext("Your request to join %(organisation)s") % {
            "organisation": membership.organisation.name},
        body=gettext("Your request to join %(organisation)s on Phonlap was not approved.")
        % {"organisation": membership.organisation.name},
    )
    return membership


@transaction.atomic
def add_member(*, actor, organisation: Organisation, email: str,
               ip: str | None = None) -> Membership:
    """Add an existing, verified user by e-mail (row 4.4) as an approved project manager. A
    pending request from that person is approved instead."""
    _live(organisation)
    if not org_rules.can_manage_members(actor, organisation):
        raise PermissionDenied()
    email = (email or "").strip().lower()
    user = User.objects.visible().filter(email__iexact=email, is_active=True).first()
    if user is None or not email_verified(user):
        raise ValidationFailed(
            _("No verified account uses this e-mail address. Ask the person to sign up and "
              "verify their e-mail first."),
            field="email",
        )
    if user.is_fund_staff or user.is_committee:
        raise ValidationFailed(_("Fund staff and committee members cannot join organisations."),
                               field="email")
    existing = _open_membership(user, organisation)
    if existing is not None and existing.status == MembershipStatus.APPROVED:
        raise InvalidTransition(_("This person is already a member."))
    if existing is not None:
        membership = existing
        _set_membership_state(membership, MembershipStatus.APPROVED, actor=actor)
    else:
        membership = Membership.objects.create(
            user=user, organisation=organisation, status=MembershipStatus.APPROVED,
            added_by=actor, decided_by=actor, decided_at=timezone.now(),
        )
        forget_roles(user)
    audit.state_change(actor=actor, action="membership.add", obj=membership, ip=ip,
                       organisation=organisation.pk, user=user.email)
    send_email_after_commit(
        to=[user.email],
        subject=gettext("You were added to %(organisation)s") % {"organisation": organisation.name},
        body=gettext("%(actor)s added you to %(organisation)s on Phonlap.")
        % {"actor": actor, "organisation": organisation.name},
    )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership, ip: str | None = None) -> Membership:
    """Remove another person (row 4.6). The last manager cannot be removed; to leave oneself,
    use :func:`leave_organisation`."""
    membership = _locked(membership)
    _live(membership.organisation)
    if not org_rules.can_remove_members(actor, membership.organisation):
        raise PermissionDenied()
    if membership.user_id == actor.pk:
        raise InvalidTransition(_("To leave the organisation yourself, use 'Leave'."))
    _refuse_if_last_manager(
        membership, _("This person is the organisation's only manager. Appoint another "
                      "manager first."))
    _set_membership_state(membership, MembershipStatus.REMOVED, actor=actor)
    audit.state_change(actor=actor, action="membership.remove", obj=membership, ip=ip,
                       organisation=membership.organisation_id, user=membership.user.email)
    send_email_after_commit(
        to=[membership.user.email],
        subject=gettext("You were removed from %(organisation)s")
        % {"organisation": membership.organisation.name},
        body=gettext("You are no longer a member of %(organisation)s on Phonlap.")
        % {"organisation": membership.organisation.name},
    )
    return membership


@transaction.atomic
def leave_organisation(*, actor, organisation: Organisation, ip: str | None = None) -> Membership:
    """Leave (row 4.5). A manager may leave only while another manager remains."""
    if not allowed_scopes(actor, "4.5"):
        raise PermissionDenied()
    membership = Membership.objects.select_for_update().filter(
        user=actor, organisation=organisation, status=MembershipStatus.APPROVED,
    ).select_related("user", "organisation").first()
    if membership is None:
        raise InvalidTransition(_("You are not a member of this organisation."))
    _refuse_if_last_manager(
        membership, _("You are the organisation's only manager. Appoint another manager before "
                      "you leave."))
    _set_membership_state(membership, MembershipStatus.LEFT, actor=actor)
    audit.state_change(actor=actor, action="membership.leave", obj=membership, ip=ip,
                       organisation=organisation.pk)
    send_email_after_commit(
        to=_manager_emails(organisation),
        subject=gettext("%(person)s left %(organisation)s")
        % {"person": actor, "organisation": organisation.name},
        body=gettext("%(person)s (%(email)s) left %(organisation)s on Phonlap.")
        % {"person": actor, "email": actor.email, "organisation": organisation.name},
    )
    return membership


def _set_manager(*, actor, membership: Membership, value: bool, ip) -> Membership:
    membership = _locked(membership)
    _live(membership.organisation)
    if not org_rules.can_appoint_managers(actor, membership.organisation):
        raise PermissionDenied()
    if membership.status != MembershipStatus.APPROVED:
        raise InvalidTransition(_("Only an approved member can be an organisation manager."))
    if membership.is_manager == value:
        raise InvalidTransition(
            _("This person is already an organisation manager.") if value
            else _("This person is not an organisation manager."))
    if not value:
        _refuse_if_last_manager(
            membership, _("An organisation must keep at least one manager. Appoint another "
                          "manager first."))
    membership.is_manager = value
    membership.save(update_fields=["is_manager"])
    _forget(membership, actor)
    audit.state_change(actor=actor, action="membership.appoint_manager" if value
                       else "membership.revoke_manager", obj=membership, ip=ip,
                       organisation=membership.organisation_id, user=membership.user.email)
    send_email_after_commit(
        to=[membership.user.email],
        subject=(gettext("You are now a manager of %(organisation)s") if value
                 else gettext("You are no longer a manager of %(organisation)s"))
        % {"organisation": membership.organisation.name},
        body=(gettext("You can now edit %(organisation)s, manage its members and submit its "
                      "proposals on Phonlap.") if value
              else gettext("Your role as manager of %(organisation)s on Phonlap has ended; you "
                           "remain a member."))
        % {"organisation": membership.organisation.name},
    )
    return membership


@transaction.atomic
def appoint_manager(*, actor, membership: Membership, ip: str | None = None) -> Membership:
    """Make an approved member an organisation manager (row 5.1)."""
    return _set_manager(actor=actor, membership=membership, value=True, ip=ip)


@transaction.atomic
def revoke_manager(*, actor, membership: Membership, ip: str | None = None) -> Membership:
    """End a manager role (row 5.1); the last manager cannot be revoked."""
    return _set_manager(actor=actor, membership=membership, value=False, ip=ip)


__all__ = [
    "ORGANISATION_FIELDS", "add_member", "add_objective", "add_personnel", "add_product",
    "appoint_manager", "approve_membership", "create_organisation", "delete_organisation",
    "leave_organisation", "reject_membership", "remove_member", "remove_objective",
    "remove_personnel", "remove_product", "request_to_join", "revoke_manager",
    "update_organisation",
]
