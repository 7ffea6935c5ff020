"""Support for the matrix-driven permission test (``tests/test_permission_matrix.py``).

Three things live here, each meant to be extended by later modules:

* ``PERSONAS`` and ``build_world``: the six user types of spec 01 as concrete, signed-in (or
  anonymous) users, plus organisation A (the personas' own) and organisation B (someone else's);
* ``complete_user``: makes a user pass the account gate (profile completed, current policies
  accepted) using whatever of ``Profile`` / ``Consent`` exists;
* ``KWARGS``: how to fill a URL keyword argument, by its name, for the "own" object (in
  organisation A) and the "other" object (in organisation B). A new module adds one entry per
  kwarg name its URLs use (e.g. ``proposal_pk``), returning objects it creates in ``world``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.factories import CommitteeFactory, StaffFactory, SuperUserFactory, UserFactory, onboard

# ----------------------------------------------------------------------------------------------
# Personas: the six user types (anonymous stands for "unregistered": an unverified account can
# sign in to nothing, so it meets the site exactly as an anonymous visitor does).

ANONYMOUS = "anonymous"
NO_ORGANISATION = "verified_no_org"
PROJECT_MANAGER_A = "project_manager_a"
ORGANISATION_MANAGER_A = "organisation_manager_a"
STAFF = "staff"
COMMITTEE = "committee"
SUPER_USER = "super_user"

PERSONAS = (ANONYMOUS, NO_ORGANISATION, PROJECT_MANAGER_A, ORGANISATION_MANAGER_A, STAFF,
            COMMITTEE, SUPER_USER)

# Which organisations each persona belongs to ("A" / "B"): restricted scopes (own, own
# organisation, not the last manager) reach only objects of these.
MEMBER_OF = {PROJECT_MANAGER_A: {"A"}, ORGANISATION_MANAGER_A: {"A"}}

OWN, OTHER = "own", "other"

# Where the account gate may send a complete user who has not joined an organisation yet
# (spec 01: first sign-in picks the organisation). Such a redirect says nothing about the
# matrix, so the test accepts it for that persona whatever the expectation.
GATE_REDIRECT_NAMES = {NO_ORGANISATION: ("organisations:start",)}

# Scopes that reach only the user's own things; any other non-empty scope reaches everything
# the row covers.
RESTRICTED_SCOPES = frozenset({"own", "own_org", "own_sessions", "not_last_manager"})


def complete_user(user) -> None:
    """Let ``user`` through the account gate (a user with no organisation is still sent to
    pick one: see ``GATE_REDIRECT_NAMES``)."""
    if user is not None and getattr(user, "pk", None):
        onboard(user)
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])


def make_organisation(name: str, **extra):
    organisation_model = apps.get_model("organisations.Organisation")
    return organisation_model.objects.create(name=name, kind="private", **extra)


def add_member(user, organisation, *, manager: bool = False):
    membership_model = apps.get_model("organisations.Membership")
    return membership_model.objects.create(
        user=user, organisation=organisation, status="approved", is_manager=manager,
    )


@dataclass
class World:
    """Everything a case needs: the personas' users, organisations A and B and their people."""

    users: dict[str, Any]
    organisations: dict[str, Any]
    members: dict[str, Any]  # a plain member of each organisation ("A"/"B"), for user kwargs
    extra: dict[str, Any] = field(default_factory=dict)  # later modules park objects here

    def user(self, persona: str):
        return self.users.get(persona) or AnonymousUser()


