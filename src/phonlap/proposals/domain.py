"""Proposal operations (spec 02): one atomic, keyword-only function per state change.

Each checks the live permission matrix (rows 2.1–2.7, through ``rules``) and the object's
state, saves, writes the access log (``audit.state_change``) and sends mail after commit.
Errors are ``phonlap.core.exceptions`` with translatable messages; a ``ValidationFailed``
raised here carries ``problems`` (``content.Problem``) and ``errors`` ({path: [messages]}) so a
page can show every problem next to its field. Nothing is changed when an error is raised."""

from __future__ import annotations

import copy
import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.models import User
from phonlap.core import audit, fiscal
from phonlap.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from phonlap.core.notifications import notify
from phonlap.funds.models import ReviewStage
from phonlap.organisations.enums import MembershipStatus, PersonnelRole
from phonlap.organisations.models import Membership, Organisation
from phonlap.organisations.rules import is_member_of

from . import content, files, messages
from . import rules as proposal_rules
from .enums import ALLOWED_TRANSITIONS, REVISABLE, AttachmentType, ProposalStatus
from .models import Attachment, Proposal, ProposalRevision, ProposalSequence

# --- helpers ---------------------------------------------------------------------------------


def config_of(proposal_or_fund) -> content.FormConfig:
    fund = getattr(proposal_or_fund, "fund", proposal_or_fund)
    return content.FormConfig.from_mapping(fund.form_config())


def failure(problems: list[content.Problem], message=None) -> ValidationFailed:
    """A ValidationFailed listing every problem (``.problems``, ``.errors`` by path,
    ``.messages`` as readable lines)."""
    lines = [messages.describe(p) for p in problems]
    exc = ValidationFailed(message or (lines[0] if len(lines) == 1 else
                                       _("Please correct the problems listed.")),
                           field=problems[0].path if problems else None)
    exc.problems = problems
    exc.messages = lines
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(messages.problem_message(problem))
    exc.errors = errors
    return exc


def set_proposal_state(proposal: Proposal, new_status: str, *, actor) -> None:
    """The one place a proposal's status changes."""
    if new_status not in ALLOWED_TRANSITIONS[proposal.status]:
        raise InvalidTransition(
            _("A proposal that is '%(old)s' cannot become '%(new)s'.")
            % {"old": proposal.get_status_display(), "new": ProposalStatus(new_status).label}
        )
    proposal.status = new_status
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=["status", "updated_at"])


def _locked(proposal: Proposal) -> Proposal:
    return (Proposal.objects.select_for_update(of=("self",))
            .select_related("fund", "organisation", "created_by").get(pk=proposal.pk))


def _live(proposal: Proposal) -> Proposal:
    if proposal.deleted_at is not None:
        raise InvalidTransition(_("This proposal has been deleted."))
    return proposal


