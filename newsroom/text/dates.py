"""Dates as the press office writes them, always on Kyiv time.

Times are stored in UTC but read by people in Kyiv, and Kyiv moves its clocks
twice a year, so every conversion goes through the real ``Europe/Kyiv`` zone
rather than a fixed +02:00 or +03:00. Naive datetimes are refused instead of
guessed: a naive value means some layer lost the zone, and guessing would
shift published times by hours without anyone noticing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from newsroom.i18n import tr

KYIV = ZoneInfo("Europe/Kyiv")

ARTICLE_DATETIME_PATTERN = "d MMMM y - HH:mm"
"""The site's date line, "13 липня 2016 - 10:50"; MMMM is the genitive month."""

MONTH_YEAR_PATTERN = "LLLL y"
"""Archive headings, "липень 2016"; LLLL is the nominative (stand-alone) month."""

# Checked before ``datetime.fromisoformat``, which also takes week dates and
# compact forms ("2016W283", "20160713") that an editor never means to type.
_USER_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
    r"(?:Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)


def _babel_locale(locale: str) -> str:
    """Accept "en-US" as well as "en_US": BCP 47 tags come from the web side,
    underscore names from Qt, and babel reads only the latter."""
    return locale.replace("-", "_")


def _require_aware(dt: datetime) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"naive datetime {dt.isoformat()}: attach a time zone before formatting")


def format_article_datetime(dt: datetime, locale: str = "uk") -> str:
    """Format a publication time as the site shows it, in Kyiv time."""
    _require_aware(dt)
    return format_datetime(dt, ARTICLE_DATETIME_PATTERN, tzinfo=KYIV, locale=_babel_locale(locale))


def format_month_year(dt: datetime, locale: str = "uk") -> str:
    """Format the month and year of a moment in Kyiv, for archive headings.

    The month is taken in Kyiv, not UTC: 23:30 UTC on 31 July is already
    August in Kyiv, and that is the month readers expect.
    """
    _require_aware(dt)
    return format_datetime(dt, MONTH_YEAR_PATTERN, tzinfo=KYIV, locale=_babel_locale(locale))


def _error(text: str) -> ValueError:
    return ValueError(tr("cannot read date '{text}': use YYYY-MM-DD HH:MM", text=text))


def parse_user_datetime(text: str) -> datetime:
    """Read a date typed by an editor and return it as an aware UTC datetime.

    Without an offset the value is Kyiv wall-clock time, because that is the
    clock on the editor's wall. A wall time that Kyiv skips when the clocks go
    forward is refused rather than silently moved. In the repeated hour in
    autumn the first (summer-time) occurrence is taken, as ``zoneinfo`` does.
    """
    cleaned = text.strip().upper()  # "t" and "z" are fine to type in lower case
    if not _USER_DATETIME.fullmatch(cleaned):
        raise _error(text)
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise _error(text) from None
    try:
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
        utc = parsed.replace(tzinfo=KYIV).astimezone(UTC)
        back = utc.astimezone(KYIV).replace(tzinfo=None)
    except OverflowError:  # "0001-01-01 00:00" in Kyiv is before year 1 in UTC
        raise _error(text) from None
    if back != parsed:
        raise ValueError(tr("cannot read date '{text}': {cleaned} does not exist in Kyiv (the "
                            "clocks skip that hour)", text=text, cleaned=cleaned))
    return utc
