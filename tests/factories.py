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
