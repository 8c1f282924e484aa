"""Load for the reliability tests: JSON calls over real HTTP, many at once, and seeding.

Only the standard library talks HTTP here (``urllib``), one connection per call, the way many
separate people's browsers and scripts would.
"""

import http.client
import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from dialogues import create_app
from dialogues.api.tokens import create_token
from dialogues.auth.models import User
from dialogues.auth.passwords import hash_password
from dialogues.config import normalise_database_url
from dialogues.extensions import db
from dialogues.registrations.models import Registration

CLIENT_THREADS = 32
# Instance config for a load from one client address: no registration limit in the way.
UNLIMITED = "REQUEST_LIMIT_REGISTRATION = (1_000_000, 3600)\n"
PASSWORD = "a long reliability password"
_HASH = hash_password(PASSWORD)


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict | None


def call(url: str, method: str = "GET", body=None, headers: dict | None = None) -> Answer:
    """One request; HTTP errors are answers, a refused or broken connection raises."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return Answer(response.status, _json(response.read()))
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, _json(error.read()))


def _json(raw: bytes) -> dict | None:
    try:
        return json.loads(raw)
    except ValueError:
        return None


def concurrently(calls: Iterable[Callable[[], Answer]], threads: int = CLIENT_THREADS) -> list:
    """Run every call from a pool of client threads; the answers in the calls' order."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(lambda function: function(), list(calls)))


def statuses(answers: list[Answer]) -> Counter:
    return Counter(answer.status for answer in answers)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@contextmanager
def database(url: str, instance):
    """The servers' database, seen from the test as one more process (an app context)."""
    app = create_app(
        {
            "TESTING": True,
            "PRODUCTION": False,
            "SECRET_KEY": "server-secret",
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "INSTANCE_PATH": str(instance),
            "REDIS_URL": None,
        }
    )
    with app.app_context():
        try:
            yield
        finally:
            db.session.remove()
            db.engine.dispose()


def people(prefix: str, count: int) -> list[User]:
    """``count`` accounts (all with ``PASSWORD``), added to the session."""
    users = [
        User(email=f"{prefix}{number}@load.example", name=f"{prefix} {number}", password_hash=_HASH)
        for number in range(count)
    ]
    db.session.add_all(users)
    db.session.flush()
    return users


def tokens_for(users: list[User]) -> list[str]:
    """An API token for each person, issued the way the API issues them."""
    return [create_token(user)[0] for user in users]


def accept(programme, users: list[User]) -> list[Registration]:
    """Accepted registrations for ``users``, spread over the programme's sides."""
    now = datetime.now(UTC)
    registrations = [
        Registration(
            programme=programme,
            side_id=(side := programme.sides[number % 2]).id,
            user=user,
            status="accepted",
            role="academic",
            nationality=side.countries[0],
            consented_data_processing_at=now,
            consented_rule_at=now,
            consent_version="1",
        )  # fmt: skip
        for number, user in enumerate(users)
    ]
    db.session.add_all(registrations)
    db.session.flush()
    return registrations


def seed_open_programme(url: str, instance, registrants: int) -> dict:
    """A programme open for registration, and ``registrants`` people with API tokens."""
    from tests.factories import Factories

    with database(url, instance):
        programme = Factories().programme(title="Open call")
        seeded = {
            "programme": programme.id,
            "sides": [side.id for side in programme.sides],
            "countries": [side.countries[0] for side in programme.sides],
            "tokens": tokens_for(people("registrant", registrants)),
        }
        db.session.commit()
    return seeded


def registration_body(seeded: dict, number: int) -> dict:
    """What a signed-in person sends to register on one of the two sides."""
    side = number % 2
    return {
        "side_id": seeded["sides"][side],
        "affiliation": "University",
        "role": "academic",
        "nationality": seeded["countries"][side],
        "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
    }


def register(base: str, seeded: dict, number: int) -> Answer | None:
    """Person ``number`` registers through the API; None when the connection broke."""
    url = f"{base}/api/v1/programmes/{seeded['programme']}/registrations"
    headers = bearer(seeded["tokens"][number])
    try:
        return call(url, "POST", registration_body(seeded, number), headers)
    except (OSError, http.client.HTTPException):  # refused, reset, or cut off mid-answer
        return None
