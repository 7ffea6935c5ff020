from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.core.money import baht_text, format_baht, read_number_th, to_money


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "ศูนย์บาทถ้วน"),
        (1, "หนึ่งบาทถ้วน"),
        (2, "สองบาทถ้วน"),
        (10, "สิบบาทถ้วน"),
        (11, "สิบเอ็ดบาทถ้วน"),
        (12, "สิบสองบาทถ้วน"),
        (20, "ยี่สิบบาทถ้วน"),
        (21, "ยี่สิบเอ็ดบาทถ้วน"),
        (25, "ยี่สิบห้าบาทถ้วน"),
        (99, "เก้าสิบเก้าบาทถ้วน"),
        (100, "หนึ่งร้อยบาทถ้วน"),
        (101, "หนึ่งร้อยเอ็ดบาทถ้วน"),
        (110, "หนึ่งร้อยสิบบาทถ้วน"),
        (111, "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        (120, "หนึ่งร้อยยี่สิบบาทถ้วน"),
        (1_000, "หนึ่งพันบาทถ้วน"),
        (1_001, "หนึ่งพันเอ็ดบาทถ้วน"),
        (10_000, "หนึ่งหมื่นบาทถ้วน"),
        (100_000, "หนึ่งแสนบาทถ้วน"),
        (250_000, "สองแสนห้าหมื่นบาทถ้วน"),
        (1_000_000, "หนึ่งล้านบาทถ้วน"),
        (1_000_001, "หนึ่งล้านเอ็ดบาทถ้วน"),
        (1_000_010, "หนึ่งล้านสิบบาทถ้วน"),
        (1_000_011, "หนึ่งล้านสิบเอ็ดบาทถ้วน"),
        (1_500_000, "หนึ่งล้านห้าแสนบาทถ้วน"),
        (2_000_000, "สองล้านบาทถ้วน"),
        (10_000_000, "สิบล้านบาทถ้วน"),
        (11_000_000, "สิบเอ็ดล้านบาทถ้วน"),
        (21_000_000, "ยี่สิบเอ็ดล้านบาทถ้วน"),
        (21_000_021, "ยี่สิบเอ็ดล้านยี่สิบเอ็ดบาทถ้วน"),
        (100_000_000, "หนึ่งร้อยล้านบาทถ้วน"),
        (1_000_000_000_000, "หนึ่งล้านล้านบาทถ้วน"),
        (1_234_567, "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทถ้วน"),
    ],
)
def test_baht_text_whole_baht(amount, words):
    assert baht_text(amount) == words
    assert baht_text(Decimal(amount)) == words
    assert baht_text(str(amount)) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0.01", "หนึ่งสตางค์"),
        ("0.10", "สิบสตางค์"),
        ("0.11", "สิบเอ็ดสตางค์"),
        ("0.21", "ยี่สิบเอ็ดสตางค์"),
        ("0.50", "ห้าสิบสตางค์"),
        ("0.99", "เก้าสิบเก้าสตางค์"),
    ],
)
def test_baht_text_satang_only(amount, words):
    assert baht_text(Decimal(amount)) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("1.50", "หนึ่งบาทห้าสิบสตางค์"),
        ("101.25", "หนึ่งร้อยเอ็ดบาทยี่สิบห้าสตางค์"),
        ("1234567.89", "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์"),
    ],
)
def test_baht_text_baht_and_satang(amount, words):
    assert baht_text(Decimal(amount)) == words


def test_baht_text_rounds_half_up():
    assert baht_text(Decimal("0.005")) == "หนึ่งสตางค์"
    assert baht_text(Decimal("0.004")) == "ศูนย์บาทถ้วน"
    assert baht_text(Decimal("1.995")) == "สองบาทถ้วน"
    assert baht_text(Decimal("2.125")) == "สองบาทสิบสามสตางค์"  # not banker's rounding (2.12)


def test_baht_text_refuses_float():
    with pytest.raises(TypeError):
        baht_text(1.5)


def test_baht_text_negative():
    assert baht_text(-5) == "ลบห้าบาทถ้วน"
    assert baht_text(Decimal("-0.25")) == "ลบยี่สิบห้าสตางค์"


def test_baht_text_refuses_garbage():
    with pytest.raises(ValueError):
        baht_text("ten baht")


def test_read_number_th_refuses_negative():
    with pytest.raises(ValueError):
        read_number_th(-1)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0.00"),
        (1, "1.00"),
        (Decimal("1234567.5"), "1,234,567.50"),
        (Decimal("999.995"), "1,000.00"),
        (Decimal("0.005"), "0.01"),
        (Decimal("-1234.5"), "-1,234.50"),
        ("1000000", "1,000,000.00"),
    ],
)
def test_format_baht(amount, text):
    assert format_baht(amount) == text


def test_format_baht_refuses_float():
    with pytest.raises(TypeError):
        format_baht(0.1)


def test_to_money_quantises_to_satang():
    assert to_money("1.234") == Decimal("1.23")
    assert to_money(7) == Decimal("7.00")
    assert to_money(7).as_tuple().exponent == -2


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=99))
def test_baht_text_shape(baht, satang):
    words = baht_text(Decimal(baht) + Decimal(satang) / 100)
    assert words.endswith("บาทถ้วน") == (satang == 0)
    assert words.endswith("สตางค์") == (satang != 0)
    assert ("บาท" in words) == (baht != 0 or satang == 0)
    # Thai never writes หนึ่งสิบ or สองสิบ, and a number over 10 ending in 1 ends with เอ็ด.
    assert "หนึ่งสิบ" not in words
    assert "สองสิบ" not in words
    assert "ศูนย์" not in words or (baht == 0 and satang == 0)
    if baht > 10 and baht % 10 == 1:
        assert words.split("บาท")[0].endswith("เอ็ด")
