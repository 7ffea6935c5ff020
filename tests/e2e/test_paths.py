"""The main browser paths of spec 01, in Thai and in English, each page checked by axe.

1. sign up → verify the e-mail address → complete the profile → create an organisation;
2. a second person asks to join it and its manager approves;
3. staff create a committee account; the member signs in and must change the password.

Each path runs in both languages; in one of the two runs every form is driven by the
keyboard alone (see driver.py), in the other by the mouse.
"""

from __future__ import annotations

import re
import struct
import time
import zlib

import pytest
from django.core import mail
from django.utils import translation

from phonlap.core.national_id import check_digit
from tests.e2e.conftest import check_axe
from tests.e2e.driver import Driver
from tests.factories import PASSWORD, OnboardedUserFactory, StaffFactory, onboard
from tests.organisations.factories import POSTCODE, SUBDISTRICT_CODE, ManagerFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THAI = re.compile(r"[\u0e00-\u0e7f]")
PROVINCE, DISTRICT = SUBDISTRICT_CODE[:2], SUBDISTRICT_CODE[:4]
NEW_PASSWORD = "another-Long-passphrase-42"


def t(language: str, text: str) -> str:
    """``text`` as the site shows it in ``language``."""
    with translation.override(language):
        return translation.gettext(text)


def national_id(first_twelve: str = "310050012345") -> str:
    return f"{first_twelve}{check_digit(first_twelve)}"


def png_file(directory) -> str:
    """A real (1×1 pixel) PNG image, as a scanned ID card would be."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))
    path = directory / "id-card.png"
    path.write_bytes(raw)
    return str(path)


def wait_for_mail(to: str, timeout: float = 10.0):
    """Mail leaves after commit through the (eager) job queue of the live server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            if to in message.to:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to}; outbox: {[m.to for m in mail.outbox]}")


def htmx_settled(page):
    return lambda: page.wait_for_function("() => !document.querySelector('.htmx-request')")


def sign_in(d: Driver, email: str, password: str, landing: str) -> None:
    page = d.page
    d.open("/accounts/login/")
    d.fill(page.locator("#id_login"), email)
    d.fill(page.locator("#id_password"), password)
    d.submit(page.locator("main form button[type=submit]"), landing)


def sign_out(d: Driver) -> None:
    d.submit(d.page.locator("header form[action$='/logout/'] button"), r"/")


def go_home(d: Driver) -> None:
    d.navigates(lambda: d.activate(d.page.locator("header a.brand")), r"/")


