"""Users and the permission matrix. Profiles, consent and the deletion lifecycle build on these."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Role, Scope


class PhonlapUserManager(UserManager):
    """E-mail is the account name (spec 01): there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("an e-mail address is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def visible(self):
        """Everyone but accounts whose deletion was confirmed (hidden at once, spec 01)."""
        return self.filter(deleted_at__isnull=True)


class User(AbstractUser):
    """A person. Internal roles (staff, committee, super user) are global flags here; external
    roles (project manager, organisation manager) come from organisation memberships."""

    class Title(models.TextChoices):
        MR = "mr", _("Mr")
        MRS = "mrs", _("Mrs")
        MS = "ms", _("Ms")
        DR = "dr", _("Dr")
        OTHER = "other", _("Other")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    title = models.CharField(_("title"), max_length=10, choices=Title.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=[("th", _("Thai")), ("en", _("English"))],
        default="th",
    )
    is_fund_staff = models.BooleanField(_("fund staff"), default=False)
    is_committee = models.BooleanField(_("committee member"), default=False)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Deletion lifecycle (spec 01): requested → confirmed (hidden at once) → purged after 30 days.
    deletion_requested_at = models.DateTimeField(_("deletion requested"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, db_index=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PhonlapUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_internal(self) -> bool:
        return self.is_fund_staff or self.is_committee or self.is_superuser


class PermissionCell(models.Model):
    """One cell of the live permission matrix (spec 01 table 2; row 11 lets super users edit it).
    Seeded from ``matrix.DEFAULT_MATRIX`` by a data migration."""

    row = models.CharField(_("row"), max_length=10)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=30, choices=Scope.choices, blank=True)

    class Meta:
        verbose_name = _("permission matrix cell")
        verbose_name_plural = _("permission matrix")
        constraints = [
            models.UniqueConstraint(fields=["row", "role"], name="permission_cell_unique"),
        ]

    def __str__(self):
        return f"{self.row}/{self.role}={self.scope or '-'}"


def private_storage():
    """Sensitive uploads live on the private storage, never served directly (spec 01)."""
    from django.core.files.storage import storages

    return storages["private"]


def id_card_upload_to(instance, filename: str) -> str:
    """A random, safe file name: the uploaded name is never used (it could carry the person's
    name or path tricks). The extension was already checked against the content."""
    import os
    import uuid

    ext = os.path.splitext(filename)[1].lower()
    if ext not in (".jpg", ".jpeg", ".png", ".pdf"):
        ext = ""
    return f"id-cards/{uuid.uuid4().hex}{ext}"


class PolicyVersion(models.Model):
    """One published version of the terms of service or the privacy policy (PDPA B.E. 2562).
    The current version of a kind is the latest one already published."""

    class Kind(models.TextChoices):
        TERMS = "terms", _("Terms of service")
        PRIVACY = "privacy", _("Privacy policy")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    version = models.CharField(_("version"), max_length=20)
    body_th = models.TextField(_("text (Thai)"))
    body_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published"), db_index=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_unique"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from django.core.cache import cache

        cache.delete(CURRENT_POLICIES_CACHE_KEY)

    def body_for(self, language: str) -> str:
        return self.body_en if (language or "").startswith("en") and self.body_en else self.body_th


CURRENT_POLICIES_CACHE_KEY = "accounts:current_policy_ids"


class Consent(models.Model):
    """A user's acceptance of one policy version: which, when, and from which address."""

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents",
    )
    policy_version = models.ForeignKey(
        PolicyVersion, verbose_name=_("policy version"), on_delete=models.PROTECT,
        related_name="consents",
    )
    accepted_at = models.DateTimeField(_("accepted"))
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "policy_version"], name="consent_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.policy_version}"


class Profile(models.Model):
    """What the first sign-in asks for (spec 01). Title, names and phones live on the user.
    The national ID and the card image are sensitive: shown masked, read through logged views."""

    user = models.OneToOneField(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="profile",
    )
    position = models.CharField(_("position in the organisation"), max_length=200, blank=True)
    work_group = models.CharField(_("work group"), max_length=200, blank=True)
    national_id = models.CharField(_("national ID number"), max_length=13, blank=True)
    id_card_image = models.FileField(
        _("image of the national ID card"), storage=private_storage, upload_to=id_card_upload_to,
        blank=True, max_length=200,
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def national_id_masked(self) -> str:
        from phonlap.core.national_id import mask

        return mask(self.national_id) if self.national_id else ""
