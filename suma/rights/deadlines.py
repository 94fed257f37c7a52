"""Legal deadlines of data-rights requests: GDPR Art. 12(3), counted by Regulation 1182/71.

A controller must answer within one month of receipt, or within three months of receipt if
it told the member, with reasons, within the first month that it extends the period. Periods
in months follow Regulation (EEC, Euratom) No 1182/71: Art. 3(2)(c) ends the period on the
same date of the month `months` later (or that month's last day when it has no such date),
and Art. 3(4) moves an end falling on a Saturday, a Sunday or a public holiday to the next
working day. Public holidays are the national ones of the controller's country, from the
`holidays` package; regional holidays are not counted.

No Django here: services, the reminder sweep and `suma rights deadline` all call this. Errors
are ValueError subclasses carrying the dates and codes they are about, so that callers can
say the reason in the member's language.
"""

from __future__ import annotations

import calendar
import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

import holidays

from suma.campaigns.countries import ISO_CODES

MONTHS = 1            # Art. 12(3): one month of receipt
EXTENDED_MONTHS = 3   # extended "by two further months": three months of receipt

# ISO 3166-1 alpha-2, and XK (Kosovo, used by the EU and known to `holidays`): the
# directory's list, a pure module too.
COUNTRIES = ISO_CODES

# The GDPR's reach: the EU's 27, the EEA's 3 others, and the UK and Switzerland with GDPR-like
# laws. Each must have a holiday calendar (tests/rights/test_deadlines.py checks it).
GDPR_COUNTRIES = frozenset(
    """
    AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK
    IS LI NO GB CH
    """.split()
)

