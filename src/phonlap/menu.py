"""The main menu, built in Python from the user's roles and the live permission matrix.

Templates only loop over ``menu_items``: no permission logic lives in them (spec 01). An entry
appears when one of the user's roles holds its matrix row (and, for entries meant for some
roles only, the user holds one of those) *and* one of its URL names resolves: modules that have
not landed yet simply do not show up.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from phonlap.accounts.access import has_row
from phonlap.accounts.enums import Role
from phonlap.accounts.roles import roles_of

EXTERNAL = frozenset({Role.PROJECT_MANAGER, Role.ORGANISATION_MANAGER})
INTERNAL = frozenset({Role.STAFF, Role.COMMITTEE, Role.SUPER_USER})


@dataclass(frozen=True)
class Entry:
    label: str
    url_names: tuple[str, ...]
    row: str | None = None  # None: every signed-in user
    roles: frozenset[str] | None = None  # None: any role holding the row
    unless_row: str | None = None  # hidden from users holding this row (another entry serves them)
    signed_in: bool = True
    module: str = ""  # the module that brings the page; shown on the home page until it lands


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class Placeholder:
    """A page the user's roles allow whose module has not landed yet."""

    label: str
    module: str


ENTRIES: tuple[Entry, ...] = (
    Entry(_("Home"), ("home",)),
    Entry(_("My organisations"), ("organisations:mine", "organisations:list"), row="3.2", roles=EXTERNAL),
    Entry(_("Organisations"), ("organisations:list",), row="3.2", roles=INTERNAL),
    Entry(_("Proposals"), ("proposals:list",), row="2.2", module=_("the proposals module")),
    Entry(_("Evaluation sessions"), ("review:session_list", "review:sessions"), row="7",
          module=_("the review module")),
    Entry(_("Monitoring"), ("monitoring:plans",), row="13.1", module=_("the monitoring module")),
    Entry(_("Monitoring"), ("monitoring:dashboard",), row="13.5", unless_row="13.1",
          module=_("the monitoring module")),
    Entry(_("Users"), ("staff_users:list", "staff_users:index"), row="4.1"),
    Entry(_("Committee accounts"), ("staff_users:committee_list", "staff_users:committee_create"),
          row="1", roles=frozenset({Role.STAFF, Role.SUPER_USER})),
    Entry(_("Statistics"), ("portal:statistics",), row="10", signed_in=False,
          module=_("the public portal")),
    Entry(_("Permission matrix"), ("matrix:editor",), row="11"),
    Entry(_("Access log"), ("matrix:access_log",), row="12"),
    Entry(_("My account"), ("me:account", "accounts:profile")),
)


def first_url(names) -> str | None:
    """The first of ``names`` that resolves (without arguments), or None."""
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _visible(entry: Entry, user, roles) -> bool:
    if entry.signed_in and not user.is_authenticated:
        return False
    if entry.roles is not None and not (roles & entry.roles):
        return False
    if entry.unless_row is not None and has_row(user, entry.unless_row):
        return False
    return entry.row is None or has_row(user, entry.row)


def build_menu(user, path: str = "") -> list[MenuItem]:
    roles = roles_of(user)
    items = []
    for entry in ENTRIES:
        if not _visible(entry, user, roles):
            continue
        url = first_url(entry.url_names)
        if url is None:
            continue
        current = path == url or (url != "/" and path.startswith(url))
        items.append(MenuItem(label=entry.label, url=url, current=current))
    return items


def coming_soon(user) -> list[Placeholder]:
    """Entries the user may use once their module lands (shown as cards on the home page)."""
    roles = roles_of(user)
    return [
        Placeholder(label=entry.label, module=entry.module)
        for entry in ENTRIES
        if entry.module and _visible(entry, user, roles) and first_url(entry.url_names) is None
    ]


def main_menu(request):
    """Context processor: ``menu_items`` for the main menu, computed only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None:
        return {"menu_items": []}
    return {"menu_items": SimpleLazyObject(lambda: build_menu(user, request.path))}
