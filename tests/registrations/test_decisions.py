"""Decisions at the operation level: transitions, capacity, parity, the waitlist, withdrawal."""

import pytest
import sqlalchemy as sa

from dialogues.core.audit import AuditEvent
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.extensions import db
from dialogues.registrations import operations
from dialogues.registrations.advice import parity_warning, promotion_offers
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.decisions import TRANSITIONS
from dialogues.registrations.models import RegistrationStatus
from tests.registrations.conftest import body_of

pytestmark = pytest.mark.usefixtures("as_command")

ALL_PAIRS = [
    (start, to)
    for start in RegistrationStatus
    for to in ("accepted", "waitlisted", "declined")
    if start != to
]


@pytest.fixture
def coordinator(make):
    return make.user(is_admin=True)


@pytest.mark.parametrize(("start", "to"), ALL_PAIRS)
def test_every_transition(make, coordinator, outbox, start, to):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status=start)
    allowed = to in TRANSITIONS[start]
    if allowed:
        operations.decide(registration, to, coordinator)
        assert registration.status == to
        assert registration.decided_at is not None
        (message,) = outbox()
        assert message["To"] == registration.user.email
        assert programme.title in message["Subject"]
        event = db.session.scalar(sa.select(AuditEvent).filter_by(action="registration.decide"))
        assert event.detail == {
            "status_from": str(start),
            "status_to": to,
            "side_id": programme.sides[0].id,
        }
    else:
        with pytest.raises(Conflict):
            operations.decide(registration, to, coordinator)
        assert registration.status == start
        assert outbox() == []


def test_a_withdrawn_registration_is_reopened_before_any_decision(make, coordinator):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="withdrawn")
    for to in ("accepted", "waitlisted", "declined"):
        with pytest.raises(Conflict, match="withdrawn"):
            operations.decide(registration, to, coordinator)


@pytest.mark.parametrize("start", ["pending", "accepted", "waitlisted", "declined"])
def test_only_a_withdrawn_registration_is_reopened(make, coordinator, outbox, start):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="withdrawn")
    operations.decide(registration, "pending", coordinator)
    assert registration.status == "pending"
    assert "Registration reopened" in outbox()[-1]["Subject"]
    other = make.registration(programme, programme.sides[1], status=start)
    if start == "pending":
        operations.decide(other, "pending", coordinator)  # the same status: nothing changes
    else:
        with pytest.raises(Conflict, match="withdrawn"):
            operations.decide(other, "pending", coordinator)
    assert other.status == start


def test_the_same_status_again_changes_nothing(make, coordinator, outbox):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="accepted")
    operations.decide(registration, "accepted", coordinator)
    assert outbox() == []


@pytest.mark.parametrize("status", ["withdrawn", "nonsense", ""])
def test_only_decisions_can_be_set(make, coordinator, status):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="waitlisted")
    with pytest.raises(ValidationFailed) as raised:
        operations.decide(registration, status, coordinator)
    assert "status" in raised.value.fields


def test_deciding_needs_the_coordinator_right(make):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0])
    with pytest.raises(Forbidden):
        operations.decide(registration, "accepted", registration.user)
    assert registration.status == "pending"


@pytest.mark.parametrize(("template", "expected"), [
    ("accepted", "accepted: you have a place"),
    ("waitlisted", "on the waiting list"),
    ("declined", "has been declined"),
])  # fmt: skip
def test_each_decision_tells_the_person(make, coordinator, outbox, template, expected):
    programme = make.programme()
    person = make.user("王小明")
    registration = make.registration(programme, programme.sides[1], person)
    operations.decide(registration, template, coordinator)
    (message,) = outbox()
    text = " ".join(body_of(message).split())
    assert "王小明" in text
    assert expected in text
    assert "China" in text