# keyboard-only run of each path: signup in Thai, join in English, staff in both
@pytest.mark.parametrize(("language", "keyboard"), [("th", True), ("en", False)])
def test_signup_to_organisation(page_for, tmp_path, language, keyboard):
    page = page_for(language)
    d = Driver(page, language, keyboard=keyboard, visited=[])
    email = f"new-{language}@example.org"

    d.open("/")
    d.navigates(lambda: d.activate(page.locator("main a[href$='/accounts/signup/']")),
                r"/accounts/signup/")
    assert d.heading() == t(language, "Sign up")
    d.fill(page.locator("#id_email"), email)
    d.fill(page.locator("#id_password1"), PASSWORD)
    d.fill(page.locator("#id_password2"), PASSWORD)
    d.tick(page.locator("#id_accept_terms"))
    # privacy policy not accepted: the form comes back with the error tied to the checkbox
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/signup/")
    privacy = page.locator("#id_accept_privacy")
    assert privacy.get_attribute("aria-invalid") == "true"
    error = t(language, "You must accept the privacy policy to sign up.")
    described_by = privacy.get_attribute("aria-describedby") or ""
    assert any(error in page.locator(f"[id='{ref}']").inner_text() for ref in described_by.split())
    assert not mail.outbox
    d.fill(page.locator("#id_password1"), PASSWORD)  # passwords are never sent back
    d.fill(page.locator("#id_password2"), PASSWORD)
    assert page.locator("#id_accept_terms").is_checked()
    d.tick(privacy)
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/confirm-email/")
    assert d.heading() == t(language, "Verify your e-mail address")

    message = wait_for_mail(email)
    # the mail is in the language the person signed up in
    assert bool(THAI.search(message.subject)) == (language == "th"), message.subject
    link = re.search(r"https?://\S+?(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert link, message.body
    d.open(link.group(1))
    # confirming signs the person in; the account gate sends them to complete the profile
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/profile/edit/")
    assert d.heading() == t(language, "Complete your profile")

    d.select(page.locator("#id_title"), "ms")
    d.fill(page.locator("#id_first_name"), "สมหญิง" if language == "th" else "Somying")
    d.fill(page.locator("#id_last_name"), "ใจดี" if language == "th" else "Jaidee")
    d.fill(page.locator("#id_position"), "ผู้ประสานงาน" if language == "th" else "Coordinator")
    d.fill(page.locator("#id_work_group"), "พัฒนาชุมชน" if language == "th" else "Community")
    d.fill(page.locator("#id_phone"), "021234567")
    # a mistyped national ID (wrong check digit) is refused with a clear error
    wrong = national_id()[:-1] + str((int(national_id()[-1]) + 1) % 10)
    d.fill(page.locator("#id_national_id"), wrong)
    d.upload(page.locator("#id_id_card_image"), png_file(tmp_path))
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/profile/edit/")
    assert page.locator("#id_national_id").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_position").input_value() != ""  # what was typed is kept
    d.fill(page.locator("#id_national_id"), national_id())
    d.upload(page.locator("#id_id_card_image"), png_file(tmp_path))  # files must be re-chosen
    # saved at first sign-in: on to the next step, finding or creating their organisation
    d.submit(page.locator("main form button[type=submit]"), r"/organisations/start/")
    assert t(language, "Your profile has been saved.") in page.inner_text(".messages")
    assert d.heading() == t(language, "Find or create your organisation")

    d.navigates(lambda: d.activate(page.locator("main a[href$='/organisations/new/']")),
                r"/organisations/new/")
    name = "มูลนิธิรักษ์ป่า" if language == "th" else "Forest Care Foundation"
    d.fill(page.locator("#id_name"), name)
    d.choose_radio(page.locator("#id_kind"), "private")
    d.fill(page.locator("#id_house_number"), "99/1")
    settled = htmx_settled(page)
    d.select(page.locator("#id_province"), PROVINCE, after=settled)
    page.locator(f"#id_district option[value='{DISTRICT}']").wait_for(state="attached")
    d.select(page.locator("#id_district"), DISTRICT, after=settled)
    page.locator(f"#id_subdistrict option[value='{SUBDISTRICT_CODE}']").wait_for(state="attached")
    d.select(page.locator("#id_subdistrict"), SUBDISTRICT_CODE, after=settled)
    # the postcode is filled from the subdistrict
    page.wait_for_function(f"() => document.getElementById('id_postcode').value === '{POSTCODE}'")
    d.fill(page.locator("#id_latitude"), "13.7563")
    d.fill(page.locator("#id_longitude"), "100.5018")
    check_axe(page, d.visited)  # the form after the HTMX swaps
    d.submit(page.locator("main form button[type=submit]:not([name=refresh])"),
             r"/organisations/\d+/")
    assert d.heading() == name
    assert t(language, "The organisation was created. You are its manager.") in page.inner_text(
        ".messages")

    go_home(d)
    home = page.locator("main").inner_text()
    assert name in home
    assert t(language, "Organisation manager") in home
    if language == "th":
        assert THAI.search(d.heading())


@pytest.mark.parametrize(("language", "keyboard"), [("th", False), ("en", True)])
def test_join_and_approval(page_for, language, keyboard):
    name = "มูลนิธิทดสอบร่วมงาน" if language == "th" else "Join Test Foundation"
    organisation = OrganisationFactory(name=name)
    manager = OnboardedUserFactory(language=language, email=f"manager-{language}@example.org")
    ManagerFactory(user=manager, organisation=organisation)
    joiner = OnboardedUserFactory(language=language, email=f"joiner-{language}@example.org",
                                  first_name="Joiner", last_name=language.upper())
    page = page_for(language)
    d = Driver(page, language, keyboard=keyboard, visited=[])

    # no organisation yet: after signing in, the gate sends the person to the start page
    sign_in(d, joiner.email, PASSWORD, r"/organisations/start/")
    search = page.locator("#id_q")
    d.fill(search, name.split()[0] if language == "en" else name[:8])
    join_button = page.locator("#search-results form[action$='/join/'] button")
    join_button.wait_for()  # HTMX shows the results as the person types
    check_axe(page, d.visited)
    assert name in join_button.inner_text()
    d.submit(join_button, r"/organisations/mine/")
    assert t(language, "Your request was sent to the organisation's managers. You will get an "
                       "e-mail when they decide.") in page.inner_text(".messages")
    # still waiting: the gate keeps the person at the organisation step
    d.navigates(lambda: d.activate(page.locator("header a.brand")), r"/organisations/start/")
    sign_out(d)

    sign_in(d, manager.email, PASSWORD, r"/")
    assert t(language, "Requests to join your organisations") in page.inner_text("main")
    d.navigates(lambda: d.activate(page.locator("#join-requests ~ ul a").first),
                r"/organisations/\d+/members/")
    approve = page.locator("main form[action$='/approve/'] button")
    assert str(joiner) in approve.inner_text()
    d.submit(approve, r"/organisations/\d+/members/")
    assert t(language, "The request was approved.") in page.inner_text(".messages")
    members = page.locator("main table").last.inner_text()
    assert joiner.email in members
    sign_out(d)

    # approved: the person now gets past the gate to the home page
    sign_in(d, joiner.email, PASSWORD, r"/")
    home = page.locator("main").inner_text()
    assert name in home
    assert t(language, "Organisation manager") not in home
    if language == "th":
        assert THAI.search(home)


@pytest.mark.parametrize(("language", "keyboard"), [("th", True), ("en", True)])
def test_staff_create_committee_and_forced_password_change(page_for, language, keyboard):
    staff = onboard(StaffFactory(language=language, email=f"staff-{language}@example.org"))
    member_email = f"committee-{language}@example.org"
    handed_over = "Handed-over-pass-2567"
    first_name = "ประเสริฐ" if language == "th" else "Prasert"
    page = page_for(language)
    d = Driver(page, language, keyboard=keyboard, visited=[])

    sign_in(d, staff.email, PASSWORD, r"/")
    d.open("/staff/users/committee/")
    d.navigates(lambda: d.activate(page.locator("main a[href$='/committee/new/']")),
                r"/staff/users/committee/new/")
    assert d.heading() == t(language, "Create a committee account")
    d.select(page.locator("#id_title"), "dr")
    d.fill(page.locator("#id_first_name"), first_name)
    d.fill(page.locator("#id_last_name"), "กรรมการ" if language == "th" else "Kammakan")
    d.fill(page.locator("#id_email"), member_email)
    d.fill(page.locator("#id_phone"), "0812345678")
    d.fill(page.locator("#id_password1"), handed_over)
    d.fill(page.locator("#id_password2"), handed_over)
    assert page.locator("#id_is_active").is_checked()
    d.submit(page.locator("main form button[type=submit]"), r"/staff/users/committee/")
    assert member_email in page.inner_text("main table")
    sign_out(d)

    # first sign-in with the handed-over password: the gate asks for a new password
    d.open("/accounts/login/")
    d.fill(page.locator("#id_login"), member_email)
    d.fill(page.locator("#id_password"), handed_over)
    d.language = "th"  # a new account is in Thai until its owner chooses otherwise
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/password/change/")
    if language == "en":
        d.select(page.locator("#language-select"), "en")
        d.language = "en"
        d.submit(page.locator("header form.language-switch button"), r"/accounts/password/change/")
    # nothing else is reachable until the password is changed
    d.open("/", r"/accounts/password/change/")
    d.fill(page.locator("#id_oldpassword"), handed_over)
    d.fill(page.locator("#id_password1"), NEW_PASSWORD)
    d.fill(page.locator("#id_password2"), NEW_PASSWORD)
    # changed; the gate's next step: a new account accepts the terms and privacy policy
    d.submit(page.locator("main form button[type=submit]"), r"/accounts/consent/")
    assert t(d.language, "Password successfully changed.") in page.inner_text(".messages")
    d.tick(page.locator("#id_accept"))
    d.submit(page.locator("main form:not([action$='/logout/']) button[type=submit]"), r"/")
    assert first_name in d.heading()  # "Welcome, <name>"
    sign_out(d)
    # the new password works, the handed-over one no longer does
    sign_in(d, member_email, NEW_PASSWORD, r"/")
    assert first_name in d.heading()
