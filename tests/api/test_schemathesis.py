"""Fuzz the API from its own OpenAPI schema (spec 07): no server error, and every answer matches
the schema. Positive and negative examples for every operation, signed in with the token of a
user who manages an organisation (with a pending request and a second member to act on).

Database: requests go through the WSGI application in this thread, on the test's own connection.
Django's handler would close that connection at the end of every request (``close_old_connections``),
which the test client avoids by disconnecting it; we do the same, so an ordinary rolled-back test
transaction works on SQLite and PostgreSQL alike, and each operation starts from the same data.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.factories import StaffFactory, UserFactory
from tests.organisations.factories import (
    SUBDISTRICT_CODE,
    ManagerFactory,
    MembershipFactory,
    PendingFactory,
)

FUZZ_RATES = {"user": "100000/hour", "anon": "100000/hour", "token": "100000/hour"}


@pytest.fixture
def fuzz_app(db):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        # Generous limits: the throttles have their own tests; here they would only hide code.
        with override_settings(REST_FRAMEWORK={
            "DEFAULT_THROTTLE_RATES": FUZZ_RATES,
            "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
            "PAGE_SIZE": 30,
            "EXCEPTION_HANDLER": "phonlap.api.exceptions.exception_handler",
            "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        }):
            yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    """The manager's organisation (with a pending request and a member), another organisation,
    and a verified user who could be added by e-mail. Returns the token and the ids to aim at."""
    manager = ManagerFactory(user=UserFactory(email="manager@example.org", language="en"))
    organisation = manager.organisation
    pending = PendingFactory(organisation=organisation)
    member = MembershipFactory(organisation=organisation)
    elsewhere = MembershipFactory()
    UserFactory(email="somchai@example.org")  # the schema's example for adding a member
    return {
        "manager": manager,
        "token": Token.objects.create(user=manager.user).key,
        "organisations": [organisation.pk, elsewhere.organisation_id],
        "memberships": [pending.pk, member.pk, manager.pk, elsewhere.pk],
    }


def aim(case, world):
    """Random integer ids would almost always miss (404); point generated integers at objects
    that exist, ours and another organisation's, so the fuzzing reaches the domain code.
    Non-integer (negative-mode) values are left alone."""
    if case.path.startswith("/api/v1/proposals"):
        aim_at_proposals(case, world)
        return
    for name, value in list((case.path_parameters or {}).items()):
        if isinstance(value, int) and not isinstance(value, bool):
            ids = world["memberships"] if name == "id" and "members" in case.path else world["organisations"]
            case.path_parameters[name] = ids[value % len(ids)]
    # Likewise a generated subdistrict code is almost never one of the 7,000 that exist.
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("subdistrict"), str) and body["subdistrict"].isdigit():
        body["subdistrict"] = SUBDISTRICT_CODE


def proposal_world(world):
    """Proposals for the manager's organisation in several states, and another organisation's;
    made once per operation, only for the proposal operations (they cost a little)."""
    if "proposals" not in world:
        from phonlap.proposals import domain
        from phonlap.proposals.enums import ProposalStatus
        from tests.proposals import factories as pf

        manager = world["manager"]
        organisation = manager.organisation
        pm = MembershipFactory(organisation=organisation).user
        ready = pf.draft(pm=pm, organisation=organisation, complete=True)
        # Returned twice: revisions 1 and 2 (something to diff), now a draft again.
        returned, other_pm, other_om = pf.proposal_in(ProposalStatus.RETURNED)
        staff = StaffFactory()
        domain.create_next_revision(actor=other_pm, proposal=returned)
        domain.submit_proposal(actor=other_om, proposal=returned)
        domain.return_proposal(actor=staff, proposal=returned, reason="Again")
        domain.create_next_revision(actor=other_pm, proposal=returned)
        # Hand the returned one to our organisation's view: its manager is ours.
        ManagerFactory(user=manager.user, organisation=returned.organisation)
        deleted = pf.draft(pm=pm, organisation=organisation)
        domain.delete_draft(actor=pm, proposal=deleted)
        elsewhere = pf.draft(complete=True)
        world["proposals"] = [ready.pk, returned.pk, deleted.pk, elsewhere.pk]
        world["attachments"] = [a.pk for p in (ready, returned, elsewhere)
                                for a in p.attachments.all()]
    return world


def aim_at_proposals(case, world):
    proposal_world(world)
    for name, value in list((case.path_parameters or {}).items()):
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        if name == "number":
            case.path_parameters[name] = 1 + value % 2
        elif name == "id" and "/attachments/" in case.path:
            case.path_parameters[name] = world["attachments"][value % len(world["attachments"])]
        elif name in ("id", "proposal_pk"):
            case.path_parameters[name] = world["proposals"][value % len(world["proposals"])]
    query = case.query if isinstance(case.query, dict) else {}
    for name in ("a", "b"):
        if isinstance(query.get(name), int) and not isinstance(query[name], bool):
            query[name] = 1 + query[name] % 2
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("organisation"), int) and not isinstance(body["organisation"], bool):
        body["organisation"] = world["organisations"][body["organisation"] % 2]
    if isinstance(body.get("fund"), str):
        body["fund"] = "disability-education"
    if "call" in body:
        body["call"] = None


# Loaded at collection: the schema view needs no database. (``schemathesis.pytest.from_fixture``
# would load it lazily, but schemathesis 4.32 breaks on pytest 9's nodes, ``_nodeid``.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
# The proposal operations are many: they run with fewer examples (below) to bound the runtime.
PROPOSALS = r"^/api/v1/proposals"


@schema.exclude(path_regex=PROPOSALS).parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.target],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, fuzz_app, world):
    aim(case, world)
    case.call_and_validate(
        headers={"Authorization": f"Token {world['token']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )


@schema.include(path_regex=PROPOSALS).parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_proposal_api_conforms_to_its_schema(case, fuzz_app, world):
    aim(case, world)
    case.call_and_validate(
        headers={"Authorization": f"Token {world['token']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