def _editable(proposal: Proposal) -> Proposal:
    _live(proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise InvalidTransition(
            _("Only a draft can be changed; this proposal is '%(status)s'. Submitted revisions "
              "are read-only.") % {"status": proposal.get_status_display()}
        )
    return proposal


def _require(predicate, actor, proposal) -> None:
    if not predicate(actor, proposal):
        raise PermissionDenied()


def manager_users(organisation: Organisation) -> list[User]:
    return [m.user for m in Membership.objects.filter(
        organisation=organisation, status=MembershipStatus.APPROVED, is_manager=True,
        user__deleted_at__isnull=True,
    ).select_related("user")]


def staff_users() -> list[User]:
    return list(User.objects.visible().filter(is_fund_staff=True, is_active=True))


def _notify(users, subject, body, *, kind: str, proposal: Proposal, **params) -> None:
    """An in-app notification and an e-mail per recipient, in the recipient's language, after
    commit (``core.notifications.notify``); it links to the proposal's page."""
    notify(users=users, kind=kind, subject=subject, body=body,
           url=reverse("proposals:detail", kwargs={"pk": proposal.pk}), **params)


def _touch(proposal: Proposal, fields: list[str]) -> None:
    proposal.updated_at = timezone.now()
    proposal.save(update_fields=[*fields, "updated_at"])


def _next_number(fund, today: datetime.date) -> str:
    """DEF-2570-00001: the fund's prefix, the B.E. fiscal year, a sequence per both."""
    prefix = (fund.number_prefix or "PRP").upper()
    year = fiscal.fiscal_year(today)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                ProposalSequence.objects.get_or_create(prefix=prefix, fiscal_year=year)
            break
        except IntegrityError:  # created at the same moment by another request
            continue
    sequence = ProposalSequence.objects.select_for_update().get(prefix=prefix, fiscal_year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix}-{year}-{sequence.last:05d}"


def organisation_snapshot(organisation: Organisation) -> dict:
    """Section 1's pre-filled part (from the organisation record), frozen into a revision."""
    executives = [
        {"role": p.role, "name": str(p)}
        for p in organisation.personnel.all()
        if p.role in (PersonnelRole.CHAIR, PersonnelRole.BOARD_MEMBER)
    ]
    return {
        "name": organisation.name,
        "kind": organisation.kind,
        "parent_agency": organisation.parent_agency,
        "se_registration_number": organisation.se_registration_number,
        "executives": executives,
    }


def _draft_attachment_types(proposal: Proposal) -> list[str]:
    return list(proposal.attachments.filter(revision__isnull=True).values_list("type", flat=True))


def open_sections(proposal: Proposal) -> list[int]:
    """Sections the applicant may open now: each applicable one whose earlier applicable
    sections are saved (the form leads the user 1 → 4)."""
    applicable = [n for n in content.SECTIONS if n in config_of(proposal).sections]
    saved = set(proposal.sections_saved or [])
    result = []
    for n in applicable:
        result.append(n)
        if n not in saved:
            break
    return result


def _check_section_open(proposal: Proposal, section: int) -> None:
    config = config_of(proposal)
    if section not in config.sections:
        raise ValidationFailed(_("Section %(n)s does not apply to this fund's form.") % {"n": section})
    if section not in open_sections(proposal):
        earlier = [n for n in config.sections if n < section and n not in (proposal.sections_saved or [])]
        raise InvalidTransition(
            _("Save section %(earlier)s first: the sections are filled in order.")
            % {"earlier": ", ".join(str(n) for n in earlier)}
        )


# --- creating and editing drafts --------------------------------------------------------------

@transaction.atomic
def create_proposal(*, actor, organisation: Organisation, fund, call=None,
                    ip: str | None = None) -> Proposal:
    """Start a draft for ``fund`` (and ``call``) in the name of ``organisation`` (row 2.1).
    The actor must be an approved member of the organisation: a user with no organisation
    cannot apply. Assigns the proposal number at once."""
    if not allowed_scopes(actor, "2.1"):
        raise PermissionDenied()
    if organisation is None or organisation.deleted_at is not None or not is_member_of(actor, organisation):
        raise PermissionDenied(_("You can apply only in the name of an organisation you belong to."))
    if not fund.is_active:
        raise InvalidTransition(_("This fund is not accepting proposals."))
    if call is not None and call.fund_id != fund.pk:
        raise ValidationFailed(_("This call belongs to another fund."), field="call")
    now = timezone.now()
    proposal = Proposal.objects.create(
        number=_next_number(fund, timezone.localdate()), fund=fund, call=call,
        organisation=organisation, created_by=actor, status=ProposalStatus.DRAFT,
        content=content.empty_content(), sections_saved=[], created_at=now, updated_at=now,
    )
    audit.state_change(actor=actor, action="proposal.create", obj=proposal, ip=ip,
                       number=proposal.number, fund=fund.code)
    return proposal


@transaction.atomic
def save_section(*, actor, proposal: Proposal, section: int, data: dict,
                 ip: str | None = None) -> Proposal:
    """Save section 1, 2 or 3 of a draft (row 2.3). ``data``'s top-level keys replace the
    section's (so a page may save part of a section). Malformed values (dates, budgets,
    choices) are refused all at once with ``ValidationFailed``; a requested budget that
    disagrees with the activities is kept as a warning and blocks only the submission."""
    _require(proposal_rules.can_edit_proposal, actor, proposal)
    proposal = _locked(proposal)
    _editable(proposal)
    if section not in content.CONTENT_SECTIONS:
        raise ValidationFailed(_("Section 4 holds attachments: add or remove files instead."))
    _check_section_open(proposal, section)
    if not isinstance(data, dict):
        raise failure([content.Problem(f"section{section}", "invalid")])
    merged = {**proposal.section(section), **data}
    config = config_of(proposal)
    problems = content.errors(content.validate_section(
        section, merged, ceiling=config.budget_ceiling, target_groups=config.target_groups or None,
    ))
    if problems:
        raise failure(problems)
    stored = content.normalise_section(section, merged)
    proposal.content = {**(proposal.content or {}), f"section{section}": stored}
    proposal.sections_saved = sorted({*(proposal.sections_saved or []), section})
    fields = ["content", "sections_saved"]
    if section == 2:
        proposal.name = stored["name"][:500]
        proposal.requested_budget = content.parse_money(stored["requested_budget"])
        fields += ["name", "requested_budget"]
    _touch(proposal, fields)
    audit.state_change(actor=actor, action="proposal.save_section", obj=proposal, ip=ip,
                       section=section)
    return proposal


def section_warnings(proposal: Proposal) -> list[content.Problem]:
    """Non-blocking problems to show on the page (e.g. budget ≠ activities, with the
    difference)."""
    config = config_of(proposal)
    return [p for p in content.validate_section(2, proposal.section(2), ceiling=config.budget_ceiling)
            if p.severity == content.WARNING]


@transaction.atomic
def add_attachment(*, actor, proposal: Proposal, type: str, upload, other_name: str = "",
                   ip: str | None = None) -> Attachment:
    """Attach a file to a draft (row 2.3): checked by extension, content and size; stored on
    the private storage under a random name."""
    _require(proposal_rules.can_edit_proposal, actor, proposal)
    proposal = _locked(proposal)
    _editable(proposal)
    _check_section_open(proposal, 4)
    if type not in AttachmentType.values:
        raise ValidationFailed(_("Choose the type of document."), field="type")
    other_name = (other_name or "").strip()
    if type == AttachmentType.OTHER and not other_name:
        raise ValidationFailed(_("Name the type of this other document."), field="other_name")
    if len(other_name) > 200:
        raise ValidationFailed(_("The document name is too long (at most 200 characters)."),
                               field="other_name")
    problem = files.file_error(upload)
    if problem:
        raise ValidationFailed(problem, field="file")
    original = (upload.name or "file").replace("\x00", "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    attachment = Attachment(
        proposal=proposal, type=type, other_name=other_name if type == AttachmentType.OTHER else "",
        original_name=original, size=upload.size, content_type=files.content_type_of(original),
        uploaded_by=actor, uploaded_at=timezone.now(),
    )
    upload.seek(0)
    attachment.file.save(original, upload, save=False)
    try:
        attachment.save()
        _touch(proposal, [])
        audit.state_change(actor=actor, action="proposal.attachment_add", obj=proposal, ip=ip,
                           attachment=attachment.pk, type=type, size=attachment.size)
    except Exception:
        attachment.file.storage.delete(attachment.file.name)  # no row, no orphan file
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment, ip: str | None = None) -> None:
    """Remove a draft's attachment (row 2.3). Frozen ones (of a revision) never go; the stored
    file is deleted only when no other row (a revision's copy) still points to it."""
    proposal = attachment.proposal
    _require(proposal_rules.can_edit_proposal, actor, proposal)
    proposal = _locked(proposal)
    _editable(proposal)
    attachment = Attachment.objects.select_for_update().filter(pk=attachment.pk, proposal=proposal).first()
    if attachment is None or attachment.revision_id is not None:
        raise InvalidTransition(_("This attachment belongs to a submitted revision and cannot be removed."))
    name, storage = attachment.file.name, attachment.file.storage
    attachment_pk, kind = attachment.pk, attachment.type
    attachment.delete()
    if not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name), robust=True)
    _touch(proposal, [])
    audit.state_change(actor=actor, action="proposal.attachment_remove", obj=proposal, ip=ip,
                       attachment=attachment_pk, type=kind)