def test_accepting_past_capacity_is_refused_and_nothing_changes(make, coordinator, outbox):
    programme = make.programme()
    side = programme.sides[0]
    side.capacity = 2
    db.session.commit()
    for _ in range(2):
        make.registration(programme, side, status="accepted")
    waiting = make.registration(programme, side, status="waitlisted")
    with pytest.raises(Conflict, match="no place left"):
        operations.decide(waiting, "accepted", coordinator)
    db.session.rollback()
    db.session.refresh(waiting)
    assert waiting.status == "waitlisted"
    assert outbox() == []
    assert programme_balance(programme).side(side.id).accepted == 2


def test_a_bulk_accept_is_all_or_nothing(make, coordinator, outbox):
    programme = make.programme()
    us, cn = programme.sides
    us.capacity = 3
    db.session.commit()
    make.registration(programme, us, status="accepted")
    pending = [make.registration(programme, us) for _ in range(3)]
    chinese = make.registration(programme, cn)
    ids = [registration.id for registration in [*pending, chinese]]
    with pytest.raises(Conflict, match="only 2 places left for the 3 selected"):
        operations.decide_many(programme, ids, "accepted", coordinator)
    db.session.rollback()
    counts = programme_balance(programme)
    assert counts.side(us.id).accepted == 1
    assert counts.side(cn.id).accepted == 0
    assert outbox() == []


def test_a_bulk_decision_skips_those_already_decided(make, coordinator, outbox):
    programme = make.programme()
    side = programme.sides[0]
    already = make.registration(programme, side, status="declined")
    fresh = [make.registration(programme, side) for _ in range(2)]
    ids = [already.id] + [registration.id for registration in fresh]
    outcome = operations.decide_many(programme, ids, "declined", coordinator)
    assert outcome.unchanged == 1
    assert sorted(r.id for r in outcome.changed) == sorted(r.id for r in fresh)
    assert len(outbox()) == 2


def test_a_bulk_decision_refuses_registrations_of_another_programme(make, coordinator):
    programme, other = make.programme(), make.programme()
    foreign = make.registration(other, other.sides[0])
    with pytest.raises(ValidationFailed):
        operations.decide_many(programme, [foreign.id], "accepted", coordinator)
    assert foreign.status == "pending"


def test_unlimited_sides_accept_anyone(make, coordinator):
    programme = make.programme()
    side = programme.sides[0]
    side.capacity = None
    db.session.commit()
    registrations = [make.registration(programme, side) for _ in range(12)]
    operations.decide_many(programme, [r.id for r in registrations], "accepted", coordinator)
    assert programme_balance(programme).side(side.id).accepted == 12


# -- parity --------------------------------------------------------------------------------------


def _accepted(make, programme, side, count):
    return [make.registration(programme, side, status="accepted") for _ in range(count)]


def test_a_decision_that_drops_parity_below_the_threshold_warns(make):
    programme = make.programme()  # threshold 0.8
    us, cn = programme.sides
    _accepted(make, programme, us, 3)
    _accepted(make, programme, cn, 3)
    candidate = make.registration(programme, us)
    warning = parity_warning(programme, [candidate], "accepted")
    assert (warning.before, warning.after, warning.threshold) == (1.0, 0.75, 0.8)


def test_reaching_exactly_the_threshold_does_not_warn(make):
    programme = make.programme()
    us, cn = programme.sides
    _accepted(make, programme, us, 4)
    _accepted(make, programme, cn, 4)
    candidate = make.registration(programme, us)
    assert parity_warning(programme, [candidate], "accepted") is None  # 4/5 = 0.8


def test_a_decision_that_keeps_parity_does_not_warn(make):
    programme = make.programme(parity_threshold=0.75)
    us, cn = programme.sides
    _accepted(make, programme, us, 4)
    _accepted(make, programme, cn, 4)
    candidate = make.registration(programme, us)
    assert parity_warning(programme, [candidate], "accepted") is None  # 4/5 = 0.8 ≥ 0.75


