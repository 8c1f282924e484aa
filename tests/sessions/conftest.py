"""Fixtures for sessions: a programme with every role in it, sign-ins, bearer headers, mail."""

import email
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.sessions.models import Attendance
from tests.conftest import post_form

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture
def world(make):
    """A US–China programme (home zone Europe/Zurich) with staff, participants and outsiders."""
    programme = make.programme(timezone="Europe/Zurich", confidentiality="chatham_house")
    us, cn = programme.sides
    people = SimpleNamespace(programme=programme, us=us, cn=cn)
    people.coordinator = make.user("Cora Coordinator")
    make.member(programme, people.coordinator, "coordinator")
    people.facilitator = make.user("Farid Facilitator")
    make.member(programme, people.facilitator, "facilitator")
    people.other_facilitator = make.user("Olga Otherfacilitator")
    make.member(programme, people.other_facilitator, "facilitator")
    people.liaison = make.user("Liam Liaison")
    make.member(programme, people.liaison, "liaison", us)
    people.alice = make.user("Alice Hernández", timezone="Asia/Shanghai")
    people.alice_reg = make.registration(
        programme, us, people.alice, status="accepted", affiliation="Harbour Institute"
    )
    people.bo = make.user("王小明", timezone="Asia/Shanghai")
    people.bo_reg = make.registration(programme, cn, people.bo, status="accepted")
    people.pending = make.user("Pat Pending")
    people.pending_reg = make.registration(programme, us, people.pending)
    people.outsider = make.user("Oscar Outsider")
    people.admin = make.user("Ada Admin", is_admin=True)
    return people


@pytest.fixture
def outbox(app):
    """``outbox()`` → every message sent so far, parsed."""

    def read():
        files = sorted(
            (Path(app.instance_path) / "outbox").glob("*.eml"), key=lambda p: p.stat().st_mtime_ns
        )
        return [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]

    return read


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


def past(hours: int = 3) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours)


@pytest.fixture
def plan(world, make):
    """``plan(**fields)`` → a session saved directly, facilitated by the facilitator and with
    Alice and Bo invited unless ``facilitators`` / ``invite`` say otherwise."""

    def create(programme=None, invite=None, statuses=None, **fields):
        db.session.rollback()  # see (and write after) what requests committed meanwhile
        fields.setdefault("facilitators", [world.facilitator])
        dialogue_session = make.session(programme or world.programme, **fields)
        invitees = [world.alice_reg, world.bo_reg] if invite is None else invite
        for registration in invitees:
            status = (statuses or {}).get(registration.id, "invited")
            db.session.add(
                Attendance(
                    session_id=dialogue_session.id, registration_id=registration.id, status=status
                )
            )
        db.session.commit()
        db.session.refresh(dialogue_session)
        return dialogue_session

    return create


def fresh(obj):
    """The object as the database now holds it (a request changed it meanwhile)."""
    db.session.rollback()  # end the test's transaction: see what requests committed since
    return db.session.get(type(obj), obj.id)


def count(model, **criteria) -> int:
    db.session.rollback()
    query = sa.select(sa.func.count()).select_from(model).filter_by(**criteria)
    return db.session.scalar(query)


@pytest.fixture
def login_as(client, login):
    """``login_as(user)``: sign out whoever is signed in, then sign ``user`` in."""

    def switch(user):
        if client.get("/schedule").status_code == 200:
            assert post_form(client, "/logout", {}, page="/").status_code == 302
        return login(user)

    return switch
