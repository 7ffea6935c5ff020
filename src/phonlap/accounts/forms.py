from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phonlap.core import audit

from .domain import consent as consent_domain
from .domain.profile import id_card_file_error, national_id_error
from .models import User


class SignupForm(AllauthSignupForm):
    """allauth's e-mail and password sign-up, plus acceptance of the current terms of service
    and privacy policy (PDPA B.E. 2562): which version, when and from where is recorded."""

    accept_terms = forms.BooleanField(
        label=_("I have read and accept the terms of service"),
        error_messages={"required": _("You must accept the terms of service to sign up.")},
    )
    accept_privacy = forms.BooleanField(
        label=_("I have read and accept the privacy policy and consent to the processing of my "
                "personal data under the Personal Data Protection Act B.E. 2562"),
        error_messages={"required": _("You must accept the privacy policy to sign up.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # acceptance last, after the e-mail and passwords
        for name in ("accept_terms", "accept_privacy"):
            self.fields[name] = self.fields.pop(name)

    def save(self, request):
        user = super().save(request)
        # The new account keeps the language the person signed up in (the model's default is
        # Thai): otherwise someone who signed up in English is served Thai once signed in.
        language = (get_language() or "")[:2]
        if language in dict(settings.LANGUAGES) and user.language != language:
            user.language = language
            user.save(update_fields=["language"])
        consent_domain.record_consent(
            user=user, versions=consent_domain.current_policies(), ip=audit.client_ip(request),
        )
        return user


class ReconsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and accept the new versions above"),
        error_messages={"required": _("Tick the box to accept the new versions, or sign out.")},
    )


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ProfileForm(forms.Form):
    """The first-sign-in profile. The full national ID is never put back into the form: on
    edit the field is empty and leaving it empty keeps the stored number."""

    title = forms.ChoiceField(label=_("Title"), choices=User.Title.choices)
    first_name = forms.CharField(label=_("First name"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Last name"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    position = forms.CharField(label=_("Position in the organisation"), max_length=200)
    work_group = forms.CharField(label=_("Work group"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    mobile = forms.CharField(label=_("Mobile phone"), max_length=30, required=False,
                             widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))
    national_id = forms.CharField(
        label=_("National ID number"), max_length=30,
        help_text=_("13 digits, as printed on your ID card; spaces and dashes are ignored."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    id_card_image = forms.FileField(
        label=_("Image of your national ID card"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["id_card_image"].help_text = _(
            "JPEG, PNG or PDF, at most %(mb)s MB. Used only to verify your identity."
        ) % {"mb": settings.ID_CARD_IMAGE_MAX_BYTES // (1024 * 1024)}
        if profile is not None and profile.national_id:
            self.fields["national_id"].required = False
            self.fields["national_id"].help_text = _(
                "Stored: %(masked)s. Leave empty to keep it; type all 13 digits to replace it."
            ) % {"masked": profile.national_id_masked}
        if profile is not None and profile.id_card_image:
            self.fields["id_card_image"].required = False
            self.fields["id_card_image"].widget = forms.FileInput(
                attrs={"accept": ".jpg,.jpeg,.png,.pdf"})
            self.fields["id_card_image"].help_text = _(
                "An image is stored. Choose a file only to replace it (JPEG, PNG or PDF).")

    def clean_national_id(self):
        value = self.cleaned_data.get("national_id", "")
        if not value and not self.fields["national_id"].required:
            return None
        if message := national_id_error(value):
            raise forms.ValidationError(message)
        return value

    def clean_id_card_image(self):
        upload = self.cleaned_data.get("id_card_image")
        if not upload:
            return None
        if message := id_card_file_error(upload):
            raise forms.ValidationError(message)
        return upload
