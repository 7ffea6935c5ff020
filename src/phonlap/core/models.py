"""Ground-floor models: the audit trail / access log, administrator-added holidays and in-app
notifications."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the access log is append-only")

    def delete(self):
        raise TypeError("the access log is append-only")


class AuditEvent(models.Model):
    """One line of the access log (matrix row 12): sign-ins and their failures, reads of
    sensitive data, and every change of state. Append-only for everyone."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Sign-in")
        SIGN_OUT = "sign_out", _("Sign-out")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
        SENSITIVE_READ = "sensitive_read", _("Read of sensitive data")
        STATE_CHANGE = "state_change", _("Change of state")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Kept even when the actor is purged, so the log still reads (anonymised by the purge).
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("what"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the access log is append-only")


class ExtraHoliday(models.Model):
    """A holiday an administrator adds beyond the Thai public and government ones."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["day"]
        verbose_name = _("extra holiday")
        verbose_name_plural = _("extra holidays")

    def __str__(self):
        return f"{self.day} {self.name}"


class DemoEmail(models.Model):
    """A message "sent" in demo mode, kept so a newcomer can open it on the demo mailbox page
    and follow its verification link. Never written outside settings.development."""

    sent_at = models.DateTimeField(auto_now_add=True)
    to = models.TextField()
    subject = models.CharField(max_length=500)
    body = models.TextField()

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self):
        return self.subject


class Notification(models.Model):
    """One in-app notification for one person (and the e-mail sent with it, see
    ``core.notifications.notify``).

    ``subject`` and ``body`` hold untranslated msgids, ``params`` the strings put into them: the
    text is translated when it is shown, in the reader's current language, so it follows a
    language switch. ``translated_params`` names the params that are msgids themselves (a status
    label, "no reason given") and are translated too."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60)  # e.g. "proposal.submitted"
    subject = models.CharField(_("subject (msgid)"), max_length=255)
    body = models.TextField(_("text (msgid)"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    translated_params = models.JSONField(_("translated parameters"), default=list, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)  # a local path, or empty
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"], name="core_notif_user_read"),
            models.Index(fields=["user", "-created_at"], name="core_notif_user_created"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.user_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def _render(self, msgid: str) -> str:
        """``msgid`` translated into the active language with the params put in; the bare msgid
        if the params do not fit it (a renamed placeholder must never turn into a 500)."""
        if not msgid:
            return ""
        params = self.params if isinstance(self.params, dict) else {}
        translate = set(self.translated_params or ())
        values = {
            # gettext("") is the catalogue's header, never a translation: an empty value stays.
            key: gettext(str(value)) if key in translate and value else str(value)
            for key, value in params.items()
        }
        text = gettext(msgid)
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            try:
                return msgid % values
            except (KeyError, ValueError, TypeError):
                return msgid

    @property
    def title(self) -> str:
        return self._render(self.subject)

    @property
    def text(self) -> str:
        return self._render(self.body)


class OutgoingMail(models.Model):
    """One e-mail in the durable outbox (spec 07: a mail server that is down delays mail but
    loses none). Written in the transaction of the change it reports, so the message exists if
    and only if the change committed; sent after commit by ``core.tasks.send_outgoing_mail`` and,
    while unsent, resent when due by ``flush_outbox`` (Celery beat) or ``manage.py send_outbox``.
    Sent rows are kept for a week (``core.tasks.KEEP_SENT``), then removed by the flush."""

    to = models.JSONField(_("to"), default=list)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The flush's query: unsent messages in the order they fall due.
            models.Index(fields=["next_attempt_at", "id"], name="core_outmail_due",
                         condition=models.Q(sent_at__isnull=True)),
            models.Index(fields=["sent_at"], name="core_outmail_sent"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to or [])}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
