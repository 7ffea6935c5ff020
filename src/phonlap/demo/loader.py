"""Build the demo data through the apps' own domain functions, idempotently.

Accounts are created directly (as ``createsuperuser`` would: the demo is bootstrapping the
installation); everything after that — consent, profiles, organisations, memberships — goes
through the domain functions, so the demo data obeys the same rules and audit trail as real
data. Running it again changes nothing."""

from __future__ import annotations

import datetime
import importlib
import struct
import zlib
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from phonlap.accounts.models import User
from phonlap.core import fiscal
from phonlap.core import national_id as nid
from phonlap.funds.models import Call, Fund
from phonlap.organisations import domain as organisations
from phonlap.organisations.models import Membership, Organisation

from . import data, monitoring


class DemoRefused(Exception):
    """Raised outside demo mode: demo passwords must never exist on a real installation."""


@dataclass
class DemoAccount:
    key: str
    email: str
    password: str
    role: str


@dataclass
class DemoResult:
    accounts: list[DemoAccount] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _optional(module: str):
    """Profiles and consent arrive with the accounts app's domain; skip them where absent."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _national_id(first_twelve: str) -> str:
    return first_twelve + str(nid.check_digit(first_twelve))


def _png_1x1() -> bytes:
    """A real, tiny PNG (a grey pixel) standing in for a scanned ID card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b""))


def _user(spec: dict, result: DemoResult) -> User:
    user = User.objects.filter(email=spec["email"]).first()
    if user is None:
        user = User.objects.create_user(
            email=spec["email"], password=data.DEMO_PASSWORD, title=spec["title"],
            first_name=spec["first_name"], last_name=spec["last_name"],
            is_superuser=spec.get("is_superuser", False),
            is_staff=spec.get("is_superuser", False) or spec.get("is_fund_staff", False),
            is_fund_staff=spec.get("is_fund_staff", False),
            is_committee=spec.get("is_committee", False), phone=spec.get("phone", ""),
        )
        result.count("users")
    EmailAddress.objects.get_or_create(
        user=user, email=user.email,
        defaults={"verified": spec.get("verified", True), "primary": True},
    )
    return user


def _consent(user: User) -> None:
    consent = _optional("phonlap.accounts.domain.consent")
    if consent is None:
        return
    pending = consent.pending_policies(user)
    if pending:
        consent.record_consent(user=user, versions=pending, ip=None)


def _profile(user: User, spec: dict) -> None:
    profile = _optional("phonlap.accounts.domain.profile")
    if profile is None or not spec.get("national_id"):
        return
    existing = getattr(user, "profile", None)  # the reverse one-to-one may be missing
    if existing is not None and existing.completed_at is not None:
        return
    profile.complete_profile(
        user=user, title=spec["title"], first_name=spec["first_name"], last_name=spec["last_name"],
        mobile="08" + spec["national_id"][-8:], position=spec.get("position", ""),
        national_id=_national_id(spec["national_id"]),
        id_card_image=ContentFile(_png_1x1(), name="id-card.png"),
    )


def _organisation(actor: User, spec: dict, result: DemoResult) -> Organisation:
    existing = Organisation.objects.visible().filter(name=spec["name"]).first()
    if existing is not None:
        return existing
    from phonlap.organisations.models import Subdistrict

    fields = {k: v for k, v in spec.items() if k != "subdistrict"}
    fields["subdistrict"] = Subdistrict.objects.get(code=spec["subdistrict"])
    for coordinate in ("latitude", "longitude"):
        if coordinate in fields:
            from decimal import Decimal

            fields[coordinate] = Decimal(fields[coordinate])
    organisation = organisations.create_organisation(actor=actor, fields=fields)
    result.count("organisations")
    return organisation


def _open_call(fund_code: str, today: datetime.date, result: DemoResult) -> Call:
    seed = importlib.import_module("phonlap.funds.migrations.0002_seed_funds")
    defaults = next(f for f in seed.FUNDS if f["code"] == fund_code)
    fund, _ = Fund.objects.get_or_create(code=fund_code, defaults=defaults)
    open_now = fund.calls.filter(opens_on__lte=today, closes_on__gte=today).first()
    if open_now is not None:
        return open_now
    fy = fiscal.fiscal_year(today)
    names = {k: v.format(fy=fy) for k, v in data.CALLS[fund_code].items()}
    call = Call.objects.create(
        fund=fund, opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=75), **names,
    )
    result.count("calls")
    return call