def build_world() -> World:
    users: dict[str, Any] = {ANONYMOUS: None}
    users[NO_ORGANISATION] = UserFactory(email="no-org@example.org")
    users[PROJECT_MANAGER_A] = UserFactory(email="pm-a@example.org")
    users[ORGANISATION_MANAGER_A] = UserFactory(email="om-a@example.org")
    users[STAFF] = StaffFactory(email="staff@example.org")
    users[COMMITTEE] = CommitteeFactory(email="committee@example.org")
    users[SUPER_USER] = SuperUserFactory(email="super@example.org")
    org_a = make_organisation("Organisation A")
    org_b = make_organisation("Organisation B")
    add_member(users[PROJECT_MANAGER_A], org_a)
    add_member(users[ORGANISATION_MANAGER_A], org_a, manager=True)
    # A second manager of A, so "not the last manager" (row 4.5) lets the persona leave.
    add_member(UserFactory(email="om2-a@example.org"), org_a, manager=True)
    member_b = UserFactory(email="member-b@example.org")
    add_member(member_b, org_b, manager=True)
    member_a = UserFactory(email="member-a@example.org")
    add_member(member_a, org_a)
    for user in users.values():
        complete_user(user)
    complete_user(member_a)
    complete_user(member_b)
    return World(users=users, organisations={"A": org_a, "B": org_b},
                 members={"A": member_a, "B": member_b})


# ----------------------------------------------------------------------------------------------
# URL keyword arguments, by name.


@dataclass(frozen=True)
class Kwarg:
    """How to fill one URL keyword argument. ``value(world, target, route)`` returns the value for
    the "own" object (belonging to organisation A) or the "other" one (organisation B); ``route``
    is the full route, for names whose meaning depends on the URL (``pk``, ``child_pk``).
    ``object_scoped``: the value names an object whose reach the matrix scopes limit (own /
    own organisation), so the "other" target must give 404 to a role holding only those."""

    value: Callable[[World, str, str], Any]
    object_scoped: bool = True


def _side(target: str) -> str:
    return "A" if target == OWN else "B"


def _org(world: World, target: str, route: str = ""):
    return world.organisations[_side(target)].pk


def _member(world: World, target: str, route: str = ""):
    return world.members[_side(target)].pk


def _membership(world: World, target: str, route: str = ""):
    membership_model = apps.get_model("organisations.Membership")
    member = world.members[_side(target)]
    return membership_model.objects.filter(user=member).values_list("pk", flat=True).first()


def _child(world: World, target: str, route: str):
    """``child_pk`` under ``organisations/<pk>/<collection>/``: a row of that collection."""
    organisation = world.organisations[_side(target)]
    if "personnel" in route:
        obj = organisation.personnel.create(role="board_member", first_name="Somchai",
                                            last_name="Jaidee")
    elif "objectives" in route:
        obj = organisation.objectives.create(text="Objective")
    elif "products" in route:
        obj = organisation.products.create(name="Product")
    else:
        raise LookupError(f"child_pk under {route!r}: teach tests/matrix_support.py:_child")
    return obj.pk


KWARGS: dict[str, Kwarg] = {
    "pk": Kwarg(_org),  # a bare pk names an organisation unless PK_BY_ROUTE says otherwise
    "organisation_pk": Kwarg(_org),
    "organisation_id": Kwarg(_org),
    "user_pk": Kwarg(_member),
    "user_id": Kwarg(_member),
    "membership_pk": Kwarg(_membership),
    "membership_id": Kwarg(_membership),
    "child_pk": Kwarg(_child),
}

def _deleted_user(world: World, target: str, route: str = ""):
    """An account whose deletion staff confirmed (hidden, restorable for 30 days)."""
    user = UserFactory(email=f"deleted-{target}@example.org")
    add_member(user, world.organisations[_side(target)])
    now = timezone.now()
    type(user).objects.filter(pk=user.pk).update(deletion_requested_at=now, deleted_at=now)
    return user.pk


def _deletion_requested_user(world: World, target: str, route: str = ""):
    user = UserFactory(email=f"leaving-{target}@example.org")
    add_member(user, world.organisations[_side(target)])
    type(user).objects.filter(pk=user.pk).update(deletion_requested_at=timezone.now())
    return user.pk


def _profile(world: World, target: str, route: str = ""):
    """A member's profile (with a national ID, so the sensitive-read pages have something)."""
    profile_model = apps.get_model("accounts.Profile")
    profile = profile_model.objects.get(user=world.members[_side(target)])
    if not profile.national_id:
        profile_model.objects.filter(pk=profile.pk).update(national_id="1101700230705")
    return profile.pk