# --- submission -------------------------------------------------------------------------------

def missing_for_submission(proposal: Proposal) -> list[content.Problem]:
    """Everything that still stops ``proposal`` from being submitted (all at once)."""
    return content.missing_items(proposal.content or {}, config_of(proposal),
                                 _draft_attachment_types(proposal), proposal.sections_saved or [])


@transaction.atomic
def request_submission(*, actor, proposal: Proposal, ip: str | None = None) -> Proposal:
    """The project manager asks the organisation's managers to submit (row 2.3: whoever may
    edit the draft). Notifies the managers; changes no status."""
    _require(proposal_rules.can_edit_proposal, actor, proposal)
    proposal = _locked(proposal)
    _editable(proposal)
    proposal.submission_requested_at = timezone.now()
    proposal.submission_requested_by = actor
    _touch(proposal, ["submission_requested_at", "submission_requested_by"])
    audit.state_change(actor=actor, action="proposal.request_submission", obj=proposal, ip=ip)
    _notify(
        manager_users(proposal.organisation),
        _("Proposal %(number)s is ready for you to submit"),
        _("%(who)s asks you to check and submit the proposal %(number)s “%(name)s” of "
          "%(organisation)s to the fund. Only an organisation manager can submit it."),
        kind="proposal.submission_requested", proposal=proposal,
        number=proposal.number, name=proposal.name, who=actor.get_full_name() or actor.email,
        organisation=proposal.organisation.name,
    )
    return proposal


