"""Factories: each returns a saved (flushed and committed) object with sensible defaults."""

import itertools
from datetime import UTC, date, datetime, timedelta

from dialogues.auth.models import User
from dialogues.auth.passwords import hash_password
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side
from dialogues.recommendations.models import Position, Recommendation
from dialogues.registrations.models import Registration
from dialogues.sessions.models import DialogueSession

DEFAULT_PASSWORD = "a long test password"
_HASH = hash_password(DEFAULT_PASSWORD)
_numbers = itertools.count(1)


class Factories:
    def user(self, name: str | None = None, *, is_admin: bool = False, **fields) -> User:
        number = next(_numbers)
        user = User(
            email=fields.pop("email", f"person{number}@example.org"),
            name=name or f"Person {number}",
            password_hash=_HASH,
            is_admin=is_admin,
            **fields,
        )
        return _save(user)

    def programme(
        self, sides=(("United States", ["US"]), ("China", ["CN"])), **fields
    ) -> Programme:
        number = next(_numbers)
        programme = Programme(
            slug=fields.pop("slug", f"programme-{number}"),
            title=fields.pop("title", f"Programme {number}"),
            kind=fields.pop("kind", "dialogue_series"),
            starts_on=fields.pop("starts_on", date(2027, 3, 1)),
            ends_on=fields.pop("ends_on", date(2027, 3, 31)),
            timezone=fields.pop("timezone", "Europe/Zurich"),
            confidentiality=fields.pop("confidentiality", "chatham_house"),
            registration_open=fields.pop("registration_open", True),
            **fields,
        )
        programme.sides = [
            Side(name=name, slug=name.lower().replace(" ", "-"), countries=codes, capacity=10)
            for name, codes in sides
        ]
        return _save(programme)

    def member(self, programme: Programme, user: User, role: str, side: Side | None = None):
        membership = Membership(
            programme=programme, user=user, role=role, side_id=side.id if side else None
        )
        return _save(membership)

    def registration(self, programme: Programme, side: Side, user: User | None = None, **fields):
        now = datetime.now(UTC)
        registration = Registration(
            programme=programme,
            side_id=side.id,
            user=user or self.user(),
            status=fields.pop("status", "pending"),
            role=fields.pop("role", "academic"),
            nationality=fields.pop("nationality", side.countries[0]),
            consented_data_processing_at=now,
            consented_rule_at=now,
            consent_version="1",
            **fields,
        )
        return _save(registration)

    def session(self, programme: Programme, facilitators=(), **fields) -> DialogueSession:
        starts = fields.pop("starts_at", datetime(2027, 3, 2, 9, tzinfo=UTC))
        dialogue_session = DialogueSession(
            programme=programme,
            title=fields.pop("title", "Plenary"),
            format=fields.pop("format", "plenary"),
            starts_at=starts,
            ends_at=fields.pop("ends_at", starts + timedelta(hours=2)),
            facilitators=list(facilitators),
            **fields,
        )
        return _save(dialogue_session)

    def recommendation(self, programme: Programme, author: User, **fields) -> Recommendation:
        recommendation = Recommendation(
            programme=programme,
            author=author,
            title=fields.pop("title", "Open a hotline"),
            summary=fields.pop("summary", "Both sides should open a hotline."),
            agreement=fields.pop("agreement", "consensus"),
            addressed_to=fields.pop("addressed_to", list(programme.sides)),
            **fields,
        )
        recommendation.positions = [
            Position(side_id=side.id, text=f"{side.name} agrees.") for side in programme.sides
        ]
        return _save(recommendation)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj
