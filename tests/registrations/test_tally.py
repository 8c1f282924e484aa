"""The registration tally: the database's triggers keep the counts per side and status equal to
the registrations, whatever writes them (operations, a raw statement, a cascade)."""

import pytest
import sqlalchemy as sa

from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.programmes.operations import remove_side, update_side
from dialogues.registrations import operations, tally
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.models import Registration, RegistrationTally
from dialogues.registrations.privacy import erase_account

pytestmark = pytest.mark.usefixtures("as_command")


def counted(programme) -> dict:
    """``{(side id, status): registrations}``, counted from the registrations themselves."""
    rows = db.session.execute(
        sa.select(Registration.side_id, Registration.status, sa.func.count())
        .where(Registration.programme_id == programme.id)
        .group_by(Registration.side_id, Registration.status)
    )
    return {(side, str(status)): n for side, status, n in rows}


def tallied(programme) -> dict:
    """The same from the tally, leaving out the counts that fell back to zero."""
    rows = db.session.execute(
        sa.select(RegistrationTally.side_id, RegistrationTally.status, RegistrationTally.total)
        .where(RegistrationTally.programme_id == programme.id)
        .where(RegistrationTally.total != 0)
    )
    return {(side, str(status)): n for side, status, n in rows}


def test_counts_follow_every_change(make):
    programme = make.programme()
    us, cn = programme.sides
    coordinator = make.user(is_admin=True)
    people = [make.registration(programme, us) for _ in range(3)]
    people += [make.registration(programme, cn, status="waitlisted") for _ in range(2)]
    db.session.commit()
    assert tallied(programme) == {(us.id, "pending"): 3, (cn.id, "waitlisted"): 2}

    operations.decide_many(programme, [r.id for r in people[:2]], "accepted", coordinator)
    operations.decide(people[3], "accepted", coordinator)
    operations.withdraw(people[0], people[0].user)
    db.session.commit()
    assert tallied(programme) == counted(programme)
    assert tallied(programme) == {
        (us.id, "pending"): 1,
        (us.id, "accepted"): 1,
        (us.id, "withdrawn"): 1,
        (cn.id, "accepted"): 1,
        (cn.id, "waitlisted"): 1,
    }

    erase_account(people[1].user)  # the registration stays, anonymous: still counted
    db.session.commit()
    assert tallied(programme)[us.id, "accepted"] == 1
    assert programme_balance(programme).side(us.id).accepted == 1


def test_counts_follow_raw_statements(make):
    """A script or a bulk statement that bypasses the app moves the counts as well."""
    programme = make.programme()
    us, cn = programme.sides
    for _ in range(4):
        make.registration(programme, us)
    db.session.commit()
    table = Registration.__table__
    db.session.execute(
        table.update()
        .where(table.c.programme_id == programme.id)
        .values(status="accepted", side_id=cn.id)
    )
    first = db.session.scalar(
        sa.select(sa.func.min(table.c.id)).where(table.c.programme_id == programme.id)
    )
    db.session.execute(table.delete().where(table.c.id == first))
    db.session.commit()
    assert tallied(programme) == counted(programme) == {(cn.id, "accepted"): 3}


def test_capacity_checks_count_what_the_tally_counts(make):
    """Accepting past a side's capacity and lowering a capacity below its accepted participants
    are refused on the tally's counts, which include registrations written outside the app."""
    programme = make.programme()
    us = programme.sides[0]
    us.capacity = 3
    coordinator = make.user(is_admin=True)
    people = [make.registration(programme, us) for _ in range(5)]
    db.session.commit()
    table = Registration.__table__
    ids = [person.id for person in people]
    db.session.execute(table.update().where(table.c.id.in_(ids[:2])).values(status="accepted"))
    db.session.commit()

    with pytest.raises(Conflict, match="only 1 place left for the 2 selected"):
        operations.decide_many(programme, ids[2:4], "accepted", coordinator)
    db.session.rollback()
    with pytest.raises(Conflict, match="has 2 accepted participants"):
        update_side(us, {"capacity": 1})
    db.session.rollback()

    operations.decide_many(programme, ids[2:3], "accepted", coordinator)
    db.session.commit()
    assert tallied(programme) == {(us.id, "accepted"): 3, (us.id, "pending"): 2}


def test_a_change_rolled_back_leaves_the_counts(make):
    programme = make.programme()
    us = programme.sides[0]
    registration = make.registration(programme, us)
    db.session.commit()
    registration.status = "accepted"
    db.session.flush()
    assert tallied(programme) == {(us.id, "accepted"): 1}
    db.session.rollback()
    assert tallied(programme) == {(us.id, "pending"): 1}


def test_programmes_are_counted_apart(make):
    one, other = make.programme(), make.programme()
    make.registration(one, one.sides[0], status="accepted")
    make.registration(other, other.sides[1], status="accepted")
    db.session.commit()
    assert tallied(one) == {(one.sides[0].id, "accepted"): 1}
    assert tallied(other) == {(other.sides[1].id, "accepted"): 1}


def test_a_removed_side_takes_its_counts(make):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    third = programme.sides[2]
    registration = make.registration(programme, third)
    db.session.commit()
    db.session.delete(registration)
    db.session.commit()
    assert tallied(programme) == {}
    remove_side(third)
    db.session.commit()
    left = db.session.scalar(
        sa.select(sa.func.count()).where(RegistrationTally.side_id == third.id)
    )
    assert left == 0


def test_filling_an_existing_database(make):
    """The migration counts the registrations already there before the triggers take over."""
    programme = make.programme()
    us, cn = programme.sides
    for side, status in ((us, "accepted"), (us, "accepted"), (cn, "declined")):
        make.registration(programme, side, status=status)
    db.session.commit()
    dialect = db.engine.dialect.name
    connection = db.session.connection()
    tally.remove(connection.exec_driver_sql, dialect)
    connection.execute(RegistrationTally.__table__.delete())
    connection.exec_driver_sql(tally.FILL)
    tally.install(connection.exec_driver_sql, dialect)
    db.session.commit()
    assert tallied(programme) == {(us.id, "accepted"): 2, (cn.id, "declined"): 1}
    make.registration(programme, cn, status="accepted")
    db.session.commit()
    assert tallied(programme) == counted(programme)
