import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from phonlap.funds.models import Call, Fund

from .factories import CallFactory, FundFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_two_funds_of_the_spec_ship_with_the_migrations():
    funds = {f.code: f for f in Fund.objects.all()}
    assert set(funds) >= {"disability-education", "se-promotion"}
    assert funds["disability-education"].name_th == "กองทุนส่งเสริมและพัฒนาการศึกษาสำหรับคนพิการ"
    assert funds["se-promotion"].name_th == "กองทุนส่งเสริมวิสาหกิจเพื่อสังคม"
    assert funds["se-promotion"].name_en == "Social Enterprise Promotion Fund"
    assert all(f.is_active and f.budget_ceiling is None for f in funds.values())


def test_names_follow_the_active_language():
    fund = Fund.objects.get(code="se-promotion")
    with translation.override("th"):
        assert str(fund) == "กองทุนส่งเสริมวิสาหกิจเพื่อสังคม"
        assert fund.short_name == "กองทุนวิสาหกิจเพื่อสังคม"
    with translation.override("en"):
        assert str(fund) == "Social Enterprise Promotion Fund"
        assert fund.short_name == "SE Promotion Fund"
        assert "2562" in fund.description


def test_english_falls_back_to_thai_when_missing():
    fund = FundFactory(name_en="", short_name_th="")
    with translation.override("en"):
        assert fund.name == fund.name_th
        assert fund.short_name == fund.name_th


def test_fund_code_is_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Fund.objects.create(code="se-promotion", name_th="ซ้ำ")


def test_budget_ceiling_is_decimal_and_positive():
    fund = FundFactory(budget_ceiling=Decimal("500000.00"))
    fund.refresh_from_db()
    assert fund.budget_ceiling == Decimal("500000.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        FundFactory(budget_ceiling=Decimal("0"))


def test_a_call_cannot_close_before_it_opens():
    fund = Fund.objects.get(code="disability-education")
    call = Call(fund=fund, name_th="รอบผิด", opens_on=D(2026, 3, 1), closes_on=D(2026, 2, 28))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        call.full_clean()
    assert "cannot close before it opens" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        call.save()
    assert not Call.objects.exists()


def test_a_one_day_call_is_allowed():
    call = CallFactory(opens_on=D(2026, 3, 1), closes_on=D(2026, 3, 1))
    assert call.is_open_on(D(2026, 3, 1))
    assert not call.is_open_on(D(2026, 3, 2))


def test_open_calls_include_both_ends_and_skip_inactive_funds():
    fund = Fund.objects.get(code="disability-education")
    call = CallFactory(fund=fund, opens_on=D(2026, 1, 1), closes_on=D(2026, 1, 31))
    CallFactory(fund=FundFactory(is_active=False), opens_on=D(2026, 1, 1), closes_on=D(2026, 1, 31))
    assert list(Call.objects.open_on(D(2026, 1, 1))) == [call]
    assert list(Call.objects.open_on(D(2026, 1, 31))) == [call]
    assert list(Call.objects.open_on(D(2026, 2, 1))) == []
    assert list(Call.objects.open_on(D(2025, 12, 31))) == []


def test_a_fund_with_calls_cannot_be_deleted():
    from django.db.models import ProtectedError

    call = CallFactory()
    with pytest.raises(ProtectedError):
        call.fund.delete()


def test_active_funds():
    FundFactory(code="closed", is_active=False)
    active = set(Fund.objects.active().values_list("code", flat=True))
    assert "closed" not in active
    assert {"disability-education", "se-promotion"} <= active


def test_funds_and_calls_are_in_the_admin():
    assert Fund in site._registry and Call in site._registry

