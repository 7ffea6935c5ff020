"""Who may do what to which monitoring plan (rows 13.1–13.5, our reading †: spec 01's table
has no monitoring rows). The matrix row says whether a role may act at all; these predicates say
whether its scope reaches *this* plan.

Scopes: ``all`` (staff, super user), ``own_org`` (a manager of the funded project's
organisation), ``own`` (the project manager who drafted the funded proposal, while still a member
of its organisation). A fund's own (organisation-level) plan is reached only by ``all``."""

from __future__ import annotations

import rules

from phonlap.accounts.access import allowed_scopes
from phonlap.accounts.enums import Scope
from phonlap.organisations.rules import is_manager_of, is_member_of

VIEW, REPORT, REVIEW, MANAGE, DASHBOARD = "13.1", "13.2", "13.3", "13.4", "13.5"


def reaches(user, row: str, plan) -> bool:
    if plan is None:
        return False
    return reaches_project(user, row, plan.funded_project)


def reaches_project(user, row: str, project) -> bool:
    """Whether ``row``'s scope reaches the funded ``project`` (None: a fund's own plan)."""
    if not getattr(user, "is_authenticated", False):
        return False
    scopes = allowed_scopes(user, row)
    if Scope.ALL in scopes:
        return True
    if project is None:
        return False
    if Scope.OWN_ORGANISATION in scopes and is_manager_of(user, project.organisation):
        return True
    return (Scope.OWN in scopes and project.proposal.created_by_id == user.pk
            and is_member_of(user, project.organisation))


@rules.predicate
def can_view_plan(user, plan) -> bool:
    return reaches(user, VIEW, plan)


@rules.predicate
def can_report_on_plan(user, plan) -> bool:
    """Row 13.2: enter results, disbursement and obstacles; submit the quarterly report."""
    return reaches(user, REPORT, plan)


@rules.predicate
def can_review_reports(user, plan) -> bool:
    """Row 13.3: accept or return a submitted report."""
    return reaches(user, REVIEW, plan)


@rules.predicate
def can_manage_plan(user, plan) -> bool:
    """Row 13.4: create and edit the plan's structure, indicators, targets and budget plans."""
    return reaches(user, MANAGE, plan)


@rules.predicate
def can_plan_project(user, project) -> bool:
    """Row 13.4 for a funded project: make its plan for another fiscal year."""
    return project is not None and reaches_project(user, MANAGE, project)


PERMISSIONS = {
    "monitoring.view_plan": can_view_plan,
    "monitoring.report_on_plan": can_report_on_plan,
    "monitoring.review_reports": can_review_reports,
    "monitoring.manage_plan": can_manage_plan,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