def _demo_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _proposal_sections(spec: dict, today: datetime.date) -> dict:
    def day(offset: int) -> str:
        return (today + datetime.timedelta(days=offset)).isoformat()

    def budget(amount: str) -> str:  # scaled, in whole hundreds of baht
        return str(int(Decimal(amount) * scale / 100) * 100)

    scale = Decimal(spec.get("scale", "1"))
    s2 = data.PROPOSAL_SECTION2
    steps = [{"name": name, "activities": [
        {"description": text, "start": day(start), "end": day(end), "budget": budget(amount)}
        for text, start, end, amount in activities]} for name, activities in s2["steps"]]
    total = sum(Decimal(a["budget"]) for step in steps for a in step["activities"])
    section2 = {key: value for key, value in s2.items() if key not in ("period_days", "steps")}
    section2.update(
        name=spec["name"], target_groups=spec.get("target_groups") or s2["target_groups"][spec["fund"]],
        period_start=day(s2["period_days"][0]), period_end=day(s2["period_days"][1]),
        requested_budget=str(total), steps=steps,
    )
    return {1: data.PROPOSAL_SECTION1, 2: section2, 3: data.PROPOSAL_SECTION3}


def _applicants(users: dict, organisations_: list[Organisation], result: DemoResult) -> None:
    """The managers of the other demo organisations: added and appointed by fund staff."""
    staff = users["staff"]
    for spec in data.APPLICANTS:
        user = _user(spec, result)
        users[spec["key"]] = user
        _consent(user)
        _profile(user, spec)
        organisation = organisations_[spec["organisation"]]
        if Membership.objects.filter(user=user, organisation=organisation, status="approved").exists():
            continue
        membership = organisations.add_member(actor=staff, organisation=organisation, email=user.email)
        organisations.appoint_manager(actor=staff, membership=membership)
        result.count("memberships")


def _proposals(users: dict, organisations_: list[Organisation], calls: dict, today: datetime.date,
               result: DemoResult) -> None:
    """The demo's proposals (``data.PROPOSALS``): drafted and submitted through the proposal
    domain, then taken through the review by ``demo.review`` — sessions held and planned,
    results recorded. Skipped once the demo project manager has any proposal."""
    from phonlap.proposals import domain as proposals
    from phonlap.proposals.models import Proposal

    from . import review

    if Proposal.objects.filter(created_by=users["project_manager"]).exists():
        return
    staff = users["staff"]
    sessions = review.create_sessions(staff=staff, users=users, today=today)
    result.created["sessions"] = len(sessions)
    for index, spec in enumerate(data.PROPOSALS):
        owner, call = users[spec["owner"]], calls[spec["fund"]]
        saved = spec.get("sections", 3)
        with review.story_time(review.drafted_at(spec, today)):
            proposal = proposals.create_proposal(
                actor=owner, organisation=organisations_[spec["organisation"]], fund=call.fund, call=call)
            for n, section in list(_proposal_sections(spec, today).items())[:saved]:
                proposal = proposals.save_section(actor=owner, proposal=proposal, section=n, data=section)
            if saved == 3:
                for kind in proposal.fund.required_attachment_types:
                    proposals.add_attachment(actor=owner, proposal=proposal, type=kind,
                                             upload=ContentFile(_demo_pdf(), name=f"{kind}.pdf"))
        result.count("proposals")
        if saved < 3:
            continue
        if "submitted" not in spec:
            proposals.request_submission(actor=owner, proposal=proposal)
            continue
        review.run_review(proposal=proposal, spec=spec, users=users, staff=staff,
                          sessions_by_key=sessions, today=today, rotate=index)
    review.close_past_sessions(staff=staff, sessions_by_key=sessions, today=today)


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> DemoResult:
    """Create (or complete) the demo data. Raises :class:`DemoRefused` outside demo mode.
    Mail the domain functions send goes, after commit, to the demo mailbox."""
    if not settings.DEMO_MODE:
        raise DemoRefused(
            "load_demo runs only in demo mode (settings.DEMO_MODE, the development settings): "
            "it creates accounts with published passwords."
        )
    today = today or timezone.localdate()
    result = DemoResult()
    users = {}
    for spec in data.USERS:
        user = _user(spec, result)
        users[spec["key"]] = user
        _consent(user)
        if spec.get("verified", True):
            _profile(user, spec)
        result.accounts.append(
            DemoAccount(spec["key"], user.email, data.DEMO_PASSWORD, data.ROLE_LABELS[spec["key"]])
        )

    for spec in data.COMMITTEE:  # they sit on the demo's sessions; not printed
        users[spec["key"]] = _user({**spec, "is_committee": True}, result)
        _consent(users[spec["key"]])

    manager, project_manager = users["organisation_manager"], users["project_manager"]
    own, *others = data.ORGANISATIONS
    home = _organisation(manager, own, result)  # its creator becomes its manager
    organisations_ = [home] + [_organisation(users["super_user"], spec, result) for spec in others]
    if not Membership.objects.filter(user=project_manager, organisation=home,
                                     status="approved").exists():
        organisations.add_member(actor=manager, organisation=home, email=project_manager.email)
        result.count("memberships")
    _applicants(users, organisations_, result)

    calls = {code: _open_call(code, today, result) for code in data.CALLS}
    _proposals(users, organisations_, calls, today, result)
    monitoring.load_monitoring(users=users, today=today, result=result)
    return result
