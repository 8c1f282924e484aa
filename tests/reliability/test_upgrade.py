"""Upgrade: a database created at the first migration and filled with data (plain SQL inserts
matching that schema, as an installation of that release would hold), upgraded to the latest
revision, keeps every row and every value.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations import search
from dialogues.recommendations.models import Recommendation, RecommendationTopic
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.models import Registration
from tests.reliability.load import database

FIRST = "0001"
NOW = datetime(2027, 1, 15, 9, 30, tzinfo=UTC)
STAMPS = {"created_at": NOW, "updated_at": NOW}


def _rows() -> dict[str, list[dict]]:
    """A small programme with something in every kind of table, in foreign-key order."""
    people = [
        (1, "admin@upgrade.example", "Ada Admin"),
        (2, "coordinator@upgrade.example", "Мария Кузнецова"),
        (3, "a@upgrade.example", "李雷"),
        (4, "b@upgrade.example", "سارة أحمد"),
    ]
    return {
        "user": [
            {"id": i, "email": email, "name": name, "password_hash": "argon2-hash",
             "is_admin": i == 1, "created_at": NOW}
            for i, email, name in people
        ],
        "programme": [
            {"id": 1, "slug": "maritime", "title": "海上对话 — حوار", "kind": "dialogue_series",
             "status": "running", "description": "Talks.", "public_summary": "",
             "starts_on": date(2027, 3, 1), "ends_on": date(2027, 3, 31),
             "timezone": "Asia/Shanghai", "confidentiality": "chatham_house",
             "registration_open": True, **STAMPS}
        ],
        "side": [
            {"id": 1, "programme_id": 1, "name": "United States", "slug": "united-states",
             "countries": ["US"], "capacity": 10},
            {"id": 2, "programme_id": 1, "name": "China", "slug": "china", "countries": ["CN"],
             "capacity": None},
        ],
        "membership": [{"id": 1, "programme_id": 1, "user_id": 2, "role": "coordinator",
                        "created_at": NOW}],
        "registration": [
            {"id": side, "programme_id": 1, "side_id": side, "user_id": side + 2,
             "status": "accepted", "affiliation": "University", "role": "academic",
             "nationality": ("US", "CN")[side - 1], "languages": ["en"], "access_needs": "",
             "consented_data_processing_at": NOW, "consented_rule_at": NOW,
             "consent_version": "1", **STAMPS}
            for side in (1, 2)
        ],
        "auth_session": [{"id": 1, "token_hash": "a" * 64, "user_id": 3, "created_at": NOW,
                          "last_seen_at": NOW}],
        "dialogue_session": [
            {"id": 1, "programme_id": 1, "title": "Plenary", "format": "plenary",
             "starts_at": NOW, "ends_at": datetime(2027, 1, 15, 11, tzinfo=UTC),
             "venue": "Hall A", "online_url": "", "agenda": "1. Opening", **STAMPS}
        ],
        "session_facilitator": [{"session_id": 1, "user_id": 2}],
        "attendance": [{"id": 1, "session_id": 1, "registration_id": 1, "status": "attended",
                        "updated_at": NOW}],
        "recommendation": [
            {"id": 1, "programme_id": 1, "author_id": 2, "title": "Open a hotline",
             "summary": "Both sides.", "body": "**Now.**", "agreement": "consensus",
             "status": "submitted", **STAMPS}
        ],
        "position": [{"id": side, "recommendation_id": 1, "side_id": side, "text": "Agrees."}
                     for side in (1, 2)],
        "recommendation_addressee": [{"recommendation_id": 1, "side_id": side}
                                     for side in (1, 2)],
        "recommendation_topic": [{"recommendation_id": 1, "topic": "security"}],
        "recommendation_version": [
            {"id": 1, "recommendation_id": 1, "version": 1, "title": "Open a hotline",
             "summary": "Both sides.", "body": "**Now.**", "agreement": "consensus",
             "snapshot": {"positions": []}, "created_at": NOW}
        ],
        "recommendation_transition": [
            {"id": 1, "recommendation_id": 1, "from_status": "draft", "to_status": "submitted",
             "comment": "", "created_at": NOW}
        ],
        "endorsement": [{"id": side, "recommendation_id": 1, "registration_id": side,
                         "version": 1, "created_at": NOW} for side in (1, 2)],
        "audit_event": [{"id": 1, "action": "login", "actor_id": 3, "detail": {},
                         "created_at": NOW}],
        "failure_record": [{"id": 1, "key": "login:account:a@upgrade.example",
                            "created_at": NOW}],
    }  # fmt: skip


def _contents(connection, rows: dict) -> dict[str, list]:
    """The stored values of the columns given above, table by table, as the driver reads them."""
    contents = {}
    for name, table_rows in rows.items():
        columns = ", ".join(f'"{column}"' for column in table_rows[0])
        query = sa.text(f'SELECT {columns} FROM "{name}"')
        contents[name] = sorted(tuple(map(repr, row)) for row in connection.execute(query))
    return contents


def test_a_database_from_the_first_release_upgrades_keeping_every_row(fresh_database, tmp_path):
    url = fresh_database("upgrade")
    rows = _rows()
    with database(url, tmp_path / "instance"):
        upgrade(revision=FIRST)
        metadata = sa.MetaData()
        metadata.reflect(db.engine)
        with db.engine.begin() as connection:
            for name, table_rows in rows.items():
                connection.execute(metadata.tables[name].insert(), table_rows)
        with db.engine.connect() as connection:
            before = _contents(connection, rows)
        db.engine.dispose()

        upgrade()
        with db.engine.connect() as connection:
            after = _contents(connection, rows)
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert revision.scalar() != FIRST
        _read_through_the_models()
    assert all(len(before[name]) == len(rows[name]) for name in rows)
    assert after == before


def _read_through_the_models() -> None:
    """Today's code reads the old rows: a spot check beyond the raw values."""
    programme = db.session.get(Programme, 1)
    assert programme.title == "海上对话 — حوار"
    assert [side.countries for side in programme.sides] == [["US"], ["CN"]]
    registration = db.session.get(Registration, 2)
    assert (registration.user.name, registration.status) == ("سارة أحمد", "accepted")
    assert registration.consented_rule_at == NOW
    # The registration tally (migration 0015) counted the registrations already there.
    assert [side.accepted for side in programme_balance(programme).sides] == [1, 1]
    # Migration 0016 gave each topic its recommendation's programme, and SQLite's search index
    # kept its triggers through the rebuilt table: a topic added after the upgrade is found.
    recommendation = db.session.get(Recommendation, 1)
    assert [(t.topic, t.programme_id) for t in recommendation.topics] == [("security", 1)]
    recommendation.topics.append(RecommendationTopic(topic="海上安全"))
    db.session.commit()
    for term in ("security", "海上安全"):
        hits = search.matching(term)
        assert db.session.scalars(sa.select(hits.c.recommendation_id)).all() == [1]
    db.session.rollback()
