"""GDPR Art. 12(3) deadlines counted by Regulation 1182/71: properties, real calendars, the CLI.

Pure tests: no database. Hand-checked examples were checked against a printed calendar and the
national holiday lists of each country.
"""

import calendar
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suma import cli
from suma.rights import deadlines
from suma.rights.deadlines import (
    COUNTRIES,
    GDPR_COUNTRIES,
    ReceivedBeforeSent,
    ReceivedInFuture,
    UnknownCountry,
    check_received,
    deadline,
    explain,
    extension_in_time,
    months_later,
    next_working_day,
)

ROOT = Path(__file__).resolve().parents[2]
PROPS = settings(max_examples=300, deadline=None)

# Receipts up to the end of 2099, so that three months later stays within the holiday data.
receipts = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
gdpr_countries = st.sampled_from(sorted(GDPR_COUNTRIES))


def official_holidays(country: str, day: date) -> bool:
    """Straight from the `holidays` package, bypassing the module's cache."""
    return day in holidays.country_holidays(country, years=day.year)


# --- properties -------------------------------------------------------------------------


@PROPS
@given(receipts, gdpr_countries, st.booleans())
def test_the_deadline_is_never_a_weekend_or_a_public_holiday(received, country, extended):
    due = deadline(received=received, country=country, extended=extended)
    assert due.weekday() < 5
    assert not official_holidays(country, due)


@PROPS
@given(receipts, gdpr_countries, st.booleans())
def test_the_deadline_is_the_first_working_day_on_or_after_the_nominal_end(
    received, country, extended
):
    e = explain(received=received, country=country, extended=extended)
    # The longest run of days off in these countries over 2000-2100 is 6 days (Bulgaria,
    # May 2008; Hungary and Latvia, Christmas 2013).
    assert e.nominal <= e.due <= e.nominal + timedelta(days=6)
    skipped = [e.nominal + timedelta(days=n) for n in range((e.due - e.nominal).days)]
    assert [off.day for off in e.days_off] == skipped
    for off in e.days_off:
        assert off.weekend == (off.day.weekday() >= 5)
        assert off.weekend or official_holidays(country, off.day)
        assert (off.holiday is not None) == official_holidays(country, off.day)


@PROPS
@given(receipts, st.integers(0, 36))
def test_months_later_keeps_the_day_of_month_or_takes_the_months_last_day(received, months):
    end = months_later(received, months)
    assert (end.year * 12 + end.month) - (received.year * 12 + received.month) == months
    last = calendar.monthrange(end.year, end.month)[1]
    assert end.day == (received.day if received.day <= last else last)


@PROPS
@given(receipts, receipts, gdpr_countries, st.booleans())
def test_a_later_receipt_never_gets_an_earlier_deadline(a, b, country, extended):
    first, second = sorted([a, b])
    assert deadline(received=first, country=country, extended=extended) <= deadline(
        received=second, country=country, extended=extended
    )


@PROPS
@given(receipts, gdpr_countries)
def test_an_extended_deadline_is_three_months_and_never_earlier_than_the_normal_one(
    received, country
):
    normal = deadline(received=received, country=country)
    extended = deadline(received=received, country=country, extended=True)
    assert received + timedelta(days=28) <= normal
    assert normal < extended
    assert received + timedelta(days=89) <= extended
    assert extended == next_working_day(months_later(received, 3), country)


@PROPS
@given(receipts, st.integers(-5, 45), gdpr_countries)
def test_an_extension_counts_when_notified_between_receipt_and_the_one_month_deadline(
    received, offset, country
):
    notified = received + timedelta(days=offset)
    due = deadline(received=received, country=country)
    in_time = extension_in_time(received=received, notified=notified, country=country)
    assert in_time == (received <= notified <= due)


@PROPS
@given(receipts, st.sampled_from(sorted(COUNTRIES)))
def test_every_country_code_gets_a_working_day_and_case_does_not_matter(received, country):
    due = deadline(received=received, country=country)
    assert due == deadline(received=received, country=f" {country.lower()} ")
    assert due.weekday() < 5
    assert not official_holidays(country, due)


@PROPS
@given(receipts, st.one_of(st.none(), receipts), receipts)
def test_a_receipt_date_is_refused_exactly_when_it_is_in_the_future_or_before_sending(
    received, sent, today
):
    impossible = received > today or (sent is not None and received < sent)
    try:
        check_received(received=received, today=today, sent=sent)
    except ValueError:
        assert impossible
    else:
        assert not impossible


