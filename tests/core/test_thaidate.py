from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phonlap.core.thaidate import (
    ThaiDateError,
    format_date,
    format_datetime,
    format_input,
    is_thai,
    parse_date,
)

DAY = date(2026, 11, 21)


# --- display -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "long", "expected"),
    [
        ("th", False, "21 พ.ย. 2569"),
        ("th", True, "21 พฤศจิกายน 2569"),
        ("en", False, "21 Nov 2026"),
        ("en", True, "21 November 2026"),
        ("th-th", False, "21 พ.ย. 2569"),
        ("en-us", True, "21 November 2026"),
    ],
)
def test_format_date(language, long, expected):
    assert format_date(DAY, language, long=long) == expected


def test_format_date_defaults_to_thai_short():
    assert format_date(DAY) == "21 พ.ย. 2569"


def test_format_date_none_is_empty():
    assert format_date(None, "th") == ""
    assert format_date(None, "en", long=True) == ""


def test_format_date_single_digit_day_is_not_padded():
    assert format_date(date(2026, 1, 5), "th") == "5 ม.ค. 2569"
    assert format_date(date(2026, 1, 5), "en") == "5 Jan 2026"


@pytest.mark.parametrize(
    ("month", "th_short", "th_long", "en_short"),
    [
        (1, "ม.ค.", "มกราคม", "Jan"),
        (2, "ก.พ.", "กุมภาพันธ์", "Feb"),
        (3, "มี.ค.", "มีนาคม", "Mar"),
        (4, "เม.ย.", "เมษายน", "Apr"),
        (5, "พ.ค.", "พฤษภาคม", "May"),
        (6, "มิ.ย.", "มิถุนายน", "Jun"),
        (7, "ก.ค.", "กรกฎาคม", "Jul"),
        (8, "ส.ค.", "สิงหาคม", "Aug"),
        (9, "ก.ย.", "กันยายน", "Sep"),
        (10, "ต.ค.", "ตุลาคม", "Oct"),
        (11, "พ.ย.", "พฤศจิกายน", "Nov"),
        (12, "ธ.ค.", "ธันวาคม", "Dec"),
    ],
)
def test_every_month_name(month, th_short, th_long, en_short):
    day = date(2024, month, 1)
    assert format_date(day, "th") == f"1 {th_short} 2567"
    assert format_date(day, "th", long=True) == f"1 {th_long} 2567"
    assert format_date(day, "en") == f"1 {en_short} 2024"


def test_format_datetime_thai_has_b_e_year_and_na():
    moment = datetime(2026, 11, 21, 9, 5)
    assert format_datetime(moment, "th") == "21 พ.ย. 2569 09:05 น."


def test_format_datetime_english_has_no_suffix():
    moment = datetime(2026, 11, 21, 17, 30)
    assert format_datetime(moment, "en") == "21 Nov 2026 17:30"


def test_format_datetime_none_is_empty():
    assert format_datetime(None) == ""


def test_format_date_accepts_datetime():
    assert format_date(datetime(2026, 11, 21, 23, 59), "th") == "21 พ.ย. 2569"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("th", "21/11/2569"), ("en", "21/11/2026"), (None, "21/11/2569"), ("", "21/11/2569")],
)
def test_format_input(language, expected):
    assert format_input(DAY, language) == expected


def test_format_input_pads_day_and_month():
    assert format_input(date(2026, 1, 5), "th") == "05/01/2569"
    assert format_input(date(2026, 1, 5), "en") == "05/01/2026"


def test_format_input_none_is_empty():
    assert format_input(None, "th") == ""


def test_is_thai():
    assert is_thai("th")
    assert is_thai("TH")
    assert is_thai(None)  # Thai is the default language
    assert not is_thai("en")


# --- input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "21/11/2569",  # B.E., as a Thai user types it
        "21/11/2026",  # C.E.
        "21-11-2569",
        "21.11.2569",
        "21.11.2026",
        " 21 / 11 / 2569 ",
        "2026-11-21",  # ISO
        " 2026-11-21 ",
        "21112569",  # bare digits, as typed on a numeric keypad
        "21112026",
    ],
)
def test_parse_date_reads_the_usual_forms(text):
    assert parse_date(text) == DAY


def test_parse_date_reads_thai_digits():
    # Some keyboards and copied documents give Thai numerals; they mean the same date.
    assert parse_date("๒๑/๑๑/๒๕๖๙") == DAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/2/2569", date(2026, 2, 1)),
        ("01/02/2569", date(2026, 2, 1)),
        ("5/1/2026", date(2026, 1, 5)),
        ("5-1-2026", date(2026, 1, 5)),
    ],
)
def test_parse_date_single_digit_day_and_month(text, expected):
    assert parse_date(text) == expected


def test_b_e_year_is_never_kept_as_c_e():
    parsed = parse_date("21/11/2569")
    assert parsed.year == 2026


def test_b_e_threshold():
    # 2400 is read as B.E. → 1857 C.E., which is before 1900 and so refused.
    with pytest.raises(ThaiDateError, match="year"):
        parse_date("01/01/2400")
    # 2399 is read as C.E. (an unlikely but real date).
    assert parse_date("01/01/2399") == date(2399, 1, 1)
    assert parse_date("01/01/2443") == date(1900, 1, 1)


def test_b_e_leap_year_is_valid():
    # B.E. 2567 = C.E. 2024, a leap year.
    assert parse_date("29/02/2567") == date(2024, 2, 29)


def test_b_e_non_leap_year_is_invalid():
    # B.E. 2566 = C.E. 2023.
    with pytest.raises(ThaiDateError, match="invalid"):
        parse_date("29/02/2566")


def test_iso_with_b_e_year_is_read_as_b_e():
    assert parse_date("2569-11-21") == DAY


@pytest.mark.parametrize(
    "text", ["31/04/2569", "00/01/2569", "01/13/2569", "32/01/2026", "2026-02-30"]
)
def test_impossible_dates_are_invalid(text):
    with pytest.raises(ThaiDateError, match="invalid"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "21/11",
        "21/11/69",  # two-digit years are ambiguous
        "21/11/25690",
        "2569/11/21",
        "21 พ.ย. 2569",
        "21/11/2569 10:00",
        "2026-1-5",  # ISO needs two digits
        "21//11/2569",
        "21/11/2569/1",
        "2111256",  # seven bare digits
        "211125690",
    ],
)
def test_garbage_is_a_format_error(text):
    with pytest.raises(ThaiDateError, match="format"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_an_error(text):
    with pytest.raises(ThaiDateError, match="empty"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    ["01/01/1899", "31/12/1000", "1899-12-31", "01/01/0001", "20261121"],  # the last: 20/26/1121
)
def test_year_before_1900_is_refused(text):
    with pytest.raises(ThaiDateError, match="year"):
        parse_date(text)


def test_thai_date_error_is_a_value_error():
    assert issubclass(ThaiDateError, ValueError)


# --- round trip ----------------------------------------------------------------------------


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9999 - 543, 12, 31)))
def test_round_trip_thai(day):
    text = format_input(day, "th")
    assert parse_date(text) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)))
def test_round_trip_english(day):
    # English shows C.E.; years from 2400 on would be read back as B.E., a limit nobody meets.
    assert parse_date(format_input(day, "en")) == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)))
def test_round_trip_iso(day):
    assert parse_date(day.isoformat()) == day
