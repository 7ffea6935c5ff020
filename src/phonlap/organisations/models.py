"""Organisations, memberships, personnel and the SE registry; Thai administrative areas.

Areas (province → district → subdistrict) are loaded from ``geothai`` by a data migration, keyed
by their DOPA codes, so addresses refer to rows that exist in every database."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    OPEN_STATUSES,
    PERSONNEL_ROLE_ORDER,
    MembershipStatus,
    OrganisationKind,
    PersonnelRole,
    SocialEnterpriseStatus,
)

LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)
# Christian-Era years a registration can plausibly have (B.E. 2343–2743).
REGISTRATION_YEAR_RANGE = (1800, 2200)


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th


class District(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts",
                                 verbose_name=_("province"))
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th


class Subdistrict(models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts",
                                 verbose_name=_("district"))
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    # A few subdistricts have more than one postal code; space-separated, the usual one first.
    postcodes = models.CharField(_("postcodes"), max_length=60)

    class Meta:
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
        ordering = ["name_th"]

    def __str__(self):
        return self.name_th

    @property
    def postcode_list(self) -> list[str]:
        return self.postcodes.split()

    @property
    def postcode(self) -> str:
        return self.postcode_list[0] if self.postcodes else ""


class OrganisationQuerySet(models.QuerySet):
    def visible(self):
        """Everything but organisations a super user deleted (row 3.4)."""
        return self.filter(deleted_at__isnull=True)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    parent_agency = models.CharField(
        _("parent agency"), max_length=255, blank=True,
        help_text=_("Required for a government organisation (สังกัด)."),
    )
    # Stored as the Christian-Era year; shown and typed as B.E. in Thai.
    registration_year = models.PositiveSmallIntegerField(
        _("year of registration"), null=True, blank=True,
        validators=[MinValueValidator(REGISTRATION_YEAR_RANGE[0]),
                    MaxValueValidator(REGISTRATION_YEAR_RANGE[1])],
    )
    house_number = models.CharField(_("house number"), max_length=50, blank=True)
    road = models.CharField(_("road"), max_length=150, blank=True)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("subdistrict"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    # A copy of the subdistrict's province, kept by ``save``: the statistics group 100,000
    # proposals by it with one join instead of three (read ``province`` elsewhere).
    address_province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+", editable=False,
                                         verbose_name=_("province"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(LATITUDE_RANGE[0]), MaxValueValidator(LATITUDE_RANGE[1])],
        help_text=_("Decimal degrees north, between -90 and 90 (Thailand is about 5 to 21)."),
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(LONGITUDE_RANGE[0]), MaxValueValidator(LONGITUDE_RANGE[1])],
        help_text=_("Decimal degrees east, between -180 and 180 (Thailand is about 97 to 106)."),
    )
    is_social_enterprise = models.BooleanField(_("social enterprise"), default=False)
    se_registration_number = models.CharField(_("SE registration number"), max_length=50,
                                              blank=True)
    se_status = models.CharField(_("SE status"), max_length=20, blank=True,
                                 choices=SocialEnterpriseStatus.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["name"], name="organisation_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=OrganisationKind.GOVERNMENT) | ~Q(parent_agency=""),
                name="organisation_government_has_parent_agency",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.address_province_id = (Subdistrict.objects.filter(pk=self.subdistrict_id)
                            .values_list("district__province_id", flat=True).first()
                            if self.subdistrict_id else None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "subdistrict" in update_fields:
            kwargs["update_fields"] = {*update_fields, "address_province"}
        super().save(*args, **kwargs)

    def clean(self):
        """Invariants across fields (the form and the domain both run them)."""
        errors: dict[str, str] = {}
        if self.kind == OrganisationKind.GOVERNMENT and not (self.parent_agency or "").strip():
            errors["parent_agency"] = _("A government organisation must name its parent agency.")
        if self.subdistrict_id:
            allowed = self.subdistrict.postcode_list
            if not self.postcode:
                self.postcode = allowed[0] if allowed else ""
            elif self.postcode not in allowed:
                errors["postcode"] = _(
                    "The postcode %(postcode)s does not belong to %(subdistrict)s (expected %(allowed)s)."
                ) % {"postcode": self.postcode, "subdistrict": self.subdistrict.name_th,
                     "allowed": ", ".join(allowed)}
        elif self.postcode:
            errors["subdistrict"] = _("Choose the subdistrict the postcode belongs to.")
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            errors[field] = _("Give both latitude and longitude, or neither.")
        if not self.is_social_enterprise and (self.se_registration_number or self.se_status):
            errors["is_social_enterprise"] = _(
                "Tick 'social enterprise' to record an SE registration number or status."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def district(self):
        return self.subdistrict.district if self.subdistrict_id else None

    @property
    def province(self):
        return self.subdistrict.district.province if self.subdistrict_id else None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Objective(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="objectives")
    text = models.CharField(_("objective"), max_length=1000)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ProductService(models.Model):
    """A product or service of a social enterprise (the OSEP e-service registry)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="products")
    name = models.CharField(_("product or service"), max_length=255)
    description = models.CharField(_("description"), max_length=1000, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Personnel(models.Model):
    """The chair first, then board members, then staff (the application form's order)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="personnel")
    role = models.CharField(_("role"), max_length=20, choices=PersonnelRole.choices)
    role_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    title = models.CharField(_("title"), max_length=50, blank=True)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personnel")
        ordering = ["role_rank", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(role=PersonnelRole.CHAIR),
                                    name="personnel_one_chair"),
        ]

    def __str__(self):
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)

    def save(self, *args, **kwargs):
        self.role_rank = PERSONNEL_ROLE_ORDER.get(self.role, 9)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "role_rank"}
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's place in an organisation. Approved members are project managers; approved
    members with ``is_manager`` are organisation managers (read by ``accounts.roles``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("user"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="memberships", verbose_name=_("organisation"))
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices,
                              default=MembershipStatus.PENDING)
    is_manager = models.BooleanField(_("organisation manager"), default=False)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-is_manager", "requested_at", "pk"]
        constraints = [
            # One open (pending or approved) membership per person and organisation; ended
            # ones stay as history.
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(status__in=OPEN_STATUSES),
                name="membership_one_open_per_user_and_organisation",
            ),
            models.CheckConstraint(
                condition=Q(is_manager=False) | Q(status=MembershipStatus.APPROVED),
                name="membership_manager_is_approved",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="membership_org_status")]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.status})"