# --- real calendars, checked by hand ------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "country", "extended", "due"),
    [
        # February has no 31st: the last day, a Friday.
        ("2025-01-31", "DE", False, "2025-02-28"),
        # 28 Feb 2026 is a Saturday: Monday 2 March (the issue's own example).
        ("2026-01-31", "DE", False, "2026-03-02"),
        # A Saturday: 1 March 2025 -> Monday 3 March.
        ("2025-02-01", "FR", False, "2025-03-03"),
        # 1 May 2025 (a Thursday) is Labour Day in Germany and France.
        ("2025-04-01", "DE", False, "2025-05-02"),
        ("2025-04-01", "FR", False, "2025-05-02"),
        # Whit Monday, 9 June 2025, is a national holiday in Germany.
        ("2025-05-09", "DE", False, "2025-06-10"),
        # 15 August 2025 (a Friday) is a national holiday in France, Italy and Spain, only a
        # regional one in Germany (Saarland, parts of Bavaria): not counted there.
        ("2025-07-15", "FR", False, "2025-08-18"),
        ("2025-07-15", "IT", False, "2025-08-18"),
        ("2025-07-15", "ES", False, "2025-08-18"),
        ("2025-07-15", "DE", False, "2025-08-15"),
        # St Patrick's Day, Monday 17 March 2025: Ireland's; in the UK only Northern Ireland's.
        ("2025-02-17", "IE", False, "2025-03-18"),
        ("2025-02-17", "GB", False, "2025-03-17"),
        # Christmas Day and St Stephen's Day (Thu 25, Fri 26 Dec 2025), then a weekend.
        ("2025-11-25", "IE", False, "2025-12-29"),
        ("2025-11-25", "GB", False, "2025-12-29"),
        # In France only 25 December is a holiday: Friday 26 is a working day.
        ("2025-11-25", "FR", False, "2025-12-26"),
        # Leap day: 29 Feb 2024 + 1 month is Good Friday (29 Mar), then Saturday, Easter
        # Sunday and Easter Monday: Tuesday 2 April. Three months: Wednesday 29 May.
        ("2024-02-29", "DE", False, "2024-04-02"),
        ("2024-02-29", "DE", True, "2024-05-29"),
        # 30 Jan 2024 + 1 month: the leap day exists. 29 Jan 2023: 28 Feb, the last day.
        ("2024-01-30", "DE", False, "2024-02-29"),
        ("2023-01-29", "DE", False, "2023-02-28"),
        # 31 Jan + 3 months: 30 April (no 31 April), 89 days; 30 April 2025 is a Wednesday.
        ("2025-01-31", "NL", True, "2025-04-30"),
        # 29 Nov 2024 + 1 month is Sunday 29 Dec: Monday 30 Dec. + 3 months: 28 Feb 2025.
        ("2024-11-29", "DE", False, "2024-12-30"),
        ("2024-11-29", "DE", True, "2025-02-28"),
    ],
)
def test_hand_checked_deadlines(received, country, extended, due):
    got = deadline(received=date.fromisoformat(received), country=country, extended=extended)
    assert got == date.fromisoformat(due)


def test_the_explanation_says_why_the_date_moved():
    e = explain(received=date(2026, 1, 31), country="de")
    assert e.country == "DE"
    assert e.months == 1
    assert e.nominal == date(2026, 2, 28)
    assert e.missing_day == 31
    assert [(off.day, off.weekend, off.holiday) for off in e.days_off] == [
        (date(2026, 2, 28), True, None),
        (date(2026, 3, 1), True, None),
    ]
    assert e.due == date(2026, 3, 2)
    assert e.holiday_data is True
    assert e.notify_by is None
    assert e.as_dict()["days_off"][0] == {"day": "2026-02-28", "weekend": True, "holiday": None}


def test_the_explanation_names_the_holiday_and_when_an_extension_must_be_notified():
    e = explain(received=date(2025, 9, 25), country="IE", extended=True)
    assert e.nominal == date(2025, 12, 25)
    assert e.missing_day is None
    assert [off.holiday for off in e.days_off] == [
        "Christmas Day", "Saint Stephen's Day", None, None
    ]
    assert e.due == date(2025, 12, 29)
    # One month: Saturday 25 October, then the October Bank Holiday on Monday 27.
    assert e.notify_by == date(2025, 10, 28)


def test_every_gdpr_country_has_a_national_holiday_calendar():
    for country in GDPR_COUNTRIES:
        assert deadlines.has_holiday_data(country), country
        assert deadlines.holiday_name(date(2025, 12, 25), country), country


@pytest.mark.parametrize("code", ["ZZ", "DEU", "", "D", "12", "EU"])
def test_an_invalid_country_code_is_refused_with_a_clear_message(code):
    with pytest.raises(UnknownCountry, match="not an ISO 3166 alpha-2 country code"):
        deadline(received=date(2025, 1, 31), country=code)


