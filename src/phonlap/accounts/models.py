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
