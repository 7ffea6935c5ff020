import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.core.national_id import check_digit, format_id, is_valid, mask, normalise


def _check_digit_by_hand(first_twelve: str) -> int:
    """The published rule, written out independently: weights 13, 12, … 2 on the first twelve
    digits, then (11 − total mod 11) mod 10."""
    total = sum(int(d) * weight for d, weight in zip(first_twelve, range(13, 1, -1), strict=True))
    return (11 - total % 11) % 10


def make_id(first_twelve: str) -> str:
    return first_twelve + str(check_digit(first_twelve))


VALID = make_id("110170020345")


def test_check_digit_matches_the_published_rule():
    for first_twelve in ("110170020345", "310100012345", "123456789012", "870000000000"):
        assert check_digit(first_twelve) == _check_digit_by_hand(first_twelve)
    assert check_digit("110170020345") == 0  # 144 mod 11 = 1 → (11 − 1) mod 10 = 0


def test_first_digit_zero_or_nine_is_invalid():
    # No ID is issued with a leading 0 or 9 (python-stdnum checks it).
    assert not is_valid(make_id("010170020345"))
    assert not is_valid(make_id("910170020345"))


def test_a_constructed_id_is_valid():
    assert len(VALID) == 13
    assert is_valid(VALID)


def test_wrong_check_digit_is_invalid():
    wrong = VALID[:12] + str((int(VALID[12]) + 1) % 10)
    assert not is_valid(wrong)


@pytest.mark.parametrize("length", [12, 14])
def test_wrong_length_is_invalid(length):
    assert not is_valid((VALID * 2)[:length])


def test_letters_are_invalid():
    assert not is_valid(VALID[:5] + "A" + VALID[6:])
    assert not is_valid("abcdefghijklm")


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_invalid(text):
    assert not is_valid(text)


def test_dashes_and_spaces_are_accepted():
    dashed = format_id(VALID)
    assert dashed.count("-") == 4
    assert is_valid(dashed)
    assert is_valid(" ".join([VALID[0], VALID[1:5], VALID[5:10], VALID[10:12], VALID[12]]))
    assert is_valid(f"  {VALID}  ")


def test_normalise_strips_separators():
    assert normalise("1-1017-00203-45-" + VALID[12]) == VALID
    assert normalise(None) == ""


def test_format_id_as_printed_on_the_card():
    assert format_id("1234567890121") == "1-2345-67890-12-1"
    assert format_id("1-2345-67890-12-1") == "1-2345-67890-12-1"
    assert format_id("12345") == "12345"  # not an ID: returned as typed, without separators


def test_mask_shows_only_the_last_three_digits():
    assert mask("1234567890121") == "x-xxxx-xxxxx-12-1"
    assert mask(VALID) == f"x-xxxx-xxxxx-{VALID[10:12]}-{VALID[12]}"
    assert len(re.findall(r"\d", mask(VALID))) == 3


def test_mask_accepts_the_written_forms():
    assert mask(format_id(VALID)) == mask(VALID)
    assert mask(f" {VALID} ".replace(VALID[5:10], f" {VALID[5:10]} ")) == mask(VALID)


def test_mask_of_a_malformed_number_reveals_no_digit():
    assert mask("12345") == "xxxxx"
    assert mask("") == ""
    assert not re.search(r"\d", mask("12345678901234"))


@given(st.from_regex(r"[1-8][0-9]{11}", fullmatch=True))
def test_every_constructed_id_is_valid_and_any_other_last_digit_is_not(first_twelve):
    number = make_id(first_twelve)
    assert is_valid(number)
    assert is_valid(format_id(number))
    for other in set("0123456789") - {number[12]}:
        assert not is_valid(first_twelve + other)
