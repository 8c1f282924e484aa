"""Many people at once: gunicorn with 2 workers × 4 threads, 32 clients, 300 registrations and
300 endorsements in flight together. Every request is answered 201 or a clean 409/429, and the
database then holds exactly what was acknowledged: nothing lost, nothing doubled.
"""

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.extensions import db
from dialogues.recommendations.models import Endorsement
from dialogues.registrations.models import Registration
from tests.factories import Factories
from tests.reliability.conftest import environment
from tests.reliability.load import (
    PASSWORD,
    accept,
    bearer,
    call,
    concurrently,
    database,
    people,
    statuses,
    tokens_for,
)

# Per client address; each load request below comes from an address of its own, the burst from
# one address shows the limit holding under concurrency.
CONFIG = "PROXY_COUNT = 1\nREQUEST_LIMIT_REGISTRATION = (20, 3600)\n"
NEW_ACCOUNTS, SIGNED_IN, BURST = 40, 220, 60


def _address(number: int) -> dict:
    return {"X-Forwarded-For": f"10.{number // 250}.{number % 250}.1"}


def _seed(url, instance) -> dict:
    """A programme open for registration; another with 120 accepted participants and two
    submitted recommendations; API tokens for everyone who calls with one."""
    make = Factories()
    with database(url, instance):
        open_programme = make.programme(title="Open call")
        registrants = people("signed-in", SIGNED_IN + BURST)
        endorsing = make.programme(title="Endorsing")
        participants = people("participant", 120)
        registrations = accept(endorsing, participants)
        coordinator = make.user()
        recommendations = [
            make.recommendation(endorsing, coordinator, title=title, status="submitted")
            for title in ("Open a hotline", "Exchange students")
        ]
        seeded = {
            "programme": open_programme.id,
            "sides": [side.id for side in open_programme.sides],
            "countries": [side.countries[0] for side in open_programme.sides],
            "registrant_tokens": tokens_for(registrants),
            "participant_tokens": tokens_for(participants),
            "registration_ids": [registration.id for registration in registrations],
            "recommendations": [recommendation.id for recommendation in recommendations],
        }
        db.session.commit()
    return seeded


def _registration(seeded: dict, number: int, email: str | None = None) -> dict:
    side = number % 2
    body = {
        "side_id": seeded["sides"][side],
        "affiliation": "University",
        "role": "academic",
        "nationality": seeded["countries"][side],
        "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
    }
    if email:
        body |= {"name": f"Newcomer {number}", "email": email, "password": PASSWORD}
    return body


def _registration_calls(base: str, seeded: dict) -> tuple[list, int]:
    # → the calls, and how many should be acknowledged (one per person)
    """New accounts (ten sent twice at once) and signed-in people (thirty twice): 300 calls."""
    url = f"{base}/api/v1/programmes/{seeded['programme']}/registrations"
    calls = []
    for number in [*range(NEW_ACCOUNTS), *range(10)]:
        body = _registration(seeded, number, f"newcomer{number}@load.example")
        calls.append((body, _address(len(calls))))
    for number in [*range(SIGNED_IN), *range(30)]:
        headers = bearer(seeded["registrant_tokens"][number]) | _address(len(calls))
        calls.append((_registration(seeded, number), headers))
    functions = [
        lambda body=body, headers=headers: call(url, "POST", body, headers)
        for body, headers in calls
    ]
    return functions, NEW_ACCOUNTS + SIGNED_IN


def _endorsement_calls(base: str, seeded: dict) -> list:
    """Every participant endorses both recommendations; sixty send one of theirs twice: 300."""
    pairs = [(p, r) for p in range(120) for r in seeded["recommendations"]]
    pairs += [(p, seeded["recommendations"][0]) for p in range(60)]
    return [
        lambda p=p, r=r: call(
            f"{base}/api/v1/recommendations/{r}/endorsements",
            "POST",
            headers=bearer(seeded["participant_tokens"][p]),
        )
        for p, r in pairs
    ], pairs


def test_300_registrations_and_300_endorsements_at_once(fresh_database, instance, servers):
    url = fresh_database("concurrency")
    env = environment(instance, url, CONFIG)
    seeded = _seed(url, instance)
    server = servers(env, workers=2, threads=4)
    registering, expected = _registration_calls(server.url, seeded)
    endorsing, pairs = _endorsement_calls(server.url, seeded)
    answers = concurrently(_interleave(registering, endorsing))
    registered, endorsed = answers[0::2], answers[1::2]

    assert statuses(registered) == {201: expected, 409: len(registering) - expected}
    assert statuses(endorsed) == {201: 240, 409: 60}
    assert server.errors() == []
    with database(url, instance):
        _assert_registrations_match(seeded, registered, NEW_ACCOUNTS)
        _assert_endorsements_match(seeded, pairs, endorsed)


def _interleave(first: list, second: list) -> list:
    return [function for both in zip(first, second, strict=True) for function in both]


def _assert_registrations_match(seeded: dict, answers: list, newcomers: int = 0) -> None:
    acknowledged = {answer.body["id"] for answer in answers if answer.status == 201}
    stored = db.session.scalars(
        sa.select(Registration.id).where(Registration.programme_id == seeded["programme"])
    ).all()
    assert sorted(stored) == sorted(acknowledged)
    accounts = sa.select(sa.func.count()).where(User.email.like("newcomer%"))
    assert db.session.scalar(accounts) == newcomers


def _assert_endorsements_match(seeded: dict, pairs: list, answers: list) -> None:
    acknowledged = {
        (seeded["registration_ids"][p], r)
        for (p, r), answer in zip(pairs, answers, strict=True)
        if answer.status == 201
    }
    stored = db.session.execute(
        sa.select(Endorsement.registration_id, Endorsement.recommendation_id)
    ).all()
    assert sorted(map(tuple, stored)) == sorted(acknowledged)
    per_recommendation = db.session.execute(
        sa.select(Endorsement.recommendation_id, sa.func.count()).group_by(
            Endorsement.recommendation_id
        )
    ).all()
    assert dict(per_recommendation) == dict.fromkeys(seeded["recommendations"], 120)


@pytest.mark.parametrize("counter", ["database", "redis"])
def test_the_registration_limit_holds_under_a_burst(
    counter, fresh_database, instance, servers, request
):
    """60 registrations at once from one address, 20 allowed: exactly 20 go through, whether
    the counts live in the database or in Redis."""
    url = fresh_database("burst")
    redis = {"REDIS_URL": request.getfixturevalue("redis_server").url} if counter == "redis" else {}
    env = environment(instance, url, CONFIG, **redis)
    seeded = _seed(url, instance)
    server = servers(env, workers=2, threads=4)
    target = f"{server.url}/api/v1/programmes/{seeded['programme']}/registrations"
    one_address = {"X-Forwarded-For": "192.0.2.7"}
    burst = [
        lambda token=token, number=number: call(
            target, "POST", _registration(seeded, number), bearer(token) | one_address
        )
        for number, token in enumerate(seeded["registrant_tokens"][-BURST:])
    ]
    answers = concurrently(burst)

    assert statuses(answers) == {201: 20, 429: BURST - 20}
    with database(url, instance):
        _assert_registrations_match(seeded, answers)
