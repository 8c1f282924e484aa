"""Dates, times and numbers per language; instants keep their zone in every language."""

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from dialogues.core import formats
from dialogues.core.templating import country_name, format_instant

MARCH_2 = date(2027, 3, 2)
NINE_UTC = datetime(2027, 3, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "2027-03-02"),
        ("zh", "2027年3月2日"),
        ("ru", "2 мар. 2027\u202fг."),
        ("ar", "02‏/03‏/2027"),
    ],
)
def test_dates_as_each_language_writes_them(app_context, language, expected):
    with force_locale(language):
        assert formats.date_text(MARCH_2) == expected


@pytest.mark.parametrize(
    ("language", "weekday"),
    [("en", "Tuesday"), ("zh", "星期二"), ("ru", "вторник"), ("ar", "الثلاثاء")],
)
def test_long_dates_name_the_weekday(app_context, language, weekday):
    with force_locale(language):
        assert weekday in formats.long_date(MARCH_2)


@pytest.mark.parametrize("language", ["en", "zh", "ru", "ar"])
def test_instants_name_their_zone_in_every_language(app_context, language):
    with force_locale(language):
        shown = format_instant(NINE_UTC, "Asia/Shanghai")
    assert shown.endswith("17:00 CST (Asia/Shanghai)")


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "12,345"), ("ru", "12\xa0345"), ("zh", "12,345")]
)
def test_numbers_grouped_per_language(app_context, language, expected):
    with force_locale(language):
        assert formats.number(12345) == expected


def test_lists_joined_per_language(app_context):
    with force_locale("ru"):
        assert formats.list_text(["А", "Б", "В"]) == "А, Б и В"
    with force_locale("en"):
        assert formats.list_text(["A", "B", "C"]) == "A, B, and C"


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("en", "CN", "China"),
        ("en", "TW", "Taiwan"),  # pycountry's common name, not its formal one
        ("zh", "CN", "中国"),
        ("ru", "CN", "Китай"),
        ("ar", "CN", "الصين"),
    ],
)
def test_countries_named_in_each_language(app_context, language, code, expected):
    with force_locale(language):
        assert country_name(code) == expected
        assert country_name("ZZ") == "ZZ"  # an unknown code is shown as it is
