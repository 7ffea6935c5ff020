"""The proposal form each fund asks for, kept as data (spec 02)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from phonlap.funds.models import Fund

from .factories import FundFactory

pytestmark = pytest.mark.django_db


def test_the_disability_education_fund_ships_the_disability_types():
    fund = Fund.objects.get(code="disability-education")
    assert fund.number_prefix == "DEF"
    names = [g["name_th"] for g in fund.target_groups]
    assert names == ["การมองเห็น", "การได้ยินหรือสื่อความหมาย", "การเคลื่อนไหวหรือทางร่างกาย",
                     "จิตใจหรือพฤติกรรม", "สติปัญญา", "การเรียนรู้", "ออทิสติก"]
    assert all(g["name_en"] for g in fund.target_groups)
    assert fund.form_config() == {
        "target_groups": ["visual", "hearing", "physical", "mental", "intellectual", "learning", "autism"],
        "required_attachment_types": ["expense_table", "training_schedule", "speaker_cvs"],
        "sections": [1, 2, 3, 4], "budget_ceiling": None,
    }
    with translation.override("en"):
        assert fund.target_group_label == "Disability types"
        assert fund.target_group_choices()[0] == ("visual", "Visual impairment")
    with translation.override("th"):
        assert fund.target_group_choices()[0] == ("visual", "การมองเห็น")


def test_the_se_fund_has_its_own_target_groups():
    fund = Fund.objects.get(code="se-promotion")
    assert fund.number_prefix == "SEF"
    assert "disabled" in fund.form_config()["target_groups"]
    assert fund.form_config()["required_attachment_types"] == ["expense_table"]


def test_a_new_fund_defaults_to_the_disability_education_form():
    fund = FundFactory()
    assert fund.form_config()["target_groups"][0] == "visual"
    assert fund.form_config()["sections"] == [1, 2, 3, 4]
    fund.target_groups.append({"code": "x", "name_th": "x"})
    assert len(FundFactory().target_groups) == 7  # defaults are not shared between funds


@pytest.mark.parametrize("field, value", [
    ("target_groups", [{"code": "a", "name_th": "ก"}, {"code": "a", "name_th": "ข"}]),
    ("target_groups", [{"name_th": "no code"}]),
    ("form_sections", [1, 3]),
    ("form_sections", [2, 5]),
    ("required_attachment_types", "expense_table"),
])
def test_bad_configuration_is_refused(field, value):
    fund = FundFactory()
    setattr(fund, field, value)
    with pytest.raises(ValidationError) as caught:
        fund.full_clean()
    assert field in caught.value.message_dict
