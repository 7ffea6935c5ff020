"""The default permission matrix of spec 01 (table 2), as plain data (pure: no Django).

Rows are keyed by the spec's numbers. Each maps a role to a scope (see ``enums.Scope``; a
missing role means "not allowed"). Super users edit the live matrix (row 11); these defaults
seed it and are what ``reset`` restores. Rows marked † in the spec are our reading of the seed.
"""

from __future__ import annotations

from typing import NamedTuple

UNREG, PM, OM, STAFF, COMMITTEE, SUPER = (
    "unregistered", "project_manager", "organisation_manager", "staff", "committee", "super_user",
)
ROLES = (UNREG, PM, OM, STAFF, COMMITTEE, SUPER)


class Row(NamedTuple):
    code: str
    label: str  # English; translated through the catalogue where shown
    cells: dict[str, str]


DEFAULT_MATRIX: tuple[Row, ...] = (
    Row("1", "Create a user account",
        {UNREG: "self_sign_up", STAFF: "committee_accounts", SUPER: "all"}),
    Row("2.1", "Create a proposal", {PM: "all", OM: "all"}),
    Row("2.2", "View a proposal",
        {PM: "own", OM: "own_org", STAFF: "all", COMMITTEE: "own_sessions", SUPER: "all"}),
    Row("2.3", "Edit a proposal (draft only)", {PM: "own", OM: "own_org"}),
    Row("2.4", "Delete a proposal (draft only)", {PM: "own", OM: "own_org"}),
    Row("2.5", "Restore a deleted proposal", {OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("2.6", "Submit a proposal to the fund", {OM: "own_org"}),
    Row("2.7", "Change a proposal's review status", {STAFF: "all"}),
    Row("3.1", "Create an organisation", {PM: "all", OM: "all", SUPER: "all"}),
    Row("3.2", "View an organisation",
        {PM: "all", OM: "all", STAFF: "all", COMMITTEE: "all", SUPER: "all"}),
    Row("3.3", "Edit an organisation", {OM: "own_org"}),
    Row("3.4", "Delete an organisation", {SUPER: "all"}),
    Row("4.1", "Edit another user's data", {STAFF: "all", SUPER: "all"}),
    Row("4.2", "Change own account status (deactivate)",
        {PM: "own", OM: "own", STAFF: "own", SUPER: "own"}),
    Row("4.3", "Change status of other users of the organisation",
        {OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("4.4", "Add a user to an organisation", {OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("4.5", "Leave an organisation", {PM: "own", OM: "not_last_manager", SUPER: "own"}),
    Row("4.6", "Remove another user from an organisation",
        {OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("5.1", "Appoint an organisation manager", {OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("5.2", "Appoint staff", {STAFF: "all", SUPER: "all"}),
    Row("5.3", "Appoint committee members", {STAFF: "all", SUPER: "all"}),
    Row("6", "Create or edit an evaluation session", {STAFF: "all"}),
    Row("7", "View an evaluation session",
        {STAFF: "all", COMMITTEE: "own_sessions", SUPER: "all"}),
    Row("8", "Record review results", {STAFF: "all"}),
    Row("9", "View review results",
        {PM: "own", OM: "own_org", STAFF: "all", COMMITTEE: "own_sessions", SUPER: "all"}),
    Row("10", "View application statistics",
        {UNREG: "public", PM: "all", OM: "all", STAFF: "all", COMMITTEE: "all", SUPER: "all"}),
    Row("11", "Edit the permission matrix", {SUPER: "all"}),
    Row("12", "View the access log", {STAFF: "all", SUPER: "all"}),
    # Monitoring (spec 04) is not in the seed's table: rows 13.x are our reading (†).
    Row("13.1", "View monitoring plans and quarterly reports",
        {PM: "own", OM: "own_org", STAFF: "all", SUPER: "all"}),
    Row("13.2", "Enter results and disbursement, submit quarterly reports",
        {PM: "own", OM: "own_org", STAFF: "all"}),
    Row("13.3", "Accept or return quarterly reports", {STAFF: "all"}),
    Row("13.4", "Create or edit monitoring plans, indicators and budget", {STAFF: "all"}),
    Row("13.5", "View the monitoring dashboard", {STAFF: "all", COMMITTEE: "all", SUPER: "all"}),
)

ROW_CODES = tuple(row.code for row in DEFAULT_MATRIX)


def default_cells() -> dict[tuple[str, str], str]:
    """{(row code, role): scope} for every cell, "" where the spec leaves it empty."""
    return {
        (row.code, role): row.cells.get(role, "")
        for row in DEFAULT_MATRIX
        for role in ROLES
    }


def scopes_for(cells: dict[tuple[str, str], str], row: str, roles) -> set[str]:
    """The scopes that ``roles`` hold for ``row`` ("" never included)."""
    if row not in ROW_CODES:
        raise KeyError(f"no such matrix row: {row}")
    return {cells.get((row, role), "") for role in roles} - {""}
