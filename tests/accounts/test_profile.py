"""The first-sign-in profile and its sensitive parts (spec 01)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from phonlap.accounts.domain.profile import complete_profile, get_profile_for_user
from phonlap.accounts.models import Profile
from phonlap.core.exceptions import ValidationFailed
from phonlap.core.models import AuditEvent
from tests.factories import (
    CommitteeFactory,
    ProfileFactory,
    StaffFactory,
    SuperUserFactory,
    UserFactory,
    accept_current_policies,
    valid_national_id,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


def _form(**overrides):
    data = {
        "title": "ms", "first_name": "Somsri", "last_name": "Jaidee", "position": "Coordinator",
        "work_group": "Finance", "phone": "02-123-4567", "mobile": "081-234-5678",
        "national_id": valid_national_id(),
        "id_card_image": SimpleUploadedFile("card.png", PNG, content_type="image/png"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def newcomer(client, db):
    user = accept_current_policies(UserFactory(first_name="", last_name="", language="en"))
    client.force_login(user)
    return user


def test_first_sign_in_completes_the_profile(client, newcomer):
    response = client.post(reverse("accounts:profile_edit"), _form(), REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("home")  # on to the next step of the account gate
    profile = Profile.objects.get(user=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.first_name == "Somsri" and newcomer.title == "ms" and newcomer.mobile
    assert profile.national_id == valid_national_id()
    assert profile.completed_at is not None
    assert re.fullmatch(r"id-cards/[0-9a-f]{32}\.png", profile.id_card_image.name)
    event = AuditEvent.objects.get(action="profile_completed")
    assert event.ip_address == "203.0.113.5"
    assert valid_national_id() not in str(event.details)


@pytest.mark.parametrize("typed", ["1-1017-00203-45-" + "x", "12345", "1101700203451x"])
def test_bad_national_id_is_refused_with_a_clear_message(client, newcomer, typed):
    response = client.post(reverse("accounts:profile_edit"), _form(national_id=typed))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_national_id_error"' in html and 'aria-invalid="true"' in html
    assert not Profile.objects.filter(user=newcomer).exists()
    newcomer.refresh_from_db()
    assert newcomer.first_name == ""


def test_wrong_check_digit_says_so(client, newcomer):
    good = valid_national_id()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    html = client.post(reverse("accounts:profile_edit"), _form(national_id=bad)).content.decode()
    assert "(check) digit does not match" in html
    assert not Profile.objects.filter(user=newcomer).exists()


def test_wrong_length_says_how_many_digits(client, newcomer):
    html = client.post(reverse("accounts:profile_edit"), _form(national_id="12345")).content.decode()
    assert "13 digits" in html


@pytest.mark.parametrize("name,content", [
    ("card.exe", b"MZ" + b"\x00" * 30),
    ("card.png", b"GIF89a" + b"\x00" * 30),  # wrong content under an allowed name
    ("card.pdf", PNG),  # a real PNG but named .pdf
    ("card.gif", b"GIF89a" + b"\x00" * 30),
])
def test_wrong_file_type_is_refused(client, newcomer, name, content):
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("accounts:profile_edit"), _form(id_card_image=upload))
    assert response.status_code == 200
    assert 'id="id_id_card_image_error"' in response.content.decode()
    assert not Profile.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("name,content", [("a.jpg", JPEG), ("a.JPEG", JPEG), ("a.pdf", PDF)])
def test_allowed_types_are_accepted(client, newcomer, name, content):
    client.post(reverse("accounts:profile_edit"), _form(id_card_image=SimpleUploadedFile(name, content)))
    assert Profile.objects.get(user=newcomer).id_card_image.name.endswith(name.split(".")[1].lower())


def test_oversize_file_is_refused(client, newcomer, settings):
    settings.ID_CARD_IMAGE_MAX_BYTES = 100
    upload = SimpleUploadedFile("card.png", PNG + b"\x00" * 100)
    html = client.post(reverse("accounts:profile_edit"), _form(id_card_image=upload)).content.decode()
    assert "too large" in html
    assert not Profile.objects.filter(user=newcomer).exists()


def test_domain_refuses_bad_input_and_changes_nothing(db):
    user = UserFactory(first_name="Before")
    with pytest.raises(ValidationFailed) as error:
        complete_profile(user=user, title="mr", first_name="After", last_name="X",
                         national_id="1234567890123", id_card_image=SimpleUploadedFile("c.png", PNG))
    assert error.value.field == "national_id"
    user.refresh_from_db()
    assert user.first_name == "Before"
    assert not Profile.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.STATE_CHANGE).exists()


def test_edit_keeps_stored_id_and_image_when_left_empty(client, newcomer):
    client.post(reverse("accounts:profile_edit"), _form())
    stored = Profile.objects.get(user=newcomer).id_card_image.name
    page = client.get(reverse("accounts:profile_edit")).content.decode()
    assert valid_national_id() not in page
    assert "x-xxxx-xxxxx-" in page
    data = _form(national_id="", position="Director")
    del data["id_card_image"]
    response = client.post(reverse("accounts:profile_edit"), data)
    assert response["Location"] == reverse("accounts:profile")  # a later edit returns there
    profile = Profile.objects.get(user=newcomer)
    assert profile.position == "Director"
    assert profile.national_id == valid_national_id()
    assert profile.id_card_image.name == stored


def test_profile_page_shows_the_id_masked_only(client, newcomer):
    client.post(reverse("accounts:profile_edit"), _form())
    html = client.get(reverse("accounts:profile")).content.decode()
    assert valid_national_id() not in html
    assert "x-xxxx-xxxxx-" + valid_national_id()[10:12] in html
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SENSITIVE_READ).exists()


# --- reads of sensitive data ---

@pytest.fixture
def owner_profile(db):
    owner = accept_current_policies(UserFactory())
    profile = ProfileFactory(user=owner)
    profile.id_card_image.save("x.png", SimpleUploadedFile("x.png", PNG))
    return profile


@pytest.mark.parametrize("who", ["owner", "staff", "super"])
def test_allowed_readers_download_the_card_as_attachment_and_each_read_is_logged(client, owner_profile, who):
    reader = {"owner": lambda: owner_profile.user, "staff": StaffFactory,
              "super": SuperUserFactory}[who]()
    accept_current_policies(reader)
    if who == "super":
        from allauth.mfa.models import Authenticator
        Authenticator.objects.create(user=reader, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(reader)
    url = reverse("accounts:profile_id_card", args=[owner_profile.pk])
    for n in (1, 2):
        response = client.get(url, REMOTE_ADDR="198.51.100.3")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PNG
        events = AuditEvent.objects.filter(kind=AuditEvent.Kind.SENSITIVE_READ,
                                           action="id_card_image_read", actor=reader)
        assert events.count() == n
    assert events.first().ip_address == "198.51.100.3"
    assert events.first().object_id == str(owner_profile.pk)


@pytest.mark.parametrize("who", ["owner", "staff"])
def test_full_id_read_is_logged(client, owner_profile, who):
    reader = owner_profile.user if who == "owner" else accept_current_policies(StaffFactory())
    client.force_login(reader)
    response = client.get(reverse("accounts:profile_national_id", args=[owner_profile.pk]))
    assert response.status_code == 200
    assert "1-1017-00203-45-" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SENSITIVE_READ, action="national_id_read",
                                     actor=reader).count() == 1


@pytest.mark.parametrize("who", ["other", "committee"])
def test_others_get_the_same_404_as_for_a_missing_profile(client, owner_profile, who):
    reader = accept_current_policies(CommitteeFactory() if who == "committee" else UserFactory())
    ProfileFactory(user=reader)
    client.force_login(reader)
    for name in ("accounts:profile_id_card", "accounts:profile_national_id"):
        forbidden = client.get(reverse(name, args=[owner_profile.pk]))
        missing = client.get(reverse(name, args=[owner_profile.pk + 1000]))
        assert forbidden.status_code == missing.status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SENSITIVE_READ).exists()


def test_access_function_same_404_for_missing_and_forbidden(owner_profile):
    from django.http import Http404

    stranger = UserFactory()
    with pytest.raises(Http404):
        get_profile_for_user(stranger, owner_profile.pk)
    with pytest.raises(Http404):
        get_profile_for_user(stranger, 999999)
    assert get_profile_for_user(owner_profile.user, owner_profile.pk) == owner_profile


def test_anonymous_is_sent_to_sign_in(client, owner_profile):
    response = client.get(reverse("accounts:profile_id_card", args=[owner_profile.pk]))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
