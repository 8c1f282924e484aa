"""Creating and changing programmes and sides: every rule, every message, every change audited."""

import pytest
import sqlalchemy as sa

from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme
from dialogues.programmes.operations import (
    add_side,
    create_programme,
    remove_side,
    update_programme,
    update_side,
)
from tests.programmes.conftest import audit_actions, programme_data


def fails(call, *args) -> dict[str, list[str]]:
    """The messages per field of a refused operation; nothing it began is kept."""
    with pytest.raises(ValidationFailed) as caught:
        call(*args)
    db.session.rollback()
    return caught.value.fields


def test_create_programme_makes_the_creator_coordinator(make):
    admin = make.user(is_admin=True)
    programme = create_programme(admin, programme_data())
    db.session.commit()
    assert programme.slug == "arctic-futures"
    assert [side.name for side in programme.sides] == ["Russia", "Nordic states"]
    assert programme.sides[1].countries == ["NO", "SE", "FI", "DK", "IS"]
    assert programme.sides[1].slug == "nordic-states"
    assert programme.starts_on.isoformat() == "2027-05-01"
    assert programme.status == "draft"
    assert not programme.registration_open
    membership = db.session.scalar(sa.select(Membership))
    assert (membership.user_id, membership.role) == (admin.id, "coordinator")
    assert programme.can_manage(admin)
    assert audit_actions(programme.id) == ["programme.create"]


def test_strings_are_trimmed_and_codes_normalised(make):
    sides = [
        {"name": "  Gulf states ", "countries": [" sa", "AE", "ae"]},
        {"name": "Iran", "countries": ["IR"]},
    ]
    programme = create_programme(make.user(), programme_data(title="  Gulf  ", sides=sides))
    assert programme.title == "Gulf"
    assert programme.sides[0].name == "Gulf states"
    assert programme.sides[0].countries == ["SA", "AE"]
    assert programme.sides[0].capacity is None


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("海上对话", "hai-shang-dui-hua"),
        ("Диалог о безопасности", "dialog-o-bezopasnosti"),
        ("حوار الخليج", "hwr-lkhlyj"),
        ("Café & Kultur: Ost–West", "cafe-kultur-ost-west"),
        ("???", "programme"),
        ("New", "new-2"),
        ("x" * 200, "x" * 60),
    ],
)
def test_slugs_work_for_any_script(make, title, slug):
    programme = create_programme(make.user(), programme_data(title=title))
    assert programme.slug == slug
    assert programme.title == title


def test_slugs_are_unique(make):
    user = make.user()
    slugs = [create_programme(user, programme_data(title="Arctic futures")).slug for _ in range(3)]
    assert slugs == ["arctic-futures", "arctic-futures-2", "arctic-futures-3"]


def side(name="Side", countries=("US",), **fields) -> dict:
    return {"name": name, "countries": list(countries), **fields}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"title": "   "}, "title", "Enter a title."),
        ({"title": None}, "title", "Enter a title."),
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"title": 42}, "title", "Enter text."),
        (
            {"kind": "summit"},
            "kind",
            "Choose one of: cultural_exchange, student_exchange, dialogue_series, track_1_5.",
        ),
        (
            {"confidentiality": "secret"},
            "confidentiality",
            "Choose one of: chatham_house, off_the_record, on_record.",
        ),
        ({"starts_on": "1 May 2027"}, "starts_on", "Enter a date as YYYY-MM-DD."),
        ({"starts_on": "2027-02-30"}, "starts_on", "Enter a date as YYYY-MM-DD."),
        ({"ends_on": "2027-04-30"}, "ends_on", "The end date is before the start date."),
        (
            {"timezone": "Mars/Olympus"},
            "timezone",
            "Unknown time zone “Mars/Olympus”: use an IANA name such as Asia/Shanghai.",
        ),
        (
            {"timezone": "localtime"},
            "timezone",
            "Unknown time zone “localtime”: use an IANA name such as Asia/Shanghai.",
        ),
        ({"parity_threshold": 1.5}, "parity_threshold", "Enter a number from 0 to 1, such as 0.8."),
        ({"colour": "red"}, "colour", "Unknown field."),
        ({"sides": [side()]}, "sides", "A programme needs at least two sides."),
        ({"sides": "US, CN"}, "sides", "Give the sides as a list of {name, countries, capacity}."),
        ({"sides": [side("A"), "B"]}, "sides.1", "Give each side as {name, countries, capacity}."),
        ({"sides": [side(""), side("B")]}, "sides.0.name", "Enter the side's name."),
        (
            {"sides": [side("A"), {"name": "B"}]},
            "sides.1.countries",
            "Choose at least one country.",
        ),
        (
            {"sides": [side("A"), side("B", [])]},
            "sides.1.countries",
            "Choose at least one country.",
        ),
        (
            {"sides": [side("A"), side("B", ["XX"])]},
            "sides.1.countries",
            "Unknown country code: XX (use ISO 3166-1 alpha-2).",
        ),
        (
            {"sides": [side("A", ["US", "QQ", "ZZ"]), side("B")]},
            "sides.0.countries",
            "Unknown country codes: QQ, ZZ (use ISO 3166-1 alpha-2).",
        ),
        (
            {"sides": [side("A", ["USA"]), side("B")]},
            "sides.0.countries",
            "Unknown country code: USA (use ISO 3166-1 alpha-2).",
        ),
        (
            {"sides": [{"name": "A", "countries": "US"}, side("B")]},
            "sides.0.countries",
            "Give a list of ISO 3166-1 alpha-2 country codes, such as US or CN.",
        ),
        (
            {"sides": [side("A", capacity=-1), side("B")]},
            "sides.0.capacity",
            "Capacity cannot be negative.",
        ),
        (
            {"sides": [side("A", capacity=2.5), side("B")]},
            "sides.0.capacity",
            "Enter a whole number of places, or leave it empty for no limit.",
        ),
        (
            {"sides": [side("Iran"), side("IRAN")]},
            "sides.1.name",
            "Another side already has this name.",
        ),
        ({"sides": [side("A", colour="red"), side("B")]}, "sides.0.colour", "Unknown field."),
    ],
)
def test_create_names_each_problem(make, changes, field, message):
    errors = fails(create_programme, make.user(), programme_data(**changes))
    assert message in errors[field]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Programme)) == 0


