"""Dates on Kyiv time, including both daylight-saving edges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsroom.text.dates import (
    KYIV,
    format_article_datetime,
    format_month_year,
    parse_user_datetime,
)

SEED_MOMENT = datetime(2016, 7, 13, 7, 50, tzinfo=UTC)


def test_kyiv_is_the_real_zone_not_a_fixed_offset() -> None:
    assert KYIV.key == "Europe/Kyiv"
    assert datetime(2016, 1, 15, tzinfo=KYIV).utcoffset() == timedelta(hours=2)
    assert datetime(2016, 7, 15, tzinfo=KYIV).utcoffset() == timedelta(hours=3)


# --- formatting -----------------------------------------------------------------


def test_article_datetime_matches_the_site() -> None:
    assert format_article_datetime(SEED_MOMENT) == "13 липня 2016 - 10:50"


def test_article_datetime_in_english() -> None:
    assert format_article_datetime(SEED_MOMENT, locale="en") == "13 July 2016 - 10:50"


def test_any_aware_zone_is_shown_in_kyiv_time() -> None:
    new_york = timezone(timedelta(hours=-4))
    moment = datetime(2016, 7, 13, 3, 50, tzinfo=new_york)
    assert format_article_datetime(moment) == "13 липня 2016 - 10:50"


def test_winter_time_is_utc_plus_two() -> None:
    assert format_article_datetime(datetime(2016, 1, 15, 10, 0, tzinfo=UTC)) == (
        "15 січня 2016 - 12:00"
    )


def test_summer_time_is_utc_plus_three() -> None:
    assert format_article_datetime(datetime(2016, 8, 15, 10, 0, tzinfo=UTC)) == (
        "15 серпня 2016 - 13:00"
    )


@pytest.mark.parametrize(
    ("utc", "shown"),
    [
        # Spring: at 01:00 UTC Kyiv jumps from 02:59 to 04:00.
        (datetime(2024, 3, 31, 0, 59, tzinfo=UTC), "31 березня 2024 - 02:59"),
        (datetime(2024, 3, 31, 1, 0, tzinfo=UTC), "31 березня 2024 - 04:00"),
        # Autumn: at 01:00 UTC Kyiv goes back from 03:59 to 03:00.
        (datetime(2024, 10, 27, 0, 59, tzinfo=UTC), "27 жовтня 2024 - 03:59"),
        (datetime(2024, 10, 27, 1, 0, tzinfo=UTC), "27 жовтня 2024 - 03:00"),
        (datetime(2016, 3, 27, 1, 0, tzinfo=UTC), "27 березня 2016 - 04:00"),
        (datetime(2016, 10, 30, 1, 0, tzinfo=UTC), "30 жовтня 2016 - 03:00"),
    ],
)
def test_daylight_saving_edges(utc: datetime, shown: str) -> None:
    assert format_article_datetime(utc) == shown


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_article_datetime(datetime(2016, 7, 13, 10, 50))
    with pytest.raises(ValueError, match="naive"):
        format_month_year(datetime(2016, 7, 13, 10, 50))


def test_month_year_is_nominative() -> None:
    assert format_month_year(SEED_MOMENT) == "липень 2016"
    assert format_month_year(datetime(2016, 3, 1, 12, tzinfo=UTC)) == "березень 2016"


@pytest.mark.parametrize("locale", ["en_US", "en-US", "en_GB"])
def test_locale_with_region_in_either_spelling(locale: str) -> None:
    assert format_article_datetime(SEED_MOMENT, locale=locale) == "13 July 2016 - 10:50"
    assert format_month_year(SEED_MOMENT, locale=locale) == "July 2016"


def test_month_year_in_english() -> None:
    assert format_month_year(SEED_MOMENT, locale="en") == "July 2016"


def test_month_is_the_kyiv_month_not_the_utc_month() -> None:
    late_on_31_july_utc = datetime(2016, 7, 31, 21, 30, tzinfo=UTC)
    assert format_month_year(late_on_31_july_utc) == "серпень 2016"


# --- parsing ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2016-07-13T10:50",
        "2016-07-13 10:50",
        "2016-07-13 10:50:00",
        "2016-07-13T07:50:00+00:00",
        "2016-07-13T07:50Z",
        "2016-07-13T10:50+03:00",
        "2016-07-13t07:50z",
        "  2016-07-13 10:50\n",
    ],
)
def test_parse_accepts_the_forms_editors_type(text: str) -> None:
    parsed = parse_user_datetime(text)
    assert parsed == SEED_MOMENT
    assert parsed.utcoffset() == timedelta(0)
    assert parsed.tzinfo is UTC


def test_a_bare_date_is_kyiv_midnight() -> None:
    assert parse_user_datetime("2016-07-13") == datetime(2016, 7, 12, 21, 0, tzinfo=UTC)
    assert parse_user_datetime("2016-01-13") == datetime(2016, 1, 12, 22, 0, tzinfo=UTC)


def test_parse_winter_wall_time_is_plus_two() -> None:
    assert parse_user_datetime("2016-01-15 12:00") == datetime(2016, 1, 15, 10, 0, tzinfo=UTC)


def test_parse_summer_wall_time_is_plus_three() -> None:
    assert parse_user_datetime("2016-07-15 12:00") == datetime(2016, 7, 15, 9, 0, tzinfo=UTC)


def test_parse_around_the_spring_jump() -> None:
    assert parse_user_datetime("2024-03-31 02:59") == datetime(2024, 3, 31, 0, 59, tzinfo=UTC)
    assert parse_user_datetime("2024-03-31 04:00") == datetime(2024, 3, 31, 1, 0, tzinfo=UTC)


def test_a_wall_time_skipped_in_spring_is_refused() -> None:
    with pytest.raises(ValueError, match="does not exist in Kyiv"):
        parse_user_datetime("2024-03-31 03:30")


def test_the_repeated_autumn_hour_means_its_first_summer_time_occurrence() -> None:
    assert parse_user_datetime("2024-10-27 03:30") == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    assert parse_user_datetime("2024-10-27 04:00") == datetime(2024, 10, 27, 2, 0, tzinfo=UTC)


def test_parse_then_format_round_trips() -> None:
    assert format_article_datetime(parse_user_datetime("2016-07-13 10:50")) == (
        "13 липня 2016 - 10:50"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "вчора",
        "13.07.2016 10:50",
        "13 липня 2016",
        "2016-02-30",
        "2016-07-13 25:00",
        "2016-07-13 10:61",
        "20160713",
        "2016-W28-3",
        "2016-07-13T10:50+3",
        "2016-07-13 10:50 Europe/Kyiv",
        "٢٠١٦-07-13",
    ],
)
def test_bad_input_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        parse_user_datetime(text)
    assert str(excinfo.value) == f"cannot read date '{text}': use YYYY-MM-DD HH:MM"