# Codes people type that ISO 3166 spells otherwise (the EU's own abbreviations among them).
_ISO_SPELLING = {"UK": "GB", "EL": "GR"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class DeadlineInputError(ValueError):
    """Input a user can get wrong; the message says what, in English."""


class UnknownCountry(DeadlineInputError):
    def __init__(self, code: str) -> None:
        self.code = code
        message = f"{code!r} is not an ISO 3166 alpha-2 country code (like DE, FR or GB)"
        if code.strip().upper() in _ISO_SPELLING:
            message += f": write {_ISO_SPELLING[code.strip().upper()]}"
        super().__init__(message)


class ReceivedInFuture(DeadlineInputError):
    def __init__(self, *, received: date, today: date) -> None:
        self.received, self.today = received, today
        super().__init__(
            f"the request cannot have been received on {received.isoformat()}: "
            f"that is in the future (today is {today.isoformat()})"
        )


class ReceivedBeforeSent(DeadlineInputError):
    def __init__(self, *, received: date, sent: date) -> None:
        self.received, self.sent = received, sent
        super().__init__(
            f"the request cannot have been received on {received.isoformat()}: "
            f"it was sent on {sent.isoformat()}, later"
        )


def country_code(country: str) -> str:
    """The ISO 3166 alpha-2 code, upper case; UnknownCountry when it is not one."""
    code = country.strip().upper()
    if code not in COUNTRIES:
        raise UnknownCountry(country)
    return code


def parse_date(text: str) -> date:
    """A date written YYYY-MM-DD (and only so: 20250131 or 2025-1-31 are refused)."""
    if not _ISO_DATE.fullmatch(text.strip()):
        raise DeadlineInputError(f"{text!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DeadlineInputError(f"{text!r} is not a date in the calendar") from None


def check_received(*, received: date, today: date, sent: date | None) -> None:
    """Refuse a receipt date that cannot be true: after today, or before the request left."""
    if received > today:
        raise ReceivedInFuture(received=received, today=today)
    if sent is not None and received < sent:
        raise ReceivedBeforeSent(received=received, sent=sent)


def months_later(day: date, months: int) -> date:
    """Reg. 1182/71 Art. 3(2)(c): the same date `months` later, or that month's last day."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=2048)
def _holidays(country: str, year: int) -> MappingProxyType[date, str] | None:
    """The national public holidays of `country` in `year`, by date; None: no calendar."""
    with warnings.catch_warnings():
        # A few calendars cover fixed years only (India's, 2001-2035): outside them the
        # package warns and gives what it has; docs/rights.md says so, a CLI user needn't.
        warnings.simplefilter("ignore", UserWarning)
        try:
            table = holidays.country_holidays(country, years=year)
        except NotImplementedError:
            return None
        if "en_US" in table.supported_languages:  # names in English whatever the locale
            table = holidays.country_holidays(country, years=year, language="en_US")
    return MappingProxyType({d: name for d, name in table.items() if d.year == year})


def has_holiday_data(country: str) -> bool:
    """Whether `holidays` knows the country's public holidays (else only weekends count)."""
    return _holidays(country_code(country), 2000) is not None


def holiday_name(day: date, country: str) -> str | None:
    """The name of the national public holiday on `day`, or None."""
    table = _holidays(country_code(country), day.year)
    return None if table is None else table.get(day)


def is_working_day(day: date, country: str) -> bool:
    """Neither a Saturday, a Sunday nor a national public holiday of `country`."""
    return day.weekday() < 5 and holiday_name(day, country) is None


def next_working_day(day: date, country: str) -> date:
    """Reg. 1182/71 Art. 3(4): `day` itself if it is a working day, else the next one."""
    code = country_code(country)
    while not is_working_day(day, code):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DayOff:
    """A day the end of the period moved past."""

    day: date
    weekend: bool          # a Saturday or a Sunday
    holiday: str | None    # the public holiday's name (English where `holidays` has it)


@dataclass(frozen=True)
class Explanation:
    """How a deadline was reached, as data: callers put it in words, in any language."""

    received: date
    country: str
    months: int
    nominal: date                 # received + months (Art. 3(2)(c))
    missing_day: int | None       # the receipt's day of month, when the nominal month lacks it
    days_off: tuple[DayOff, ...]  # the days the end moved past (Art. 3(4)), in order
    due: date                     # the deadline: the last day to answer
    holiday_data: bool            # False: no calendar for the country, only weekends count
    notify_by: date | None = None  # extended only: the last day to tell the member, with reasons

    def as_dict(self) -> dict:
        """JSON-ready: dates as YYYY-MM-DD."""
        return {
            "received": self.received.isoformat(),
            "country": self.country,
            "months": self.months,
            "nominal": self.nominal.isoformat(),
            "missing_day": self.missing_day,
            "days_off": [
                {"day": d.day.isoformat(), "weekend": d.weekend, "holiday": d.holiday}
                for d in self.days_off
            ],
            "due": self.due.isoformat(),
            "holiday_data": self.holiday_data,
            "notify_by": self.notify_by.isoformat() if self.notify_by else None,
        }


def explain(*, received: date, country: str, extended: bool = False) -> Explanation:
    """The deadline for a request received on `received` by a controller in `country`."""
    code = country_code(country)
    months = EXTENDED_MONTHS if extended else MONTHS
    nominal = months_later(received, months)
    due = next_working_day(nominal, code)
    days_off = tuple(
        DayOff(day=day, weekend=day.weekday() >= 5, holiday=holiday_name(day, code))
        for day in (nominal + timedelta(days=n) for n in range((due - nominal).days))
    )
    return Explanation(
        received=received,
        country=code,
        months=months,
        nominal=nominal,
        missing_day=received.day if nominal.day != received.day else None,
        days_off=days_off,
        due=due,
        holiday_data=has_holiday_data(code),
        notify_by=deadline(received=received, country=code) if extended else None,
    )


def deadline(*, received: date, country: str, extended: bool = False) -> date:
    """The last day a controller in `country` has to answer a request received on `received`:
    one month of receipt, three months when the period was extended in time."""
    return explain(received=received, country=country, extended=extended).due


def extension_in_time(*, received: date, notified: date, country: str) -> bool:
    """Whether an extension notice sent on `notified` counts: within the first month (up to
    and including its deadline), and not before the request was received."""
    return received <= notified <= deadline(received=received, country=country)


def _day(d: date) -> str:
    return f"{d.isoformat()} ({calendar.day_name[d.weekday()]})"


def describe(explanation: Explanation) -> list[str]:
    """The explanation in English sentences, one a line (for the command line)."""
    e = explanation
    unit = "month" if e.months == 1 else "months"
    line = f"Received {_day(e.received)} + {e.months} {unit}: {_day(e.nominal)}"
    if e.missing_day is not None:
        month = calendar.month_name[e.nominal.month]
        line += f", the last day of {month} (it has no day {e.missing_day})"
    lines = [line + "."]
    if not e.holiday_data:
        lines.append(
            f"No public-holiday calendar for {e.country}: only Saturdays and Sundays are skipped."
        )
    for off in e.days_off:
        weekday = calendar.day_name[off.day.weekday()]
        if off.holiday and off.weekend:
            lines.append(f"{off.day.isoformat()} is a {weekday} and a public holiday in "
                         f"{e.country}: {off.holiday}.")
        elif off.holiday:
            lines.append(f"{_day(off.day)} is a public holiday in {e.country}: {off.holiday}.")
        else:
            lines.append(f"{off.day.isoformat()} is a {weekday}.")
    if e.days_off:
        lines.append(f"The deadline moves to the next working day: {_day(e.due)}.")
    else:
        lines.append(f"That is a working day in {e.country}: the deadline.")
    if e.notify_by is not None:
        lines.append(f"The extension counts only if the member was told, with reasons, "
                     f"by {_day(e.notify_by)} (the one-month deadline).")
    return lines
