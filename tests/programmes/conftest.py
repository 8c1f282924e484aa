"""Fixtures for programmes: a programme with a person in every role, valid input, the outbox."""

from email import message_from_bytes, policy
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogues.core.audit import AuditEvent
from dialogues.extensions import db

ROLES = (
    "anonymous",
    "participant",
    "pending",
    "liaison",
    "facilitator",
    "other_coordinator",
    "coordinator",
    "administrator",
)


@pytest.fixture
def cast(make):
    """A programme and one person per role: ``cast.programme``, ``cast.people["liaison"]``."""
    programme = make.programme(title="Maritime dialogue")
    other = make.programme(title="Another programme")
    us, cn = programme.sides
    people = {"anonymous": None}
    people["participant"] = make.user("Accepted Participant")
    make.registration(programme, us, people["participant"], status="accepted")
    people["pending"] = make.user("Pending Participant")
    make.registration(programme, cn, people["pending"], status="pending")
    people["liaison"] = make.user("Liaison")
    make.member(programme, people["liaison"], "liaison", us)
    people["facilitator"] = make.user("Facilitator")
    make.member(programme, people["facilitator"], "facilitator")
    people["other_coordinator"] = make.user("Other Coordinator")
    make.member(other, people["other_coordinator"], "coordinator")
    people["coordinator"] = make.user("Coordinator")
    make.member(programme, people["coordinator"], "coordinator")
    people["administrator"] = make.user("Administrator", is_admin=True)
    return type("Cast", (), {"programme": programme, "other": other, "people": people})


@pytest.fixture
def sign_in(login):
    """``sign_in(user)``; None stays anonymous."""

    def as_user(user):
        if user is not None:
            login(user)

    return as_user


def programme_data(**changes) -> dict:
    """A valid body for ``create_programme`` and ``POST /programmes``."""
    data = {
        "title": "Arctic futures",
        "kind": "dialogue_series",
        "description": "Scientists and former officials.",
        "starts_on": "2027-05-01",
        "ends_on": "2027-05-20",
        "timezone": "Europe/Oslo",
        "confidentiality": "chatham_house",
        "sides": [
            {"name": "Russia", "countries": ["RU"], "capacity": 8},
            {"name": "Nordic states", "countries": ["NO", "SE", "FI", "DK", "IS"], "capacity": 8},
        ],
    }
    data.update(changes)
    return data


def audit_actions(programme_id: int | None = None) -> list[str]:
    query = sa.select(AuditEvent.action).order_by(AuditEvent.id)
    if programme_id is not None:
        query = query.where(AuditEvent.programme_id == programme_id)
    db.session.rollback()  # see what the requests committed
    return list(db.session.scalars(query))


def read_outbox(app) -> list:
    """Every message written to the outbox, oldest first."""
    folder = Path(app.instance_path) / "outbox"
    files = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


@pytest.fixture
def in_request(app_context):
    """Operation tests that build links (invitation emails) run inside a request context."""
    with app_context.test_request_context("/"):
        yield