def test_uk_and_el_are_refused_with_the_iso_spelling():
    with pytest.raises(UnknownCountry, match="write GB"):
        deadline(received=date(2025, 1, 31), country="uk")
    with pytest.raises(UnknownCountry, match="write GR"):
        deadline(received=date(2025, 1, 31), country="EL")


def test_check_received_says_which_date_is_wrong():
    with pytest.raises(ReceivedInFuture, match="2025-03-02.*future.*2025-03-01"):
        check_received(received=date(2025, 3, 2), today=date(2025, 3, 1), sent=None)
    with pytest.raises(ReceivedBeforeSent, match="2025-02-27.*sent on 2025-02-28"):
        check_received(received=date(2025, 2, 27), today=date(2025, 3, 1), sent=date(2025, 2, 28))
    check_received(received=date(2025, 3, 1), today=date(2025, 3, 1), sent=date(2025, 3, 1))


@pytest.fixture
def no_calendar_for_aq(monkeypatch):
    """As if `holidays` did not know Antarctica (today it knows every ISO code)."""
    real = holidays.country_holidays

    def country_holidays(country, *args, **kwargs):
        if country == "AQ":
            raise NotImplementedError(f"Country {country} not available")
        return real(country, *args, **kwargs)

    deadlines._holidays.cache_clear()
    monkeypatch.setattr(deadlines.holidays, "country_holidays", country_holidays)
    yield
    deadlines._holidays.cache_clear()


def test_a_country_without_holiday_data_counts_weekends_only_and_says_so(no_calendar_for_aq):
    # `holidays` counts Christmas in Antarctica; without its data Thursday 25 Dec 2025 stays.
    e = explain(received=date(2025, 11, 25), country="AQ")
    assert e.holiday_data is False
    assert e.due == date(2025, 12, 25)
    assert "only Saturdays and Sundays" in "\n".join(deadlines.describe(e))
    sat = explain(received=date(2026, 1, 31), country="aq")
    assert sat.due == date(2026, 3, 2)


# --- the command line ---------------------------------------------------------------------


def run_cli(capsys, *args):
    status = cli.main(["rights", "deadline", *args])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def test_cli_prints_the_deadline_first_then_why(capsys):
    status, lines, err = run_cli(capsys, "--received", "2026-01-31", "--country", "de")
    assert status == 0 and err == ""
    assert lines[0] == "2026-03-02"
    text = "\n".join(lines[1:])
    assert "2026-02-28" in text and "it has no day 31" in text
    assert "2026-02-28 is a Saturday" in text and "2026-03-01 is a Sunday" in text
    assert "next working day: 2026-03-02 (Monday)" in text


def test_cli_names_the_holiday_it_moved_past(capsys):
    status, lines, _ = run_cli(capsys, "--received", "2025-02-17", "--country", "IE")
    assert status == 0
    assert lines[0] == "2025-03-18"
    assert any("public holiday in IE: Saint Patrick's Day" in line for line in lines[1:])


def test_cli_extended_counts_three_months_and_says_when_to_notify(capsys):
    status, lines, _ = run_cli(
        capsys, "--received", "2025-01-31", "--country", "NL", "--extended"
    )
    assert status == 0
    assert lines[0] == "2025-04-30"
    assert "+ 3 months" in lines[1]
    assert any("told, with reasons, by 2025-02-28" in line for line in lines)


@pytest.mark.parametrize(
    ("received", "country", "reason"),
    [
        ("2025-02-30", "DE", "not a date in the calendar"),
        ("31/01/2025", "DE", "not a date written YYYY-MM-DD"),
        ("20250131", "DE", "not a date written YYYY-MM-DD"),
        ("2025-01-31", "ZZ", "not an ISO 3166 alpha-2 country code"),
        ("2025-01-31", "UK", "write GB"),
        ((date.today() + timedelta(days=1)).isoformat(), "DE", "in the future"),
    ],
)
def test_cli_refuses_bad_input_on_stderr_with_status_2(capsys, received, country, reason):
    status, lines, err = run_cli(capsys, "--received", received, "--country", country)
    assert status == 2
    assert lines == []
    assert err.startswith("suma rights deadline: ") and reason in err


def test_cli_runs_without_importing_django():
    code = (
        "import sys, suma.cli\n"
        "status = suma.cli.main(['rights', 'deadline', '--received', '2024-02-29',"
        " '--country', 'DE'])\n"
        "assert status == 0\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "2024-04-02"