@transaction.atomic
def submit_proposal(*, actor, proposal: Proposal, ip: str | None = None) -> ProposalRevision:
    """Submit a complete draft (row 2.6: the organisation's managers only). Freezes the content
    and the attachments as revision N (N counts submissions), sets "in review", notifies the
    fund staff and the project manager. The proposal row is locked first, so a double click or
    two managers at once give exactly one revision; the second gets InvalidTransition."""
    if not proposal_rules.can_submit_proposal(actor, proposal):
        raise PermissionDenied(_("Only a manager of the organisation can submit a proposal."))
    proposal = _locked(proposal)
    _live(proposal)
    if proposal.status != ProposalStatus.DRAFT:
        raise InvalidTransition(_("This proposal has already been submitted (it is '%(status)s').")
                                % {"status": proposal.get_status_display()})
    problems = missing_for_submission(proposal)
    if problems:
        raise failure(problems, _("The proposal is not complete yet: %(count)s items are missing "
                                  "or need correcting.") % {"count": len(problems)})
    now = timezone.now()
    frozen = copy.deepcopy(proposal.content or {})
    frozen["organisation"] = organisation_snapshot(proposal.organisation)
    number = proposal.latest_revision_number + 1
    revision = ProposalRevision.objects.create(
        proposal=proposal, number=number, content=frozen, name=proposal.name,
        requested_budget=proposal.requested_budget, submitted_at=now, submitted_by=actor,
    )
    proposal.attachments.filter(revision__isnull=True).update(revision=revision)
    set_proposal_state(proposal, ProposalStatus.IN_REVIEW, actor=actor)
    proposal.latest_revision_number = number
    proposal.submitted_at = now
    proposal.submission_requested_at = None
    proposal.submission_requested_by = None
    proposal.current_stage = entry_stage(proposal.fund, resubmission=number > 1)
    proposal.stage_entered_at = now
    proposal.save(update_fields=["latest_revision_number", "submitted_at",
                                 "submission_requested_at", "submission_requested_by",
                                 "current_stage", "stage_entered_at"])
    audit.state_change(actor=actor, action="proposal.submit", obj=proposal, ip=ip,
                       revision=number, number=proposal.number)
    params = {"number": proposal.number, "name": proposal.name, "revision": number,
              "organisation": proposal.organisation.name}
    _notify(staff_users(), _("New proposal %(number)s (revision %(revision)s) to review"),
            _("%(organisation)s submitted the proposal %(number)s “%(name)s”, revision "
              "%(revision)s. It is now in review."), kind="proposal.submitted",
            proposal=proposal, **params)
    _notify([proposal.created_by], _("Proposal %(number)s was submitted"),
            _("Your proposal %(number)s “%(name)s” was submitted to the fund as revision "
              "%(revision)s and is now in review."), kind="proposal.submitted",
            proposal=proposal, **params)
    return revision


