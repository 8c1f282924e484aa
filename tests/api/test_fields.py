"""The API's formats: instants in UTC with Z, ids within 64 bits, IANA zones, country codes."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from marshmallow import Schema, ValidationError

from dialogues.api import CountryCode, Id, Instant, PageQuery, TimeZone


class Sample(Schema):
    at = Instant()
    ref = Id()
    zone = TimeZone()
    country = CountryCode()


def test_instants_come_out_in_utc_with_z():
    shanghai = datetime(2027, 3, 2, 17, 0, 30, 123456, tzinfo=timezone(timedelta(hours=8)))
    assert Sample().dump({"at": shanghai}) == {"at": "2027-03-02T09:00:30Z"}


@pytest.mark.parametrize(
    "text", ["2027-03-02T09:00:00Z", "2027-03-02T17:00:00+08:00", "2027-03-02T04:00:00-05:00"]
)
def test_instants_with_an_offset_are_read_as_utc(text):
    assert Sample().load({"at": text}) == {"at": datetime(2027, 3, 2, 9, tzinfo=UTC)}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("at", "2027-03-02T09:00:00"),
        ("at", "tomorrow"),
        ("at", "0001-01-01T00:00:00+01:00"),
        ("ref", 0),
        ("ref", 2**31),
        ("ref", "abc"),
        ("ref", 1.5),
        ("ref", 2.0),
        ("ref", True),
        ("zone", "Mars/Olympus"),
        ("zone", "asia/shanghai"),
        ("country", "us"),
        ("country", "XX"),
        ("country", "USA"),
    ],
)
def test_bad_values_are_refused_with_a_message(field, value):
    with pytest.raises(ValidationError) as refused:
        Sample().load({field: value})
    assert list(refused.value.messages) == [field]


def test_good_values_load():
    loaded = Sample().load({"ref": 2**31 - 1, "zone": "Asia/Shanghai", "country": "CN"})
    assert loaded == {"ref": 2**31 - 1, "zone": "Asia/Shanghai", "country": "CN"}


def test_page_query_defaults_and_clamp():
    assert PageQuery().load({}) == {"page": 1, "per_page": 50}
    assert PageQuery().load({"page": "3", "per_page": "1000"}) == {"page": 3, "per_page": 200}