# A bare ``pk`` means a different entity under some routes (regex on the route, first match
# wins; DRF routes keep their ``(?P<name>…)`` groups). A module whose URLs use ``pk`` for its
# own entity adds its route here.
PK_BY_ROUTE: list[tuple[str, Kwarg]] = [
    (r"staff/users/deletions/<int:pk>/restore/", Kwarg(_deleted_user)),
    (r"staff/users/deletions/", Kwarg(_deletion_requested_user)),
    (r"staff/users/", Kwarg(_member)),
    (r"api/v1/users/", Kwarg(_member)),
    (r"accounts/profiles/", Kwarg(_profile)),
    (r"api/v1/organisations/\(\?P<organisation_pk>[^)]*\)/members/", Kwarg(_membership)),
]


# --- proposals ---------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _proposal_owner(world: World, target: str):
    """Who drafts the proposal: the project manager of A ("own"), a manager of B ("other")."""
    return world.users[PROJECT_MANAGER_A] if target == OWN else world.members["B"]


def _proposal(world: World, target: str, route: str = ""):
    """A draft of organisation A by the project manager A ("own"), or of organisation B
    ("other"), made once per world: it has a submitted revision 1 behind it (as after a return
    and a new revision) and one draft attachment, so revision and attachment URLs find them."""
    key = ("proposal", target)
    if key not in world.extra:
        from django.core.files.base import ContentFile

        from phonlap.funds.models import Fund
        from phonlap.proposals import domain
        from phonlap.proposals.models import Attachment, Proposal, ProposalRevision

        owner = _proposal_owner(world, target)
        proposal = domain.create_proposal(actor=owner, organisation=world.organisations[_side(target)],
                                          fund=Fund.objects.get(code="disability-education"))
        ProposalRevision.objects.create(proposal=proposal, number=1, content=proposal.content,
                                        name="Revision one", submitted_by=owner)
        Proposal.objects.filter(pk=proposal.pk).update(latest_revision_number=1,
                                                       submitted_at=timezone.now())
        attachment = Attachment(proposal=proposal, type="expense_table", original_name="table.pdf",
                                size=len(PDF_BYTES), content_type="application/pdf", uploaded_by=owner)
        attachment.file.save("table.pdf", ContentFile(PDF_BYTES), save=True)
        world.extra[key] = proposal
        world.extra[("attachment", target)] = attachment
        # Revision 1 was on a working-group session's agenda; the committee persona sits on A's.
        from tests.review.factories import make_session

        stage = Fund.objects.get(code="disability-education").stages.get(code="working_group")
        seated = [world.users[COMMITTEE]] if target == OWN else None
        proposal.refresh_from_db()
        world.extra[("session", target)] = make_session(stage, proposals=[proposal],
                                                        members=seated, name=f"Session {target}")
    return world.extra[key].pk


def _proposal_attachment(world: World, target: str, route: str = ""):
    _proposal(world, target)
    return world.extra[("attachment", target)].pk


def _deleted_proposal(world: World, target: str, route: str = ""):
    """A soft-deleted draft (what the restore URLs act on)."""
    from phonlap.funds.models import Fund
    from phonlap.proposals import domain

    owner = _proposal_owner(world, target)
    proposal = domain.create_proposal(actor=owner, organisation=world.organisations[_side(target)],
                                      fund=Fund.objects.get(code="disability-education"))
    domain.delete_draft(actor=owner, proposal=proposal)
    return proposal.pk


def _first(world: World, target: str, route: str = "") -> int:
    return 1


KWARGS.update({
    "proposal_pk": Kwarg(_proposal),
    "number": Kwarg(_first, object_scoped=False),  # revision 1 of the proposal (see _proposal)
    "n": Kwarg(_first, object_scoped=False),  # section 1 of the form
})
PK_BY_ROUTE += [
    (r"api/v1/proposals/.*/attachments/", Kwarg(_proposal_attachment)),
    (r"api/v1/proposals/.*/restore/", Kwarg(_deleted_proposal)),
    (r"api/v1/proposals/", Kwarg(_proposal)),
]


def kwarg_for(name: str, route: str) -> Kwarg | None:
    if name == "pk":
        for pattern, kwarg in PK_BY_ROUTE:
            if re.match(pattern, route):
                return kwarg
    return KWARGS.get(name)


