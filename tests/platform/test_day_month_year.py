"""Dates typed as day, month and year (the portal's and the public forms' one date field): each
way a date can be wrong has its own plain message, and a real date comes back as a date."""

from datetime import date, datetime

import pytest
from django import forms
from django.utils import timezone

from pace_site.forms import date_field, date_time_field, day_month_year_field


class DateForm(forms.Form):
    on = day_month_year_field("When")


class OptionalDateForm(forms.Form):
    on = day_month_year_field("When", required=False)


def parts(day="", month="", year=""):
    return {"on_day": day, "on_month": month, "on_year": year}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (parts("31", "2", "2026"), "Enter a real date: February 2026 has 28 days."),
        (parts("30", "2", "2028"), "Enter a real date: February 2028 has 29 days."),
        (parts("31", "4", "2026"), "Enter a real date: April 2026 has 30 days."),
        (parts("0", "4", "2026"), "Enter a real date: April 2026 has 30 days."),
        (parts("3", "13", "2026"), "Enter a real date: the month must be a number from 1 to 12."),
        (parts("3", "0", "2026"), "Enter a real date: the month must be a number from 1 to 12."),
        (parts("3", "3", "26"), "Enter a real date: the year must be 4 numbers"),
        (parts("3", "3", "20266"), "Enter a real date: the year must be 4 numbers"),
        (parts("3", "3", "1066"), "Enter a real date: the year must be 4 numbers"),
        (parts("3", "", "2026"), "The date must include a month."),
        (parts("", "", "2026"), "The date must include a day and a month."),
        (parts("3", "3", ""), "The date must include a year."),
        (parts("third", "3", "2026"), "Enter a real date in numbers, for example 27 3 2026."),
        (parts("-1", "3", "2026"), "Enter a real date in numbers, for example 27 3 2026."),
        (parts("", "", ""), "Enter the date, for example 27 3 2026."),
        ({}, "Enter the date, for example 27 3 2026."),
    ],
)
def test_a_date_that_is_not_one_gets_a_plain_message(data, message):
    form = DateForm(data=data)
    assert not form.is_valid()
    assert form.errors["on"][0].startswith(message)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (parts("27", "3", "2026"), date(2026, 3, 27)),
        (parts("07", "03", "2026"), date(2026, 3, 7)),
        (parts(" 29 ", " 2 ", " 2028 "), date(2028, 2, 29)),
        ({"on": "2026-03-27"}, date(2026, 3, 27)),  # a page opened before the three boxes
    ],
)
def test_a_real_date_comes_back_as_a_date(data, expected):
    form = DateForm(data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["on"] == expected


def test_an_optional_date_may_be_left_empty_but_not_half_filled():
    empty = OptionalDateForm(data=parts())
    assert empty.is_valid()
    assert empty.cleaned_data == {"on": None}
    form = OptionalDateForm(data=parts("3"))
    assert not form.is_valid()
    assert form.errors["on"] == ["The date must include a month and a year."]


def test_the_boxes_are_labelled_numeric_inputs_in_a_fieldset():
    html = str(DateForm(initial={"on": date(2026, 3, 27)})["on"].as_widget())
    for part, value, size in (("day", 27, 2), ("month", 3, 2), ("year", 2026, 4)):
        assert f'name="on_{part}" value="{value}" inputmode="numeric" maxlength="{size}"' in html
    assert '<label class="date-input__label" for="id_on_0">Day</label>' in html
    assert '<label class="date-input__label" for="id_on_2">Year</label>' in html
    assert DateForm()["on"].use_fieldset


# -- the staff workspace's dates and times -------------------------------------------------------


class StaffForm(forms.Form):
    on = date_field("Received on")
    at = date_time_field("When we found out", required=False)


def test_a_staff_date_is_three_boxes_named_as_a_group_never_a_browser_picker():
    html = str(StaffForm()["on"])
    assert 'role="group" aria-label="Received on"' in html
    assert 'type="date"' not in html
    assert [name in html for name in ('name="on_day"', 'name="on_month"', 'name="on_year"')] == [
        True
    ] * 3
    moment = str(StaffForm()["at"])
    assert 'type="datetime-local"' not in moment
    assert 'name="at_time"' in moment and "Time, for example 14:30" in moment


def test_a_staff_form_shows_a_saved_date_and_time_back_day_first():
    moment = timezone.make_aware(datetime(2026, 3, 7, 14, 5))
    form = StaffForm(initial={"on": date(2026, 3, 7), "at": moment})
    assert 'name="on_day" value="7"' in str(form["on"])
    assert 'name="at_time" value="14:05"' in str(form["at"])


@pytest.mark.parametrize(
    ("time", "expected"),
    [("14:30", (14, 30)), ("9:05", (9, 5)), ("09.05", (9, 5)), ("00:00", (0, 0))],
)
def test_a_staff_time_comes_back_in_the_sites_time_zone(time, expected):
    form = StaffForm(
        data={
            "on": "2026-07-01",
            "at_day": "1",
            "at_month": "7",
            "at_year": "2026",
            "at_time": time,
        }
    )
    assert form.is_valid(), form.errors
    moment = timezone.localtime(form.cleaned_data["at"])
    assert (moment.date(), moment.hour, moment.minute) == (date(2026, 7, 1), *expected)
    assert moment.utcoffset().total_seconds() == 3600  # British Summer Time


@pytest.mark.parametrize(
    ("time", "message"),
    [
        ("", "The date must include a time."),
        ("25:00", "Enter a real time on the 24-hour clock"),
        ("2pm", "Enter a real time on the 24-hour clock"),
        ("<b>", "Enter a real time on the 24-hour clock"),
    ],
)
def test_a_staff_time_that_is_not_one_gets_a_plain_message(time, message):
    form = StaffForm(
        data={
            "on": "2026-07-01",
            "at_day": "1",
            "at_month": "7",
            "at_year": "2026",
            "at_time": time,
        }
    )
    assert not form.is_valid()
    assert form.errors["at"][0].startswith(message)


def test_a_staff_moment_sent_as_one_iso_value_still_counts():
    form = StaffForm(data={"on": "2026-07-01", "at": "2026-07-01T14:30"})
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["at"]).strftime("%H:%M") == "14:30"