# --- the review pipeline (spec 03): the review app moves proposals through these ---------------

def entry_stage(fund, *, resubmission: bool = False) -> ReviewStage | None:
    """Where a submitted revision starts: screening (the first active stage), or for a new
    revision the stage the fund marked to resume from, if any."""
    stages = list(fund.stages.active().order_by("order"))
    if resubmission:
        for stage in stages:
            if stage.resume_here:
                return stage
    return stages[0] if stages else None


def enter_stage(*, proposal: Proposal, stage: ReviewStage | None) -> None:
    """Move a proposal in review to ``stage`` (``None``: it leaves the pipeline). Called by the
    review app inside its own transaction, which has checked the permission (matrix row 8),
    locked the proposal and written the audit event of the result that moved it."""
    proposal.current_stage = stage
    proposal.stage_entered_at = timezone.now() if stage is not None else None
    proposal.save(update_fields=["current_stage", "stage_entered_at"])


def _review_outcome(*, actor, proposal, new_status, action, reason, ip, subject, body) -> Proposal:
    if not proposal_rules.can_change_review_status(actor, proposal):
        raise PermissionDenied()
    proposal = _locked(proposal)
    _live(proposal)
    set_proposal_state(proposal, new_status, actor=actor)
    enter_stage(proposal=proposal, stage=None)
    audit.state_change(actor=actor, action=action, obj=proposal, ip=ip,
                       revision=proposal.latest_revision_number, reason=reason or "")
    _notify([proposal.created_by, *manager_users(proposal.organisation)], subject, body,
            kind=action, proposal=proposal, number=proposal.number, name=proposal.name,
            reason=reason or _("(no reason given)"))
    return proposal


@transaction.atomic
def return_proposal(*, actor, proposal: Proposal, reason: str = "", ip: str | None = None) -> Proposal:
    """A review stage returns the proposal for revision (row 2.7, staff). Called by the review
    app; the applicant may then create the next revision."""
    return _review_outcome(
        actor=actor, proposal=proposal, new_status=ProposalStatus.RETURNED, action="proposal.return",
        reason=reason, ip=ip, subject=_("Proposal %(number)s was returned for revision"),
        body=_("The proposal %(number)s “%(name)s” was returned for revision: %(reason)s\n"
               "Create the next revision from the last one, correct it and submit it again."),
    )


@transaction.atomic
def fail_proposal(*, actor, proposal: Proposal, reason: str = "", ip: str | None = None) -> Proposal:
    """A review stage did not pass the proposal (row 2.7, staff)."""
    return _review_outcome(
        actor=actor, proposal=proposal, new_status=ProposalStatus.NOT_PASSED, action="proposal.fail",
        reason=reason, ip=ip, subject=_("Proposal %(number)s did not pass"),
        body=_("The proposal %(number)s “%(name)s” did not pass the review: %(reason)s\n"
               "You may create a new revision from the last one and submit it again."),
    )


