"""An organisation keeps a copy of its subdistrict's province (the statistics group proposals by
it with one join): set on every save, and filled by the migration for organisations before it."""

import importlib

import pytest
from django.db import connection

from phonlap.organisations.models import Organisation, Subdistrict

from .factories import SUBDISTRICT_CODE, OrganisationFactory

pytestmark = pytest.mark.django_db


def _province(organisation) -> str | None:
    return Organisation.objects.values_list("address_province_id", flat=True).get(
        pk=organisation.pk)


def test_saving_copies_the_subdistricts_province():
    organisation = OrganisationFactory()
    assert _province(organisation) == "10" == SUBDISTRICT_CODE[:2]  # Bangkok
    elsewhere = Subdistrict.objects.exclude(district__province_id="10").order_by("code").first()
    organisation.subdistrict, organisation.postcode = elsewhere, ""
    organisation.save(update_fields=["subdistrict", "postcode"])  # the province follows
    assert _province(organisation) == elsewhere.district.province_id != "10"
    organisation.subdistrict, organisation.postcode = None, ""
    organisation.save()
    assert _province(organisation) is None


def test_the_migration_fills_organisations_saved_before_the_column():
    organisation = OrganisationFactory()
    no_address = OrganisationFactory(subdistrict_id=None, postcode="")
    migration = importlib.import_module(
        "phonlap.organisations.migrations.0003_statistics_figures")
    fill = next(op for op in migration.Migration.operations if hasattr(op, "sql"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE organisations_organisation SET address_province_id = NULL")
        cursor.execute(fill.sql)
    assert _province(organisation) == "10"
    assert _province(no_address) is None
