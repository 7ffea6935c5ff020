"""Factories for people. Apps add their own in tests/<app>/factories.py."""

import factory
from allauth.account.models import EmailAddress

from phonlap.accounts.models import User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up, e-mail-verified external user with no organisation."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    language = "en"  # see tests/conftest.py: tests read English messages
    first_name = factory.Faker("first_name", locale="th_TH")
    last_name = factory.Faker("last_name", locale="th_TH")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class UnverifiedUserFactory(UserFactory):
    """Signed up, verification link not yet followed."""

    verified = factory.PostGeneration(lambda obj, create, extracted, **kwargs: obj.save())


class StaffFactory(UserFactory):
    is_fund_staff = True
    is_staff = True


class CommitteeFactory(UserFactory):
    is_committee = True


class SuperUserFactory(UserFactory):
    is_superuser = True
    is_staff = True


# --- onboarding (account gate: consent, profile) — added by the sign-up helper ---

def valid_national_id(first_twelve: str = "110170020345") -> str:
    from phonlap.core.national_id import check_digit

    return f"{first_twelve}{check_digit(first_twelve)}"


def _now():
    from django.utils import timezone

    return timezone.now()


class ProfileFactory(factory.django.DjangoModelFactory):
    """A completed first-sign-in profile (no card image unless given)."""

    class Meta:
        model = "accounts.Profile"

    user = factory.SubFactory(UserFactory)
    position = "Project officer"
    work_group = "Community development"
    national_id = factory.LazyFunction(valid_national_id)
    completed_at = factory.LazyFunction(lambda: _now())


def accept_current_policies(user):
    """Record the user's acceptance of the current terms and privacy policy."""
    from django.utils import timezone

    from phonlap.accounts.domain.consent import current_policies
    from phonlap.accounts.models import Consent

    for version in current_policies():
        Consent.objects.get_or_create(user=user, policy_version=version,
                                      defaults={"accepted_at": timezone.now()})
    return user


def onboard(user):
    """Let ``user`` through the account gate's consent, profile and (super users) TOTP steps;
    not the organisation step, nor a pending forced password change."""
    accept_current_policies(user)
    if not user.is_internal:
        from phonlap.accounts.models import Profile

        if not Profile.objects.filter(user=user).exists():
            ProfileFactory(user=user)
    if user.is_superuser:
        from allauth.mfa.models import Authenticator

        Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP,
                                            defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}})
    return user


def signed_in(client, user):
    """``client`` signed in as ``user``, past the account gate (see :func:`onboard`)."""
    onboard(user)
    client.force_login(user)
    return client


class OnboardedUserFactory(UserFactory):
    """A verified external user who has accepted the policies and completed the profile."""

    @factory.post_generation
    def onboarded(obj, create, extracted, **kwargs):
        if create:
            onboard(obj)
