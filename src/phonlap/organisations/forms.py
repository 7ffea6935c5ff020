"""Forms. Validation that is a rule of the domain lives on the model (``Organisation.clean``)
and in domain.py; these forms add the address pickers and the B.E. year."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phonlap.core.fiscal import to_be, to_ce
from phonlap.core.thaidate import BE_THRESHOLD, is_thai

from .enums import PersonnelRole
from .models import (
    REGISTRATION_YEAR_RANGE,
    District,
    Objective,
    Organisation,
    Personnel,
    ProductService,
    Province,
    Subdistrict,
)

SIX_PLACES = Decimal("0.000001")


class CoordinateField(forms.DecimalField):
    """Accept any number of decimals when typed; store six (about 11 cm)."""

    def __init__(self, *, low: int, high: int, **kwargs):
        super().__init__(
            required=False, min_value=low, max_value=high,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        return None if value is None else value.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


class OrganisationForm(forms.ModelForm):
    """Create / edit an organisation. Province → district → subdistrict narrow each other: with
    JavaScript by HTMX, without it by the "Show districts and subdistricts" button."""

    province = forms.ChoiceField(
        label=_("Province"), required=False,
        error_messages={"invalid_choice": _("Unknown province. Choose one from the list.")},
    )
    district = forms.ChoiceField(
        label=_("District"), required=False,
        error_messages={"invalid_choice": _(
            "Unknown district for the chosen province. Choose one from the list.")},
    )
    subdistrict = forms.ChoiceField(
        label=_("Subdistrict"), required=True,
        error_messages={
            "invalid_choice": _("Unknown subdistrict for the chosen district. Choose one from the list."),
            "required": _("Choose the province, district and subdistrict of the address."),
        },
    )
    registration_year = forms.IntegerField(
        label=_("Year of registration"), required=False,
        help_text=_("Buddhist Era, for example 2560 (a Christian-Era year such as 2017 also works)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _("Type the year as a number, for example 2560.")},
    )
    latitude = CoordinateField(low=-90, high=90, label=_("Latitude"),
                               help_text=_("Decimal degrees north, e.g. 13.7563 (Thailand: 5 to 21)."))
    longitude = CoordinateField(low=-180, high=180, label=_("Longitude"),
                                help_text=_("Decimal degrees east, e.g. 100.5018 (Thailand: 97 to 106)."))

    class Meta:
        model = Organisation
        fields = [
            "name", "kind", "parent_agency", "registration_year", "house_number", "road",
            "province", "district", "subdistrict", "postcode", "latitude", "longitude",
            "is_social_enterprise", "se_registration_number", "se_status",
        ]
        widgets = {"kind": forms.RadioSelect, "postcode": forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.thai = is_thai(get_language())
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]
        subdistrict = self.instance.subdistrict if self.instance.subdistrict_id else None
        if subdistrict is not None and not self.is_bound:
            self.initial.setdefault("subdistrict", subdistrict.code)
            self.initial.setdefault("district", subdistrict.district_id)
            self.initial.setdefault("province", subdistrict.district.province_id)
        if self.instance.registration_year and not self.is_bound:
            year = self.instance.registration_year
            self.initial["registration_year"] = to_be(year) if self.thai else year
        province_code = self._value("province")
        district_code = self._value("district")
        name = "name_th" if self.thai else "name_en"
        empty = [("", _("— choose —"))]
        self.fields["province"].choices = empty + list(
            Province.objects.order_by(name).values_list("code", name))
        self.fields["district"].choices = empty + list(
            District.objects.filter(province_id=province_code).order_by(name)
            .values_list("code", name)) if province_code else empty
        self.fields["subdistrict"].choices = empty + list(
            Subdistrict.objects.filter(district_id=district_code).order_by(name)
            .values_list("code", name)) if district_code else empty
        # Progressive enhancement: HTMX narrows the lists as the user chooses; without it the
        # "Show districts and subdistricts" button re-renders the form. A keyboard user moving
        # through a closed select with the arrow keys fires "change" at every option, so each
        # new request replaces the one in flight: the lists always follow the last choice.
        for field, url, target, swap in (
            ("province", "organisations:districts", "#id_district", "innerHTML"),
            ("district", "organisations:subdistricts", "#id_subdistrict", "innerHTML"),
            ("subdistrict", "organisations:postcode", "#id_postcode", "outerHTML"),
        ):
            self.fields[field].widget.attrs.update({
                "hx-get": reverse(url), "hx-target": target, "hx-trigger": "change",
                "hx-swap": swap, "hx-sync": "this:replace"})
        self.fields["postcode"].help_text = _("Filled from the subdistrict; change it only if the "
                                              "subdistrict has more than one.")

    def _value(self, name: str) -> str:
        if self.is_bound:
            return (self.data.get(self.add_prefix(name)) or "").strip()
        return str(self.initial.get(name) or "")

    def clean_registration_year(self):
        year = self.cleaned_data.get("registration_year")
        if year is None:
            return None
        ce = to_ce(year) if year >= BE_THRESHOLD else year
        if ce > date.today().year:
            raise forms.ValidationError(_("The year of registration cannot be in the future."))
        if ce < REGISTRATION_YEAR_RANGE[0]:
            raise forms.ValidationError(
                _("Type a year between %(low)s and this year.")
                % {"low": to_be(REGISTRATION_YEAR_RANGE[0]) if self.thai else REGISTRATION_YEAR_RANGE[0]}
            )
        return ce

    def clean_subdistrict(self):
        code = self.cleaned_data.get("subdistrict")
        subdistrict = (Subdistrict.objects.select_related("district__province")
                       .filter(pk=code).first())
        if subdistrict is None:
            raise forms.ValidationError(self.fields["subdistrict"].error_messages["invalid_choice"])
        return subdistrict

    def domain_fields(self) -> dict:
        """The cleaned values the domain function takes."""
        from .domain import ORGANISATION_FIELDS

        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS
                if name in self.cleaned_data}


class PersonnelForm(forms.ModelForm):
    class Meta:
        model = Personnel
        fields = ["role", "title", "first_name", "last_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="person", **kwargs)
        self.fields["role"].choices = PersonnelRole.choices


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "maxlength": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="objective", **kwargs)


class ProductForm(forms.ModelForm):
    class Meta:
        model = ProductService
        fields = ["name", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="product", **kwargs)


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to add"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
