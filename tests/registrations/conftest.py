"""Fixtures for registrations: a programme with its people in every role, the outbox, tokens."""

import email
import email.policy
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogues.extensions import db

NAMES = ("Amelia Turner", "王小明", "فاطمة الزهراء")  # Latin, Chinese, Arabic


@dataclass
class Cast:
    """A programme and one person in each role the access rules distinguish."""

    programme: object
    us: object  # the first side
    cn: object  # the second side
    coordinator: object
    facilitator: object
    liaison: object
    participant_us: object
    participant_cn: object
    other_coordinator: object
    admin: object
    outsider: object


@pytest.fixture
def cast(make) -> Cast:
    programme = make.programme(title="US–China dialogue")
    us, cn = programme.sides
    other = make.programme(title="Another programme")
    people = {
        role: make.user(f"{role.title()} person")
        for role in (
            "coordinator", "facilitator", "liaison", "participant_us", "participant_cn",
            "other_coordinator", "outsider",
        )
    }  # fmt: skip
    make.member(programme, people["coordinator"], "coordinator")
    make.member(programme, people["facilitator"], "facilitator")
    make.member(programme, people["liaison"], "liaison", us)
    make.member(other, people["other_coordinator"], "coordinator")
    make.registration(programme, us, people["participant_us"], status="accepted")
    make.registration(programme, cn, people["participant_cn"], status="accepted")
    admin = make.user("Admin person", is_admin=True)
    return Cast(programme=programme, us=us, cn=cn, admin=admin, **people)


def registration_data(side, **overrides) -> dict:
    """A complete, valid registration body for the operation and the API."""
    data = {
        "name": "Amelia Turner",
        "email": "amelia@example.org",
        "password": "correct horse battery staple",
        "side_id": side.id,
        "affiliation": "Institute of Peace Studies",
        "role": "academic",
        "nationality": "US",
        "languages": ["en", "zh"],
        "access_needs": "",
        "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
    }
    data.update(overrides)
    return data


@pytest.fixture
def outbox(app):
    """``outbox()`` → the messages written so far, oldest first, parsed by the email package."""

    def read():
        folder = Path(app.instance_path) / "outbox"
        files = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in files
        ]

    return read


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def as_command(app_context):
    """Operation-level tests write the way a command does: each transaction takes the write lock
    up front (on SQLite), as a POST request's does. Not for tests that also send requests."""
    from flask import g

    db.session.commit()
    g.write_intent = True


def reload(model, object_id):
    """The row as the requests left it: a new transaction, nothing cached."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(model, object_id)
