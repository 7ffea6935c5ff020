"""Checking an uploaded attachment by extension AND content (spec 02 section 4): .pdf .docx
.xlsx .jpg .png, within the size limit. A file whose content does not match its name (an .exe
renamed .pdf, a .zip renamed .docx) is refused."""

from __future__ import annotations

import os
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# extension → (kind, content type)
ALLOWED = {
    ".pdf": ("pdf", "application/pdf"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".png": ("png", "image/png"),
}
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def max_bytes() -> int:
    return int(getattr(settings, "PROPOSAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(upload) -> str | None:
    """The kind of file the content really is, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for kind, part in _OOXML_PART.items():
            if part in names:
                return kind
    return None


def file_error(upload) -> str | None:
    """A clear message for what is wrong with ``upload``, or None if it is acceptable."""
    if upload is None:
        return _("Choose a file to attach.")
    limit = max_bytes()
    size = upload.size if upload.size is not None else 0
    if size > limit:
        if limit >= 1024 * 1024:
            return _("The file is too large: the limit is %(mb)s MB.") % {
                "mb": round(limit / (1024 * 1024), 1)}
        return _("The file is too large: the limit is %(kb)s KB.") % {"kb": round(limit / 1024, 1)}
    if size == 0:
        return _("The file is empty.")
    ext = os.path.splitext(upload.name or "")[1].lower()
    expected = ALLOWED.get(ext)
    if expected is None:
        return _("Only PDF, Word (.docx), Excel (.xlsx), JPEG or PNG files are accepted.")
    if sniff(upload) != expected[0]:
        return _("The file's content is not a %(kind)s file as its name says.") % {
            "kind": expected[0].upper()}
    return None


def content_type_of(name: str) -> str:
    return ALLOWED.get(os.path.splitext(name or "")[1].lower(), ("", "application/octet-stream"))[1]