# Views that refuse an action on a visible object with a message instead of a 404 (the object
# itself is visible; only the action is refused by the domain). Keyed by URL name: the URL name
# the page redirects to with the message, or the API's status code. Counted as "no access".
REFUSALS: dict[str, str | int] = {
    # Leaving an organisation one is not a member of: the organisation is visible (row 3.2,
    # "all"), "own" in row 4.5 is the membership, and there is none to end.
    "organisations:leave": "organisations:detail",
    "api:organisation-leave": 400,
}

# Known disagreements between a view and the matrix, reported to the view's owner: the case ids
# (``url name|persona`` prefixes) run as strict xfail, so fixing the view makes them fail
# loudly until the entry is removed.
KNOWN_VIEW_ISSUES: dict[str, str] = {}


def reaches(persona: str, target: str, scopes: set[str], *, object_scoped: bool) -> bool:
    """Whether ``scopes`` (what the persona's roles hold in a row) reach the target object."""
    if not scopes:
        return False
    if not object_scoped or scopes - RESTRICTED_SCOPES:
        return True  # "all" / "public" / … reach every object
    # The committee persona sits on organisation A's session (see ``_proposal``), so
    # "own sessions" reaches A's proposal, its session, agenda item and results, and nothing of B.
    if "own_sessions" in scopes and persona == COMMITTEE and target == OWN:
        return True
    # Otherwise only restricted scopes: the object must be in one of the persona's organisations.
    organisation = "A" if target == OWN else "B"
    return organisation in MEMBER_OF.get(persona, set()) and bool(scopes - {"own_sessions"})


def gate_redirect(response, persona: str) -> bool:
    """True if ``response`` is the account gate sending ``persona`` to a first-sign-in step."""
    from django.urls import NoReverseMatch, reverse

    if response.status_code not in (301, 302, 303):
        return False
    location = response["Location"].split("?")[0]
    for name in GATE_REDIRECT_NAMES.get(persona, ()):
        try:
            if location == reverse(name):
                return True
        except NoReverseMatch:
            continue
    return False


def assert_not_found(response, persona: str) -> None:
    """Denied to a signed-in user: 404 (or the account gate stepping in first)."""
    assert response.status_code == 404 or gate_redirect(response, persona), (
        f"{persona}: expected 404, got {response.status_code} {response.get('Location', '')}"
    )


# --- proposal pages (proposals.draft_urls) ------------------------------------------------------
# A bare ``pk`` under /proposals/ names a proposal (the world's draft with revision 1 and one
# attachment, see ``_proposal``); restoring acts on a deleted draft.
PK_BY_ROUTE[:0] = [
    (r"proposals/<int:pk>/restore/", Kwarg(_deleted_proposal)),
    (r"proposals/<int:pk>/", Kwarg(_proposal)),
]
KWARGS.update({
    "attachment_pk": Kwarg(_proposal_attachment),
    "section": Kwarg(_first, object_scoped=False),  # section 1: always open
})


# --- evaluation sessions (review.session_urls) --------------------------------------------------
# A bare ``pk`` under /review/sessions/ names a session, under /review/sessions/items/ an agenda
# item. One working-group session per target, with the world's proposal of that side (A / B) on
# its agenda (built with the proposal). The committee persona sits on A's session ("own sessions"
# reaches it), not on B's; staff and super users (``all``) reach both.


def _session(world: World, target: str, route: str = ""):
    _proposal(world, target)  # builds the session with it
    return world.extra[("session", target)].pk


def _agenda_item(world: World, target: str, route: str = ""):
    _session(world, target)
    return world.extra[("session", target)].agenda.get().pk


PK_BY_ROUTE += [
    (r"review/sessions/items/<int:pk>/", Kwarg(_agenda_item)),
    (r"review/sessions/<int:pk>/", Kwarg(_session)),
]


# --- notifications (core.notification_urls at /notifications/, api.v1.notifications) ------------
# Everyone's own: exempt from the matrix. A bare ``pk`` names a notification of organisation A's
# member ("own"); any other person's answers 404 like a missing one.

