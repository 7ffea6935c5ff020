"""The matrix-driven permission test (spec 07 "Security", ARCHITECTURE §Conventions 8).

1. Every view the project routes declares its permission-matrix rows (``@requires``) or says why
   none governs it (``@matrix_exempt``): a new view with neither fails here.
2. Every such view answers every persona as the LIVE matrix says: a role holding a scope in the
   view's row gets the page (200, or a redirect that is not to sign-in); a role without one gets
   404 (signed in) or is sent to sign in (anonymous). Views taking an object get it twice: the
   persona's own (organisation A) and another organisation's (B), where "own" / "own
   organisation" scopes must give 404.

Expected answers are computed from ``permissions.scopes`` at run time, not written down here, so
editing the default matrix changes what this test expects. Keyword arguments come from
``tests/matrix_support.KWARGS`` (extend it when a module adds URLs with new kwarg names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from phonlap.accounts import matrix, permissions
from phonlap.accounts.roles import roles_of
from tests import matrix_support as ms

# URLs not walked, by the module of the view, with the reason.
EXCLUDED_MODULES = {
    "allauth.": "django-allauth's own pages (sign-in, sign-up, verification, password reset, "
                "e-mail management, TOTP): they gate themselves (anonymous-only or signed-in-only) "
                "and no matrix row governs signing in; our wrappers in phonlap.accounts are walked",
    "django.views.i18n": "the language switch and JavaScript catalogue: public, hold no data",
    "django.views.static": "static files (development only)",
    "django.contrib.staticfiles.": "static files (development only)",
}
# URL namespaces (include app_name) not walked.
EXCLUDED_APP_NAMES = {
    "admin": "Django admin: its own staff sign-in (is_staff) and model permissions",
}
# Route kwargs that only repeat a view under another form (DRF's ``.json`` suffix patterns).
DUPLICATE_KWARGS = {"format": "DRF format-suffix variant of a view already walked"}


@dataclass(frozen=True)
class Endpoint:
    route: str
    name: str | None
    callback: object
    kwargs: tuple[str, ...]
    app_names: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.name or self.route or "/"


def _route_text(pattern) -> str:
    return str(pattern).lstrip("^").rstrip("$").replace("\\Z", "")


def _kwarg_names(pattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters:
        return tuple(converters)
    return tuple(pattern.pattern.regex.groupindex)


def walk(patterns, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = (),
         app_names: tuple[str, ...] = ()):
    for pattern in patterns:
        names = kwargs + _kwarg_names(pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + _route_text(pattern.pattern), ns, names,
                            (*app_names, pattern.app_name or ""))
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Endpoint(prefix + _route_text(pattern.pattern), name, pattern.callback, names,
                           app_names)


def excluded_reason(endpoint: Endpoint) -> str | None:
    for app_name in endpoint.app_names:
        if app_name in EXCLUDED_APP_NAMES:
            return EXCLUDED_APP_NAMES[app_name]
    module = getattr(endpoint.callback, "__module__", "") or ""
    view_class = view_class_of(endpoint.callback)
    if view_class is not None:
        module = view_class.__module__
    for prefix, reason in EXCLUDED_MODULES.items():
        if module.startswith(prefix) or module == prefix.rstrip("."):
            return reason
    for kwarg, reason in DUPLICATE_KWARGS.items():
        if kwarg in endpoint.kwargs:
            return reason
    return None


def view_class_of(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def _action(callback) -> str | None:
    """The DRF action a route reaches with the method ``fetch`` ends up using (GET, else POST)."""
    actions = getattr(callback, "actions", None) or {}
    return actions.get("get") or actions.get("post") or next(iter(actions.values()), None)


def declared(callback):
    """(rows, exemption reason) declared by a function view, a class-based view or a DRF view
    (``matrix_rows`` on the class, refined per action by ``matrix_action_rows``)."""
    holders = [callback]
    view_class = view_class_of(callback)
    if view_class is not None:
        holders += [view_class, getattr(view_class, "dispatch", None)]
    for holder in holders:
        if holder is None:
            continue
        rows = getattr(holder, "matrix_rows", None)
        by_action = getattr(holder, "matrix_action_rows", None) or {}
        action = _action(callback)
        if action in by_action:
            rows = by_action[action]
        exempt = getattr(holder, "matrix_exempt", None)
        if rows or exempt:
            return (tuple(rows) if rows else None), exempt
    return None, None


ALL = list(walk(get_resolver().url_patterns))
WALKED = [e for e in ALL if excluded_reason(e) is None]
GOVERNED = [e for e in WALKED if declared(e.callback)[0]]
EXEMPT = [e for e in WALKED if not declared(e.callback)[0] and declared(e.callback)[1]]


def test_the_walk_finds_the_project_urls():
    names = {e.name for e in WALKED}
    assert {"home", "matrix:editor", "matrix:access_log"} <= names
    assert not any(e.route.startswith("admin/") for e in WALKED)


@pytest.mark.parametrize("endpoint", WALKED, ids=[e.id for e in WALKED])
def test_every_view_declares_matrix_rows_or_an_exemption(endpoint):
    rows, exempt = declared(endpoint.callback)
    assert rows or exempt, (
        f"/{endpoint.route} ({endpoint.name}) has neither @requires(row) nor @matrix_exempt(reason)"
    )
    for row in rows or ():
        assert row in matrix.ROW_CODES, f"/{endpoint.route} names unknown matrix row {row!r}"


# --- answers by persona, from the live matrix ---


def _object_scoped(endpoint: Endpoint) -> bool:
    return any((ms.kwarg_for(k, endpoint.route) or ms.Kwarg(None, False)).object_scoped
               for k in endpoint.kwargs)


def cases(endpoints):
    for endpoint in endpoints:
        targets = (ms.OWN, ms.OTHER) if _object_scoped(endpoint) else (ms.OWN,)
        for persona in ms.PERSONAS:
            for target in targets:
                suffix = f"|{target}" if len(targets) > 1 else ""
                case_id = f"{endpoint.id}|{persona}{suffix}"
                marks = [
                    pytest.mark.xfail(reason=f"known view issue: {reason}", strict=True)
                    for prefix, reason in ms.KNOWN_VIEW_ISSUES.items()
                    if case_id.startswith(prefix)
                ]
                yield pytest.param(endpoint, persona, target, id=case_id, marks=marks)


GOVERNED_CASES = list(cases(GOVERNED))


def build_url(endpoint: Endpoint, world, target: str) -> str:
    values = {}
    for name in endpoint.kwargs:
        kwarg = ms.kwarg_for(name, endpoint.route)
        if kwarg is None:
            raise LookupError(
                f"/{endpoint.route}: no value for URL kwarg {name!r}; add it to "
                "tests/matrix_support.py KWARGS (or PK_BY_ROUTE)"
            )
        values[name] = kwarg.value(world, target, endpoint.route)
    if endpoint.name:
        return reverse(endpoint.name, kwargs=values)
    path = endpoint.route
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
    return "/" + path


def fetch(client, url: str):
    """GET the page; a POST-only view (405) is tried with an empty POST instead."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def is_sign_in_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    return response["Location"].split("?")[0] == reverse("account_login")


