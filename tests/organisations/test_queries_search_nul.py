from phonlap.organisations.queries import search_organisations
from tests.organisations.factories import OrganisationFactory


def test_search_ignores_nul_characters(db):
    organisation = OrganisationFactory(name="โรงเรียนสอนคนตาบอด")
    assert list(search_organisations("โรงเรียน\x00")) == [organisation]