def _notification(world: World, target: str, route: str = ""):
    from phonlap.core.notifications import notify

    return notify(users=[world.members[_side(target)]], kind="test", subject="Test",
                  body="")[0].pk


PK_BY_ROUTE += [
    (r"notifications/<int:pk>/", Kwarg(_notification, object_scoped=False)),
    (r"api/v1/notifications/", Kwarg(_notification, object_scoped=False)),
]


# --- review results (review.result_urls) ---------------------------------------------------------
# ``review/proposals/<pk>/…`` names a proposal (the world's, see ``_proposal``);
# ``review/results/<pk>/…`` a submitted screening result of that proposal's revision 1.

def _stage_result(world: World, target: str, route: str = ""):
    key = ("stage_result", target)
    if key not in world.extra:
        from phonlap.funds.models import Fund
        from phonlap.proposals.models import Proposal

        proposal = Proposal.objects.get(pk=_proposal(world, target))
        stage = Fund.objects.get(code="disability-education").stages.get(order=0)
        staff = world.users[STAFF]
        world.extra[key] = apps.get_model("review.StageResult").objects.create(
            proposal=proposal, revision=proposal.revisions.get(number=1), stage=stage,
            stage_order=stage.order, stage_name_th=stage.name_th, stage_name_en=stage.name_en,
            stage_form=stage.form, rubric=stage.rubric, applicant_type="private",
            status="submitted", outcome="passed", recorded_by=staff, submitted_by=staff,
            submitted_at=timezone.now(),
        )
    return world.extra[key].pk


PK_BY_ROUTE += [
    (r"review/proposals/", Kwarg(_proposal)),
    (r"review/results/", Kwarg(_stage_result)),
]


# --- review API (api.v1.review) -----------------------------------------------------------------
# ``api/v1/sessions/<pk>/`` and ``api/v1/results/<pk>/`` name the same objects as the review pages
# (``_session``, ``_stage_result``); ``proposals/<proposal_pk>/results/`` the world's proposal.
# Rubric versions and stages are public data (matrix-exempt): any existing one does.

def _rubric(world: World, target: str, route: str = ""):
    return apps.get_model("funds.Rubric").objects.order_by("pk").values_list("pk", flat=True).first()


def _review_stage(world: World, target: str, route: str = ""):
    return apps.get_model("funds.ReviewStage").objects.order_by("pk").values_list("pk", flat=True).first()


PK_BY_ROUTE += [
    (r"api/v1/sessions/", Kwarg(_session)),
    (r"api/v1/results/", Kwarg(_stage_result)),
    (r"api/v1/rubrics/", Kwarg(_rubric, object_scoped=False)),
    (r"api/v1/stages/", Kwarg(_review_stage, object_scoped=False)),
]


# --- monitoring API (api.v1.monitoring) ----------------------------------------------------------
# One funded project per side: organisation A's drafted by the project manager A ("own"),
# organisation B's by B's manager ("other"), approved for fiscal year 2569 (all its quarters have
# begun). Its plan has the seeded budget plan, one indicator with a Q1 plan and a Q1 result, and
# so the Q1 report (a draft). ``monitoring_plan(world, target)`` returns the plan; the others
# reach the plan's indicator, result, budget plan and report.

def monitoring_plan(world: World, target: str):
    key = ("monitoring_plan", target)
    if key not in world.extra:
        import datetime
        from decimal import Decimal

        from phonlap.funds.models import Fund
        from phonlap.monitoring import domain as monitoring
        from phonlap.proposals import domain
        from phonlap.proposals.models import Proposal, ProposalRevision

        owner = _proposal_owner(world, target)
        proposal = domain.create_proposal(actor=owner, organisation=world.organisations[_side(target)],
                                          fund=Fund.objects.get(code="disability-education"))
        revision = ProposalRevision.objects.create(proposal=proposal, number=1, content=proposal.content,
                                                   name="Funded", submitted_by=owner)
        Proposal.objects.filter(pk=proposal.pk).update(latest_revision_number=1, status="approved",
                                                       submitted_at=timezone.now())
        staff = world.users[STAFF]
        project = monitoring.start_funded_project(
            actor=staff, proposal=proposal, revision=revision, approved_amount=Decimal("90000.00"),
            signed_off_on=datetime.date(2025, 12, 20))
        plan = project.plans.get()
        indicator = monitoring.save_indicator(
            actor=staff, plan=plan, programme=plan.programmes.get(), name="Trained", unit="persons",
            annual_target="40", quarter_plans={1: "10", 2: "10", 3: "10", 4: "10"})
        result = monitoring.record_result(actor=owner, indicator=indicator, quarter=1, value="12")
        world.extra[key] = plan
        world.extra[("monitoring_indicator", target)] = indicator
        world.extra[("monitoring_result", target)] = result
        world.extra[("monitoring_report", target)] = monitoring.open_report(plan=plan, quarter=1)
    return world.extra[key]


