"""Factories for organisations and memberships (areas come from the data migration)."""

import factory
from django.utils import timezone

from phonlap.organisations.enums import MembershipStatus, OrganisationKind, PersonnelRole
from phonlap.organisations.models import Membership, Organisation, Personnel
from tests.factories import UserFactory

# Bangkok, Phra Nakhon, Phra Borom Maha Ratchawang — postcode 10200.
SUBDISTRICT_CODE = "100101"
POSTCODE = "10200"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"มูลนิธิทดสอบ {n}")
    kind = OrganisationKind.PRIVATE
    subdistrict_id = SUBDISTRICT_CODE
    postcode = POSTCODE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MembershipStatus.APPROVED
    is_manager = False
    decided_at = factory.LazyFunction(timezone.now)


class ManagerFactory(MembershipFactory):
    is_manager = True


class PendingFactory(MembershipFactory):
    status = MembershipStatus.PENDING
    decided_at = None


class PersonnelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personnel

    organisation = factory.SubFactory(OrganisationFactory)
    role = PersonnelRole.BOARD_MEMBER
    first_name = factory.Faker("first_name", locale="th_TH")
    last_name = factory.Faker("last_name", locale="th_TH")


def manager_of(organisation=None):
    """A user who manages ``organisation`` (a new one if none); returns (user, organisation)."""
    membership = ManagerFactory(**({"organisation": organisation} if organisation else {}))
    return membership.user, membership.organisation


def member_of(organisation):
    return MembershipFactory(organisation=organisation).user
