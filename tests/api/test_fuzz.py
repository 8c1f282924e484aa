"""schemathesis over the whole ``openapi.json``, in-process through WSGI.

Every operation gets a few generated requests (valid and invalid ones), as an administrator and
as an accepted participant, and every answer must be no server error, conform to its documented
schema and carry a status code the document lists for that operation (there is no catch-all
``default`` answer). Examples are derandomised so a failure reproduces on the next run.
"""

import tempfile

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from dialogues import create_app
from dialogues.api.tokens import create_token
from dialogues.extensions import db

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES = 5  # per operation and role; under ~1 min per database on an idle two-core machine


def _document() -> dict:
    """The OpenAPI document, read at collection time from an app of its own (it needs no rows)."""
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "fuzz",
                "REDIS_URL": None,
                "INSTANCE_PATH": instance,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/unused.sqlite3",
            }
        )
        return app.test_client().get("/api/v1/openapi.json").json


schema = schemathesis.openapi.from_dict(_document())

FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(params=["administrator", "participant"])
def caller(request, make):
    """One role per run, in a world with small ids so generated ids find rows: a programme with
    two sides, an accepted participant, a session and a recommendation."""
    admin = make.user(is_admin=True)
    participant = make.user()
    programme = make.programme()
    make.member(programme, admin, "coordinator")
    make.registration(programme, programme.sides[0], participant, status="accepted")
    make.session(programme, facilitators=[admin])
    make.recommendation(programme, admin)
    return admin if request.param == "administrator" else participant


@pytest.fixture
def fresh_headers(caller):
    """A new token for each example: a generated ``DELETE /auth/tokens/{id}`` may have revoked
    the previous one, and later examples must still reach past the 401."""

    def headers():
        secret, _ = create_token(caller, "fuzz")
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return headers


@schema.parametrize()
@FUZZ
def test_answers_conform_to_the_document(case, app, fresh_headers):
    case.call_and_validate(headers=fresh_headers(), checks=CHECKS, app=app)