def _monitoring(name: str):
    def value(world: World, target: str, route: str = ""):
        monitoring_plan(world, target)
        return world.extra[(name, target)].pk
    return value


def _monitoring_budget_plan(world: World, target: str, route: str = ""):
    return monitoring_plan(world, target).budget_plans.get().pk


PK_BY_ROUTE += [
    (r"api/v1/monitoring/plans/", Kwarg(_monitoring("monitoring_plan"))),
    (r"api/v1/monitoring/indicators/", Kwarg(_monitoring("monitoring_indicator"))),
    (r"api/v1/monitoring/results/", Kwarg(_monitoring("monitoring_result"))),
    (r"api/v1/monitoring/budget-plans/", Kwarg(_monitoring_budget_plan)),
    (r"api/v1/monitoring/reports/", Kwarg(_monitoring("monitoring_report"))),
]


# --- monitoring quarterly reports (monitoring.report_urls) ---------------------------------------
# Reuses the API's funded project per side (``monitoring_plan``): ``monitoring/reports/<pk>/…``
# names its Q1 report (a draft with its result), ``monitoring/reports/plans/<pk>/quarters/
# <quarter>/`` its plan (quarter 1), ``monitoring/reports/evidence/<pk>/`` an evidence file of its
# Q1 result.

def _monitoring_evidence(world: World, target: str, route: str = ""):
    key = ("monitoring_evidence", target)
    if key not in world.extra:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from phonlap.monitoring import domain as monitoring

        monitoring_plan(world, target)
        world.extra[key] = monitoring.add_evidence(
            actor=world.users[STAFF], result=world.extra[("monitoring_result", target)],
            upload=SimpleUploadedFile("evidence.pdf", PDF_BYTES, content_type="application/pdf"))
    return world.extra[key].pk


KWARGS.setdefault("quarter", Kwarg(_first, object_scoped=False))  # quarter 1 (it has begun)
PK_BY_ROUTE += [
    (r"monitoring/reports/evidence/", Kwarg(_monitoring_evidence)),
    (r"monitoring/reports/plans/", Kwarg(_monitoring("monitoring_plan"))),
    (r"monitoring/reports/", Kwarg(_monitoring("monitoring_report"))),
]


# --- monitoring plan pages (monitoring.plan_urls) ------------------------------------------------
# Reuse the API's funded project per side (``monitoring_plan``): ``monitoring/plans/<pk>/…`` names
# its plan (exports under it too), ``monitoring/indicators/<pk>/`` its indicator,
# ``monitoring/budget-plans/<pk>/`` its budget plan. A fund's own (organisation) plan is reached
# only by "all" scopes, so it cannot stand for "own"; ``organisation_plan`` makes one for pages
# that need it.

def organisation_plan(world: World):
    key = ("organisation_plan",)
    if key not in world.extra:
        from phonlap.funds.models import Fund
        from phonlap.monitoring import domain as monitoring

        world.extra[key] = monitoring.create_plan(
            actor=world.users[STAFF], fund=Fund.objects.get(code="se-promotion"),
            fiscal_year=2569, name="Organisation plan")
    return world.extra[key]


PK_BY_ROUTE += [
    (r"monitoring/plans/", Kwarg(_monitoring("monitoring_plan"))),
    (r"monitoring/indicators/", Kwarg(_monitoring("monitoring_indicator"))),
    (r"monitoring/budget-plans/", Kwarg(_monitoring_budget_plan)),
]
