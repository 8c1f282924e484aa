"""Instants are always shown with their zone named."""

from datetime import UTC, datetime

import pytest

from dialogues.core.templating import format_instant


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("UTC", "2027-03-02 09:00 UTC"),
        ("Asia/Shanghai", "2027-03-02 17:00 CST (Asia/Shanghai)"),
        ("Asia/Muscat", "2027-03-02 13:00 UTC+04:00 (Asia/Muscat)"),
        ("America/New_York", "2027-03-02 04:00 EST (America/New_York)"),
        ("Asia/Kolkata", "2027-03-02 14:30 IST (Asia/Kolkata)"),
    ],
)
def test_format_instant_names_the_zone(zone, expected):
    assert format_instant(datetime(2027, 3, 2, 9, tzinfo=UTC), zone) == expected


def test_daylight_saving_is_applied():
    summer = datetime(2027, 7, 1, 12, tzinfo=UTC)
    assert format_instant(summer, "Europe/Zurich") == "2027-07-01 14:00 CEST (Europe/Zurich)"
