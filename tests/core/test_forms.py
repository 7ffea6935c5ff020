"""ThaiDateField: B.E. in, ordinary dates out, in both languages."""

from datetime import date, datetime

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from phonlap.core.forms import ThaiDateField
from phonlap.core.thaidate import format_input
from phonlap.core.widgets import ThaiDateInput


class EventForm(forms.Form):
    day = ThaiDateField(label="Day")
    optional_day = ThaiDateField(label="Optional day", required=False)


class BirthForm(forms.Form):
    born = ThaiDateField(label="Born", widget=ThaiDateInput(attrs={"autocomplete": "bday"}))


def _form(language, **data):
    """A bound, validated form; ``form.texts`` holds its error messages rendered in ``language``
    (messages are lazy: read outside the override they would come out in the default)."""
    with translation.override(language):
        form = EventForm(data)
        form.is_valid()
        form.texts = {name: [str(m) for m in errors] for name, errors in form.errors.items()}
        return form


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("typed", ["21/11/2569", "21/11/2026", "2026-11-21", "21-11-2569", "21112569"])
def test_typed_date_is_stored_as_an_ordinary_date(language, typed):
    form = _form(language, day=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 11, 21)
    assert form.cleaned_data["day"].year == 2026  # never 2569
    assert form.cleaned_data["optional_day"] is None


@pytest.mark.parametrize(
    ("language", "shown"), [("th", 'value="21/11/2569"'), ("en", 'value="21/11/2026"')]
)
def test_widget_shows_the_languages_year(language, shown):
    with translation.override(language):
        html = str(EventForm(initial={"day": date(2026, 11, 21)})["day"])
    assert shown in html


def test_widget_shows_a_datetime_as_a_date():
    with translation.override("th"):
        html = str(EventForm(initial={"day": datetime(2026, 11, 21, 10, 30)})["day"])
    assert 'value="21/11/2569"' in html


def test_widget_attributes():
    with translation.override("en"):
        html = str(EventForm()["day"])
    assert 'type="text"' in html  # not type=date: browsers' pickers cannot show B.E.
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html
    assert 'id="id_day"' in html


def test_autocomplete_can_be_set_for_a_birthday():
    with translation.override("en"):
        html = str(BirthForm()["born"])
    assert 'autocomplete="bday"' in html
    assert 'inputmode="numeric"' in html


def test_format_hint_is_visible_and_described():
    with translation.override("en"):
        html = str(EventForm()["day"])
    assert '<span class="date-format-hint" id="id_day_format">dd/mm/yyyy</span>' in html
    assert 'aria-describedby="id_day_format"' in html


def test_format_hint_in_thai_asks_for_the_buddhist_era():
    with translation.override("th"):
        html = str(EventForm()["day"])
    assert '<span class="date-format-hint" id="id_day_format">วว/ดด/ปปปป (พ.ศ.)</span>' in html


def test_thai_error_messages():
    assert _form("th", day="29/02/2566").texts["day"] == [
        "ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวันและเดือน (29/02/2566)"
    ]
    assert _form("th", day="01/01/1800").texts["day"] == [
        "กรุณาตรวจสอบปี โดยกรอกปี พ.ศ. เต็ม 4 หลัก เช่น 21/11/2569"
    ]


def test_hint_is_described_along_with_help_text_and_errors():
    class HelpForm(forms.Form):
        day = ThaiDateField(label="Day", help_text="The first day")

    with translation.override("en"):
        form = HelpForm({"day": "garbage"})
        assert not form.is_valid()
        html = str(form["day"])
    assert 'aria-describedby="id_day_format id_day_helptext id_day_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="garbage"' in html  # what the user typed is shown back


def test_without_an_id_the_hint_still_shows():
    class NoIdForm(forms.Form):
        day = ThaiDateField()

    with translation.override("en"):
        html = str(NoIdForm(auto_id=False)["day"])
    assert "dd/mm/yyyy" in html
    assert "aria-describedby" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter the date as day/month/year, for example 21/11/2026."),
        ("th", "กรุณากรอกวันที่ในรูปแบบ วัน/เดือน/ปี พ.ศ. เช่น 21/11/2569"),
    ],
)
def test_format_error(language, message):
    form = _form(language, day="next Tuesday")
    assert form.texts["day"] == [message]
    assert form.errors.as_data()["day"][0].code == "invalid"


def test_impossible_date_error_is_specific():
    form = _form("en", day="29/02/2566")
    assert form.errors.as_data()["day"][0].code == "invalid_date"
    assert form.texts["day"] == ["There is no such date: check the day and the month (29/02/2566)."]


def test_b_e_leap_day_is_accepted():
    form = _form("th", day="29/02/2567")
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2024, 2, 29)


def test_year_error_is_specific():
    form = _form("en", day="01/01/1800")
    assert form.errors.as_data()["day"][0].code == "invalid_year"
    assert form.texts["day"] == ["Check the year: enter the full year, for example 21/11/2026."]


def test_error_example_uses_b_e_in_thai():
    form = _form("th", day="garbage")
    assert "21/11/2569" in form.texts["day"][0]
    form = _form("th", day="01/01/1800")
    assert "21/11/2569" in form.texts["day"][0]


def test_required():
    form = _form("en", day="  ")
    assert form.errors.as_data()["day"][0].code == "required"


def test_error_messages_can_be_overridden():
    field = ThaiDateField(error_messages={"invalid_date": "Nope."})
    with pytest.raises(forms.ValidationError) as info:
        field.clean("31/04/2569")
    assert info.value.messages == ["Nope."]


def test_field_accepts_date_objects():
    field = ThaiDateField()
    assert field.clean(date(2026, 11, 21)) == date(2026, 11, 21)
    assert field.clean(datetime(2026, 11, 21, 8, 0)) == date(2026, 11, 21)


def test_has_changed_compares_dates_not_text():
    with translation.override("th"):
        form = EventForm({"day": "21/11/2569"}, initial={"day": date(2026, 11, 21)})
        assert not form.has_changed()
        form = EventForm({"day": "22/11/2569"}, initial={"day": date(2026, 11, 21)})
        assert form.has_changed()


def test_is_a_date_field():
    assert isinstance(ThaiDateField(), forms.DateField)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2399, 12, 31)), st.sampled_from(["th", "en"])
)
def test_what_the_widget_shows_reads_back(day, language):
    with translation.override(language):
        shown = format_input(day, language)
        form = EventForm({"day": shown})
        assert form.is_valid()
        assert form.cleaned_data["day"] == day
