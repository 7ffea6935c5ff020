"""The profile asked for at first sign-in, and the logged reads of its sensitive parts.

The national ID number and the ID card image are sensitive personal data (spec 01): readable
only by the person, fund staff and super users, through :func:`get_profile_for_user`, and every
read of the full number or the image writes ``audit.sensitive_read``.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phonlap.core import audit
from phonlap.core import national_id as nid
from phonlap.core.exceptions import ValidationFailed

from ..enums import Role
from ..models import Profile, User
from ..roles import roles_of

# extension → the content kind it must hold
ALLOWED_EXTENSIONS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".pdf": "pdf"}
_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
)


def national_id_error(text: str) -> str | None:
    """A clear message for what is wrong with a typed national ID, or None if it is valid."""
    number = nid.normalise(text)
    if not number:
        return str(_("Enter the 13-digit national ID number."))
    if not number.isdigit():
        return str(_("The national ID number may contain only digits (spaces and dashes are ignored)."))
    if len(number) != 13:
        return str(_("The national ID number must have exactly 13 digits; you entered %(count)d.")
                   % {"count": len(number)})
    if not nid.is_valid(number):
        return str(_("This national ID number is not valid: its last (check) digit does not match. "
                     "Please check it against your card."))
    return None


def sniff_kind(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def id_card_file_error(upload) -> str | None:
    """Checks an uploaded ID card image by size, extension AND content (magic bytes)."""
    max_bytes = settings.ID_CARD_IMAGE_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        return str(_("The file is too large: the limit is %(mb)s MB.")
                   % {"mb": round(max_bytes / (1024 * 1024), 1)})
    ext = os.path.splitext(upload.name or "")[1].lower()
    expected = ALLOWED_EXTENSIONS.get(ext)
    if expected is None:
        return str(_("Only JPEG, PNG or PDF files (.jpg, .jpeg, .png, .pdf) are accepted."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if sniff_kind(head) != expected:
        return str(_("The file's content is not a %(kind)s file as its name says. "
                     "Please upload a JPEG, PNG or PDF file.") % {"kind": expected.upper()})
    return None


def _can_read_sensitive(viewer, profile: Profile) -> bool:
    if not viewer.is_authenticated:
        return False
    if viewer.pk == profile.user_id:
        return True
    return bool(roles_of(viewer) & {Role.STAFF, Role.SUPER_USER})


def get_profile_for_user(user, pk) -> Profile:
    """The profile ``pk`` if ``user`` may read its sensitive parts (the person, staff, super
    users); the same 404 for missing and forbidden."""
    try:
        profile = Profile.objects.select_related("user").get(pk=pk, user__deleted_at__isnull=True)
    except (Profile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not _can_read_sensitive(user, profile):
        raise Http404
    return profile


def read_national_id(*, viewer, profile: Profile, ip: str | None) -> str:
    """The full national ID, formatted as on the card. Logs a sensitive read."""
    audit.sensitive_read(actor=viewer, action="national_id_read", obj=profile, ip=ip,
                         subject=profile.user_id)
    return nid.format_id(profile.national_id)


def open_id_card_image(*, viewer, profile: Profile, ip: str | None):
    """The stored ID card image, opened for reading. Logs a sensitive read."""
    if not profile.id_card_image:
        raise Http404
    audit.sensitive_read(actor=viewer, action="id_card_image_read", obj=profile, ip=ip,
                         subject=profile.user_id)
    return profile.id_card_image.open("rb")


USER_FIELDS = ("title", "first_name", "last_name", "phone", "mobile")
PROFILE_FIELDS = ("position", "work_group")


@transaction.atomic
def complete_profile(
    *,
    user: User,
    title: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    mobile: str = "",
    position: str = "",
    work_group: str = "",
    national_id: str | None = None,
    id_card_image=None,
    ip: str | None = None,
) -> Profile:
    """Save the user's own profile. ``national_id`` / ``id_card_image`` of None keep what is
    stored. The first time, both are required, and ``completed_at`` is set. Raises
    ValidationFailed (with ``field``) and changes nothing on bad input. Writes one
    state_change audit event (never the ID number itself)."""
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if national_id is not None:
        if message := national_id_error(national_id):
            raise ValidationFailed(message, field="national_id")
        national_id = nid.normalise(national_id)
    elif not profile.national_id:
        raise ValidationFailed(_("Enter the 13-digit national ID number."), field="national_id")
    if id_card_image is not None:
        if message := id_card_file_error(id_card_image):
            raise ValidationFailed(message, field="id_card_image")
    elif not profile.id_card_image:
        raise ValidationFailed(_("Upload an image of your national ID card."), field="id_card_image")
    if not first_name.strip() or not last_name.strip():
        raise ValidationFailed(_("Enter your first and last name."), field="first_name")

    for name, value in zip(USER_FIELDS, (title, first_name, last_name, phone, mobile), strict=True):
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.save(update_fields=list(USER_FIELDS))

    changed = ["position", "work_group"]
    profile.position = position.strip()
    profile.work_group = work_group.strip()
    if national_id is not None:
        profile.national_id = national_id
        changed.append("national_id")
    old_file = None
    if id_card_image is not None:
        old_file = profile.id_card_image.name or None
        profile.id_card_image.save(id_card_image.name, id_card_image, save=False)
        changed.append("id_card_image")
    first_time = profile.completed_at is None
    if first_time:
        profile.completed_at = timezone.now()
        changed.append("completed_at")
    profile.save()
    if old_file:
        storage = profile.id_card_image.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit.state_change(actor=user, action="profile_completed" if first_time else "profile_updated",
                       obj=profile, ip=ip, fields=changed)
    return profile