def test_declining_an_accepted_person_can_warn(make):
    programme = make.programme()
    us, cn = programme.sides
    _accepted(make, programme, us, 3)
    chinese = _accepted(make, programme, cn, 3)
    warning = parity_warning(programme, chinese[:1], "declined")
    assert warning.after == pytest.approx(2 / 3)


def test_a_decision_that_improves_parity_never_warns(make):
    programme = make.programme()
    us, cn = programme.sides
    _accepted(make, programme, us, 5)
    _accepted(make, programme, cn, 2)
    candidate = make.registration(programme, cn)
    assert parity_warning(programme, [candidate], "accepted") is None  # 0.4 → 0.6


def test_filling_the_first_side_while_the_other_is_empty_does_not_warn(make):
    programme = make.programme()
    us = programme.sides[0]
    candidates = [make.registration(programme, us) for _ in range(3)]
    assert parity_warning(programme, candidates, "accepted") is None  # 0 stays 0


def test_a_bulk_decision_is_judged_as_a_whole(make):
    programme = make.programme()
    us, cn = programme.sides
    _accepted(make, programme, us, 4)
    _accepted(make, programme, cn, 4)
    both = [make.registration(programme, us), make.registration(programme, cn)]
    assert parity_warning(programme, both, "accepted") is None  # 5/5


# -- the waitlist --------------------------------------------------------------------------------


def _full_side(make, programme, capacity=2):
    side = programme.sides[0]
    side.capacity = capacity
    db.session.commit()
    accepted = _accepted(make, programme, side, capacity)
    first = make.registration(programme, side, status="waitlisted")
    make.registration(programme, side, status="waitlisted")
    return side, accepted, first


def test_no_offer_while_the_side_is_full(make):
    programme = make.programme()
    _full_side(make, programme)
    assert promotion_offers(programme) == []


def test_a_withdrawal_offers_the_place_to_the_first_waitlisted(make):
    programme = make.programme()
    side, accepted, first = _full_side(make, programme)
    operations.withdraw(accepted[0], accepted[0].user)
    (offer,) = promotion_offers(programme)
    assert (offer.side.id, offer.registration.id, offer.places_left) == (side.id, first.id, 1)
    operations.decide(offer.registration, "accepted", make.user(is_admin=True))
    assert first.status == "accepted"
    assert promotion_offers(programme) == []


def test_declining_an_accepted_person_offers_the_place(make, coordinator):
    programme = make.programme()
    _side, accepted, first = _full_side(make, programme)
    operations.decide(accepted[1], "declined", coordinator)
    (offer,) = promotion_offers(programme)
    assert offer.registration.id == first.id


def test_raising_the_capacity_offers_the_place(make):
    programme = make.programme()
    side, _accepted_people, first = _full_side(make, programme)
    side.capacity = 3
    db.session.commit()
    (offer,) = promotion_offers(programme)
    assert offer.registration.id == first.id


def test_offers_are_per_side(make):
    programme = make.programme()
    us, cn = programme.sides
    us_waiting = make.registration(programme, us, status="waitlisted")
    cn_waiting = make.registration(programme, cn, status="waitlisted")
    offers = promotion_offers(programme)
    assert [offer.registration.id for offer in offers] == [us_waiting.id, cn_waiting.id]


# -- withdrawal ----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["pending", "accepted", "waitlisted"])
def test_the_person_withdraws(make, outbox, start):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status=start)
    operations.withdraw(registration, registration.user)
    assert registration.status == "withdrawn"
    (message,) = outbox()
    assert "withdrawn" in body_of(message)
    assert db.session.scalar(sa.select(AuditEvent).filter_by(action="registration.withdraw"))


@pytest.mark.parametrize("start", ["declined", "withdrawn"])
def test_a_closed_registration_cannot_be_withdrawn(make, start):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status=start)
    with pytest.raises(Conflict):
        operations.withdraw(registration, registration.user)


def test_only_the_person_withdraws(make, coordinator):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0])
    with pytest.raises(Forbidden):
        operations.withdraw(registration, coordinator)
    assert registration.status == "pending"