def test_missing_fields_are_each_named(make):
    errors = fails(create_programme, make.user(), {"sides": [side("A"), side("B")]})
    assert errors == {
        "title": ["Enter a title."],
        "kind": ["Choose the kind of programme."],
        "starts_on": ["Enter the start date."],
        "ends_on": ["Enter the end date."],
        "timezone": ["Choose the home time zone."],
        "confidentiality": ["Choose the confidentiality rule."],
    }


def test_every_problem_is_reported_at_once(make):
    data = programme_data(title="", timezone="Nowhere", sides=[side("A", ["XX"])])
    assert set(fails(create_programme, make.user(), data)) == {
        "title", "timezone", "sides", "sides.0.countries"
    }  # fmt: skip


def test_update_changes_only_the_fields_given(make):
    programme = make.programme(title="Old title")
    update_programme(programme, {"title": "New title", "description": "Ünïcode 対話"})
    db.session.commit()
    assert (programme.title, programme.description) == ("New title", "Ünïcode 対話")
    assert programme.slug.startswith("programme-")  # the address stays
    assert programme.timezone == "Europe/Zurich"
    assert audit_actions(programme.id) == ["programme.update"]


def test_update_without_changes_records_nothing(make):
    programme = make.programme(title="Same")
    update_programme(programme, {"title": "Same"})
    assert audit_actions(programme.id) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"kind": None}, "kind", "Choose the kind of programme."),
        ({"ends_on": "2027-02-01"}, "ends_on", "The end date is before the start date."),
        (
            {"starts_on": "2027-04-01"},
            "starts_on",
            "The start date is after the end date (2027-03-31).",
        ),
        ({"registration_open": "yes"}, "registration_open", "Enter true or false."),
        (
            {"status": "finished"},
            "status",
            "Choose one of: draft, registration_open, running, concluded, archived.",
        ),
        (
            {"status": "concluded"},
            "status",
            "A draft programme can move only to: archived, registration_open, running.",
        ),
        (
            {"sides": [{"id": 999_999, "name": "X"}]},
            "sides.0.id",
            "No side with this id in this programme.",
        ),
    ],
)
def test_update_names_each_problem(make, changes, field, message):
    programme = make.programme(status="draft")
    errors = fails(update_programme, programme, changes)
    assert message in errors[field]


@pytest.mark.parametrize(
    ("start", "to", "allowed"),
    [
        ("draft", "registration_open", True),
        ("draft", "running", True),
        ("draft", "concluded", False),
        ("registration_open", "running", True),
        ("registration_open", "draft", True),
        ("running", "concluded", True),
        ("running", "draft", False),
        ("concluded", "archived", True),
        ("concluded", "registration_open", False),
        ("archived", "concluded", True),
        ("archived", "running", False),
    ],
)
def test_status_moves_forward_or_one_step_back(make, start, to, allowed):
    programme = make.programme(status=start)
    if allowed:
        update_programme(programme, {"status": to})
        assert programme.status == to
    else:
        assert "status" in fails(update_programme, programme, {"status": to})