@transaction.atomic
def approve_proposal(*, actor, proposal: Proposal, reason: str = "", ip: str | None = None) -> Proposal:
    """The last stage approved the proposal (row 2.7): it leaves review for good and becomes a
    funded project (the review app creates it in the same transaction)."""
    return _review_outcome(
        actor=actor, proposal=proposal, new_status=ProposalStatus.APPROVED,
        action="proposal.approve", reason=reason, ip=ip,
        subject=_("Proposal %(number)s was approved"),
        body=_("The proposal %(number)s “%(name)s” was approved. %(reason)s"),
    )


@transaction.atomic
def reject_proposal(*, actor, proposal: Proposal, reason: str = "", ip: str | None = None) -> Proposal:
    """A stage whose failure route is "rejected" turned the proposal down for good (row 2.7)."""
    return _review_outcome(
        actor=actor, proposal=proposal, new_status=ProposalStatus.REJECTED,
        action="proposal.reject", reason=reason, ip=ip,
        subject=_("Proposal %(number)s was rejected"),
        body=_("The proposal %(number)s “%(name)s” was rejected: %(reason)s"),
    )


@transaction.atomic
def create_next_revision(*, actor, proposal: Proposal, ip: str | None = None) -> Proposal:
    """After a return or a failure: the draft becomes a copy of the last revision (content and
    attachment rows, pointing to the same stored files) and the status goes back to draft
    (row 2.3). The next submission will be revision N + 1."""
    _require(proposal_rules.can_edit_proposal, actor, proposal)
    proposal = _locked(proposal)
    _live(proposal)
    if proposal.status not in REVISABLE:
        raise InvalidTransition(_("A new revision can be created only after the proposal was "
                                  "returned or did not pass."))
    last = proposal.revisions.get(number=proposal.latest_revision_number)
    draft = copy.deepcopy(last.content)
    draft.pop("organisation", None)  # section 1's pre-filled part is read live again
    proposal.content = draft
    config = config_of(proposal)
    proposal.sections_saved = [n for n in content.CONTENT_SECTIONS if n in config.sections]
    proposal.name = last.name
    proposal.requested_budget = last.requested_budget
    proposal.attachments.filter(revision__isnull=True).delete()
    for attachment in last.attachments.all():
        Attachment.objects.create(
            proposal=proposal, revision=None, type=attachment.type, other_name=attachment.other_name,
            file=attachment.file.name, original_name=attachment.original_name, size=attachment.size,
            content_type=attachment.content_type, uploaded_by=attachment.uploaded_by,
            uploaded_at=attachment.uploaded_at,
        )
    set_proposal_state(proposal, ProposalStatus.DRAFT, actor=actor)
    proposal.save(update_fields=["content", "sections_saved", "name", "requested_budget"])
    audit.state_change(actor=actor, action="proposal.next_revision", obj=proposal, ip=ip,
                       from_revision=last.number)
    return proposal


# --- deleting and restoring -------------------------------------------------------------------

@transaction.atomic
def delete_draft(*, actor, proposal: Proposal, ip: str | None = None) -> Proposal:
    """Soft-delete a draft (row 2.4: its project manager, or a manager of its organisation).
    It disappears from every list; row 2.5 may restore it."""
    _require(proposal_rules.can_delete_proposal, actor, proposal)
    proposal = _locked(proposal)
    _editable(proposal)
    proposal.deleted_at = timezone.now()
    proposal.deleted_by = actor
    _touch(proposal, ["deleted_at", "deleted_by"])
    audit.state_change(actor=actor, action="proposal.delete", obj=proposal, ip=ip)
    return proposal


@transaction.atomic
def restore_proposal(*, actor, proposal: Proposal, ip: str | None = None) -> Proposal:
    """Bring back a deleted draft (row 2.5: a manager of its organisation, staff, super user)."""
    _require(proposal_rules.can_restore_proposal, actor, proposal)
    proposal = _locked(proposal)
    if proposal.deleted_at is None:
        raise InvalidTransition(_("This proposal is not deleted."))
    proposal.deleted_at = None
    proposal.deleted_by = None
    _touch(proposal, ["deleted_at", "deleted_by"])
    audit.state_change(actor=actor, action="proposal.restore", obj=proposal, ip=ip)
    return proposal
