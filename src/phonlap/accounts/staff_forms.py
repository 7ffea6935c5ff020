"""Forms and list filters for staff user management and the person's own account page.
Forms only validate input; the domain functions in ``domain/users.py`` make the change."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import User

NAME_MAX = 150
PHONE_MAX = 30


def _title_choices():
    return [("", _("(none)")), *User.Title.choices]


class UserDataForm(forms.Form):
    """A user's contact data as staff edit it (row 4.1)."""

    title = forms.ChoiceField(label=_("Title"), choices=_title_choices, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             help_text=_("The account name used to sign in."))
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    mobile = forms.CharField(label=_("Mobile phone"), max_length=PHONE_MAX, required=False)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class CommitteeAccountForm(forms.Form):
    """A committee member's account (spec 01): staff type an initial password and hand it over."""

    title = forms.ChoiceField(label=_("Title"), choices=_title_choices, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX)
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             help_text=_("The account name used to sign in."))
    phone = forms.CharField(label=_("Phone"), max_length=PHONE_MAX, required=False)
    password1 = forms.CharField(
        label=_("Initial password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Hand it over in person or by phone; it is never e-mailed. "
                    "The member must change it at first sign-in."),
    )
    password2 = forms.CharField(
        label=_("Initial password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_active = forms.BooleanField(label=_("Account enabled"), required=False, initial=True)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(email=cleaned.get("email") or "", first_name=cleaned.get("first_name") or "",
                             last_name=cleaned.get("last_name") or "")
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RolesForm(forms.Form):
    """Internal roles. The view disables the boxes the signed-in person may not change."""

    is_fund_staff = forms.BooleanField(label=_("Fund staff"), required=False)
    is_committee = forms.BooleanField(label=_("Committee member"), required=False)
    is_superuser = forms.BooleanField(label=_("Super user"), required=False)


class StatusForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", _("Enable")), ("0", _("Disable"))], coerce=lambda value: value == "1",
    )


class ConfirmForm(forms.Form):
    """A checkbox the person ticks to confirm an action on their own account."""

    confirm = forms.BooleanField(label=_("Yes, I understand"), required=True)


# --- list filters ------------------------------------------------------------------------------

ROLE_CHOICES = [
    ("staff", _("Fund staff")),
    ("committee", _("Committee member")),
    ("super", _("Super user")),
    ("external", _("External user")),
]
STATUS_CHOICES = [("active", _("Enabled")), ("disabled", _("Disabled"))]


def _filter_status(queryset, name, value):
    if value == "active":
        return queryset.filter(is_active=True)
    if value == "disabled":
        return queryset.filter(is_active=False)
    return queryset


class UserFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(label=_("Role"), choices=ROLE_CHOICES, method="filter_role",
                                       empty_label=_("Any role"))
    name = django_filters.CharFilter(label=_("Name"), method="filter_name", max_length=NAME_MAX)
    email = django_filters.CharFilter(label=_("E-mail address"), field_name="email",
                                      lookup_expr="icontains", max_length=254)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES,
                                         method="filter_status", empty_label=_("Any status"))

    class Meta:
        model = User
        fields: list[str] = []

    def filter_role(self, queryset, name, value):
        if value == "staff":
            return queryset.filter(is_fund_staff=True)
        if value == "committee":
            return queryset.filter(is_committee=True)
        if value == "super":
            return queryset.filter(is_superuser=True)
        if value == "external":
            return queryset.filter(is_fund_staff=False, is_committee=False, is_superuser=False)
        return queryset

    def filter_name(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset

    def filter_status(self, queryset, name, value):
        return _filter_status(queryset, name, value)


class CommitteeFilter(django_filters.FilterSet):
    """Spec 03: the committee list is filterable by account, name, surname and phone."""

    email = django_filters.CharFilter(label=_("Account (e-mail)"), field_name="email",
                                      lookup_expr="icontains", max_length=254)
    first_name = django_filters.CharFilter(label=_("First name"), lookup_expr="icontains",
                                           max_length=NAME_MAX)
    last_name = django_filters.CharFilter(label=_("Last name"), lookup_expr="icontains",
                                          max_length=NAME_MAX)
    phone = django_filters.CharFilter(label=_("Phone"), method="filter_phone", max_length=PHONE_MAX)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES,
                                         method="filter_status", empty_label=_("Any status"))

    class Meta:
        model = User
        fields: list[str] = []

    def filter_phone(self, queryset, name, value):
        return queryset.filter(Q(phone__icontains=value) | Q(mobile__icontains=value))

    def filter_status(self, queryset, name, value):
        return _filter_status(queryset, name, value)