def test_opening_registration_status_opens_registration(make):
    programme = make.programme(status="draft", registration_open=False)
    update_programme(programme, {"status": "registration_open"})
    assert programme.registration_open
    assert programme.accepts_registrations


def test_concluding_closes_registration(make):
    programme = make.programme(status="running", registration_open=True)
    update_programme(programme, {"status": "concluded", "registration_open": True})
    assert not programme.registration_open
    assert not programme.accepts_registrations


def test_registration_cannot_reopen_on_a_concluded_programme(make):
    programme = make.programme(status="concluded", registration_open=False)
    errors = fails(update_programme, programme, {"registration_open": True})
    assert errors == {
        "registration_open": ["Registration cannot open on a concluded or archived programme."]
    }


def test_side_update_keeps_sides_left_out_and_adds_new_ones(make):
    programme = make.programme()
    us, cn = programme.sides
    update_programme(
        programme,
        {"sides": [{"id": us.id, "capacity": 12}, {"name": "Japan", "countries": ["JP"]}]},
    )
    db.session.commit()
    assert [(s.name, s.capacity) for s in programme.sides] == [
        ("United States", 12),
        ("China", 10),
        ("Japan", None),
    ]
    assert cn.countries == ["CN"]
    assert audit_actions(programme.id) == ["side.update", "side.create"]


def test_renaming_a_side_changes_its_slug_uniquely(make):
    programme = make.programme()
    us, cn = programme.sides
    update_side(us, {"name": "China "[:-1] + " (PRC)"})
    assert us.slug == "china-prc"
    errors = fails(update_side, cn, {"name": "CHINA (prc)"})
    assert errors == {"name": ["Another side already has this name."]}


@pytest.mark.parametrize("capacity", [2, 0])
def test_capacity_below_accepted_count_is_a_conflict(make, capacity):
    programme = make.programme()
    us = programme.sides[0]
    for _ in range(3):
        make.registration(programme, us, status="accepted")
    make.registration(programme, us, status="pending")
    with pytest.raises(Conflict) as caught:
        update_side(us, {"capacity": capacity, "name": "Renamed"})
    assert "has 3 accepted participants" in caught.value.message
    db.session.rollback()
    db.session.refresh(us)
    assert (us.capacity, us.name) == (10, "United States")


def test_capacity_down_to_the_accepted_count_or_unlimited_is_fine(make):
    programme = make.programme()
    us = programme.sides[0]
    for _ in range(3):
        make.registration(programme, us, status="accepted")
    update_side(us, {"capacity": 3})
    assert us.capacity == 3
    update_side(us, {"capacity": None})
    assert us.capacity is None


def test_one_side_operations_name_plain_fields(make):
    programme = make.programme()
    errors = fails(add_side, programme, {"name": "", "countries": ["XK", "EU"], "capacity": -2})
    assert errors == {
        "name": ["Enter the side's name."],
        "countries": ["Unknown country codes: XK, EU (use ISO 3166-1 alpha-2)."],
        "capacity": ["Capacity cannot be negative."],
    }


def test_add_side(make):
    programme = make.programme()
    side_ = add_side(
        programme, {"name": "Gulf states", "countries": ["SA", "AE", "QA"], "capacity": 4}
    )
    db.session.commit()
    assert side_.id is not None
    assert side_.slug == "gulf-states"
    assert len(programme.sides) == 3
    assert audit_actions(programme.id) == ["side.create"]


def test_remove_side(make):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    remove_side(programme.sides[2])
    db.session.commit()
    assert [s.name for s in programme.sides] == ["A", "B"]
    assert audit_actions(programme.id) == ["side.delete"]


@pytest.mark.parametrize(
    ("status", "message"),
    [("withdrawn", "registrations (1)"), ("declined", "registrations (1)")],
)
def test_a_side_with_registrations_cannot_be_removed(make, status, message):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    make.registration(programme, programme.sides[2], status=status)
    with pytest.raises(Conflict) as caught:
        remove_side(programme.sides[2])
    assert caught.value.message == f"Side “C” cannot be removed while it has {message}."


def test_a_side_with_a_liaison_cannot_be_removed(make):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    make.member(programme, make.user(), "liaison", programme.sides[2])
    with pytest.raises(Conflict, match=r"liaisons \(1\)"):
        remove_side(programme.sides[2])


def test_two_sides_always_remain(make):
    programme = make.programme()
    with pytest.raises(Conflict, match="at least two sides"):
        remove_side(programme.sides[0])