def is_refusal(endpoint: Endpoint, response) -> bool:
    target = ms.REFUSALS.get(endpoint.name or "")
    if isinstance(target, int):
        return response.status_code == target
    if not target or response.status_code not in (301, 302, 303):
        return False
    from django.urls import resolve

    try:
        return resolve(response["Location"].split("?")[0]).view_name == target
    except Exception:
        return False


def expected_allowed(endpoint: Endpoint, persona: str, target: str, user) -> tuple[bool, set]:
    rows, _ = declared(endpoint.callback)
    roles = roles_of(user)
    scopes = set().union(*(permissions.scopes(row, roles) for row in rows))
    return ms.reaches(persona, target, scopes, object_scoped=_object_scoped(endpoint)), scopes


@pytest.mark.parametrize(("endpoint", "persona", "target"), GOVERNED_CASES)
def test_view_answers_as_the_live_matrix_says(client, db, endpoint, persona, target):
    world = ms.build_world()
    user = world.users[persona]
    url = build_url(endpoint, world, target)
    if user is not None:
        client.force_login(user)
    allowed, scopes = expected_allowed(endpoint, persona, target, world.user(persona))
    response = fetch(client, url)
    api = endpoint.route.startswith("api/")
    status = response.status_code
    where = f"{url} as {persona} (scopes {sorted(scopes) or 'none'}): {status} " \
            f"{response.get('Location', '')}"
    assert status < 500, where
    if allowed:
        assert status not in (401, 403, 404), f"expected access, {where}"
        assert not is_sign_in_redirect(response), f"expected access, {where}"
    elif ms.gate_redirect(response, persona):
        pass  # the account gate steps in before the view: no access either way
    elif user is not None and is_refusal(endpoint, response):
        pass  # the domain refused with a message, on an object the user may see (see REFUSALS)
    elif user is None:
        if api:
            assert status in (401, 403), f"expected refusal, {where}"
        else:
            assert is_sign_in_redirect(response), f"expected the sign-in page, {where}"
    else:
        expected = (403, 404) if api else (404,)
        assert status in expected, f"expected {' or '.join(map(str, expected))}, {where}"


EXEMPT_CASES = [c for c in cases(EXEMPT) if c.values[2] == ms.OWN]


@pytest.mark.parametrize(("endpoint", "persona", "target"), EXEMPT_CASES)
def test_exempt_view_never_fails_with_a_server_error(client, db, endpoint, persona, target):
    world = ms.build_world()
    url = build_url(endpoint, world, target)  # a LookupError means: extend matrix_support
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    response = client.get(url)
    assert response.status_code < 500, f"{url} as {persona}: {response.status_code}"


def test_a_matrix_edit_changes_the_expectation(db):
    """The expectations really come from the live matrix: removing staff's row 12 flips it."""
    world = ms.build_world()
    endpoint = next(e for e in GOVERNED if e.name == "matrix:access_log")
    staff = world.users[ms.STAFF]
    assert expected_allowed(endpoint, ms.STAFF, ms.OWN, staff)[0]
    permissions.update_matrix(actor=world.users[ms.SUPER_USER], changes={("12", "staff"): ""})
    assert not expected_allowed(endpoint, ms.STAFF, ms.OWN, staff)[0]
