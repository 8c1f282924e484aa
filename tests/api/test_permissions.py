"""Every API endpoint × every role, with a valid body: the status each caller gets.

``TABLE`` is the one table: per endpoint (``endpoint[variant]`` for the same endpoint on another
object), the body (or query string) to send and the statuses in ``ROLES`` order. The body is
valid, so a refusal is a 401 or 403, never a 422 that judged the input of someone without the
right. A refused caller gets the same answer with a wrong body and a wrong query string (access
is checked before input), and a refused request changes nothing in the database. An allowed
caller gets the happy path, each on a fresh world. An API route without a row fails
``test_every_api_endpoint_has_a_row``, so a new endpoint needs a decision here.

Policy (as the pages): a signed-in caller who may not do something gets 403, whether or not they
have any part in the programme (``other_coordinator``); 404 only for what does not exist.
"""

import re
import tempfile
from dataclasses import dataclass, field

import pytest
from flask import url_for

from dialogues import create_app
from dialogues.api import API_PREFIX
from dialogues.extensions import db
from dialogues.programmes.models import Side
from dialogues.recommendations import endorsements
from dialogues.sessions.models import Attendance, AttendanceStatus, DialogueSession
from tests.factories import DEFAULT_PASSWORD
from tests.security.conftest import ROLES
from tests.security.conftest import world as security_world  # noqa: F401  (a fixture)
from tests.security.snapshot import differences, snapshot

WRONG_BODY = {"no_such_field": 1}
WRONG_QUERY = "page=0&per_page=0&format=nonsense&status=nonsense"
CODES = {401: "unauthorized", 403: "forbidden"}


@dataclass(frozen=True)
class Row:
    statuses: tuple  # in ROLES order
    body: object = None  # a dict, or a callable taking the world
    query: str = ""
    variant: dict = field(default_factory=dict)  # path arguments other than the world's
    input_decides: frozenset = frozenset()  # roles refused for what they ask, read from the input


def created_programme(world):
    return {
        "title": "Ports and shipping", "kind": "dialogue_series", "description": "",
        "starts_on": "2027-05-01", "ends_on": "2027-05-31", "timezone": "Asia/Shanghai",
        "confidentiality": "chatham_house",
        "sides": [{"name": "Japan", "countries": ["JP"]}, {"name": "Korea", "countries": ["KR"]}],
    }  # fmt: skip


def new_registration(world):
    return {
        "name": "Ли Вэй", "email": "li.wei@example.org", "password": DEFAULT_PASSWORD,
        "side_id": world.args["side_id"], "affiliation": "Fudan University", "role": "academic",
        "nationality": "CN", "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
    }  # fmt: skip


def new_recommendation(world):
    return {
        "title": "Joint search and rescue drills", "summary": "Both coast guards train together.",
        "body": "Twice a year.", "addressed_to": [world.args["side_id"]],
        "agreement": "broad_support",
    }  # fmt: skip


NEW_SESSION = {
    "title": "Working group on fisheries",
    "format": "working_group",
    "starts_at": "2027-03-10T09:00:00+08:00",
    "ends_at": "2027-03-10T11:00:00+08:00",
}

# fmt: off
# columns: anonymous, participant A, participant B, facilitator, liaison of A,
#          coordinator of another programme, coordinator, administrator
TABLE = {
    "api-docs.openapi_json": Row((200, 200, 200, 200, 200, 200, 200, 200)),
    "api-docs.openapi_swagger_ui": Row((200, 200, 200, 200, 200, 200, 200, 200)),
    "api.issue_token": Row(
        (201, 201, 201, 201, 201, 201, 201, 201),
        lambda world: {"email": world.people["participant_a"].email, "password": DEFAULT_PASSWORD},
    ),
    "api.list_tokens": Row((401, 200, 200, 200, 200, 200, 200, 200)),
    "api.revoke_api_token": Row((401, 204, 403, 403, 403, 403, 403, 204)),  # participant A's
    "api.show_me": Row((401, 200, 200, 200, 200, 200, 200, 200)),
    "programmes_api.create_programme": Row(
        (401, 403, 403, 403, 403, 403, 403, 201), created_programme
    ),
    "programmes_api.list_programmes": Row((401, 200, 200, 200, 200, 200, 200, 200)),
    "programmes_api.get_programme": Row((401, 200, 200, 200, 200, 403, 200, 200)),
    "programmes_api.update_programme": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), {"title": "Renamed", "registration_open": False}
    ),
    "programmes_api.delete_side": Row(
        (401, 403, 403, 403, 403, 403, 204, 204), variant={"side_id": "spare_side"}
    ),
    "programmes_api.add_member": Row(
        (401, 403, 403, 403, 403, 403, 201, 201),
        {"email": "new@example.org", "role": "facilitator"},
    ),
    "programmes_api.list_members": Row((401, 403, 403, 403, 403, 403, 200, 200)),
    "programmes_api.remove_member": Row((401, 403, 403, 403, 403, 403, 204, 204)),  # facilitator
    "registrations_api.create_registration": Row(
        (201, 201, 201, 201, 201, 201, 201, 201), new_registration
    ),
    "registrations_api.list_registrations": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), query="status=accepted"
    ),
    "registrations_api.show_registration": Row((401, 200, 403, 403, 403, 403, 200, 200)),
    "registrations_api.decide_registration": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), {"status": "waitlisted"}
    ),
    "registrations_api.withdraw_registration": Row((401, 200, 403, 403, 403, 403, 403, 403)),
    "registrations_api.show_balance": Row((401, 403, 403, 403, 403, 403, 200, 200)),
    "sessions_api.create_session": Row((401, 403, 403, 403, 403, 403, 201, 201), NEW_SESSION),
    "sessions_api.list_sessions": Row(
        (401, 200, 200, 200, 403, 403, 200, 200), query="cancelled=false"
    ),
    "sessions_api.show_session": Row((401, 200, 200, 200, 403, 403, 200, 200)),
    "sessions_api.update_session": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), {"venue": "Room 2"}
    ),
    "sessions_api.cancel_session": Row((401, 403, 403, 403, 403, 403, 200, 200)),
    # participant A's registration: B is of the other side; the facilitator runs the session
    "sessions_api.put_attendance": Row(
        (401, 200, 403, 200, 403, 403, 200, 200), {"status": "confirmed"}
    ),
    "sessions_api.programme_calendar": Row((401, 200, 200, 200, 403, 403, 200, 200)),
    "recommendations_api.list_recommendations": Row(
        (401, 200, 200, 200, 403, 403, 200, 200), query="status=submitted"
    ),
    "recommendations_api.create_recommendation": Row(
        (401, 403, 403, 201, 403, 403, 201, 201), new_recommendation
    ),
    "recommendations_api.get_recommendation": Row((401, 200, 200, 200, 403, 403, 200, 200)),
    # submitted: its author (the facilitator) no longer edits it; a draft they do
    "recommendations_api.update_recommendation": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), {"summary": "Both sides, within a year."}
    ),
    "recommendations_api.update_recommendation[draft]": Row(
        (401, 403, 403, 200, 403, 403, 200, 200), {"summary": "Both sides, within a year."},
        variant={"recommendation_id": "draft"},
    ),
    "recommendations_api.transition_recommendation": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), {"to": "adopted"},
        input_decides=frozenset({"facilitator"}),  # the author, who may not adopt
    ),
    "recommendations_api.transition_recommendation[author]": Row(
        (401, 403, 403, 200, 403, 403, 200, 200), {"to": "withdrawn"}
    ),
    "recommendations_api.endorse_recommendation": Row((401, 201, 201, 403, 403, 403, 403, 403)),
    # the adopted one, endorsed by both participants; staff have nothing to withdraw (409)
    "recommendations_api.withdraw_endorsement": Row(
        (401, 200, 200, 409, 403, 403, 409, 409), variant={"recommendation_id": "adopted"}
    ),
    "briefings_api.get_briefing": Row((401, 403, 403, 403, 200, 403, 200, 200), query="format=md"),
    "briefings_api.get_briefing[side_b]": Row(
        (401, 403, 403, 403, 403, 403, 200, 200), query="format=json",
        variant={"side_id": "side_b"},
    ),
    "briefings_api.get_digest": Row((200, 200, 200, 200, 200, 200, 200, 200)),
}
# fmt: on

VARIANT = re.compile(r"^(?P<endpoint>[^\[]+)(?:\[(?P<variant>\w+)\])?$")


@pytest.fixture
def api_world(security_world):  # noqa: F811
    """The security tests' world, and: a side without registrations, participant A invited to
    the plenary, both participants endorsing the adopted recommendation."""
    world = security_world
    programme = world.programme
    spare = Side(name="Japan", slug="japan", countries=["JP"])
    programme.sides.append(spare)
    plenary = db.session.get(DialogueSession, world.args["session_id"])
    registration_id = world.args["registration_id"]
    plenary.attendances.append(
        Attendance(registration_id=registration_id, status=AttendanceStatus.INVITED)
    )
    db.session.commit()
    for role in ("participant_a", "participant_b"):
        endorsements.endorse(world.recommendations["adopted"], world.people[role])
    db.session.commit()
    world.named = {
        "spare_side": spare.id,
        "side_b": programme.sides[1].id,
        **{status: rec.id for status, rec in world.recommendations.items()},
    }
    return world


def test_every_api_endpoint_has_a_row(app):
    routed = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.startswith(API_PREFIX)
    }
    listed = {VARIANT.match(key)["endpoint"] for key in TABLE}
    assert routed - listed == set(), "API endpoints without a row in TABLE"
    assert listed - routed == set(), "rows in TABLE for endpoints that no longer exist"


@pytest.mark.parametrize("key", TABLE)
def test_refused_callers_are_refused_before_their_input_is_read_and_change_nothing(
    client, app, api_world, key
):
    row = TABLE[key]
    refused = [
        (role, status) for role, status in zip(ROLES, row.statuses, strict=True) if status >= 400
    ]
    before = snapshot(reads_allowed=True)
    for role, status in refused:
        valid = _send(client, app, api_world, key, role)
        assert valid.status_code == status, (role, valid.json)
        if role not in row.input_decides:
            wrong = _send(client, app, api_world, key, role, wrong_input=True)
            assert wrong.status_code == status, (role, "wrong input", wrong.json)
        if status in CODES:
            assert valid.json["error"]["code"] == CODES[status], role
    assert differences(before, snapshot(reads_allowed=True)) == []


def _api_methods() -> dict:
    """Each API endpoint's method, read at collection time from an app of its own."""
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "permissions",
                "REDIS_URL": None,
                "INSTANCE_PATH": instance,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance}/unused.sqlite3",
            }
        )
        rules = app.url_map.iter_rules()
        return {rule.endpoint: sorted(rule.methods - {"HEAD", "OPTIONS"})[0] for rule in rules}


def _happy_cases() -> list:
    """Reads: every allowed role in one test. Writes: one test per role, each on a fresh world."""
    methods = _api_methods()
    cases = []
    for key, row in TABLE.items():
        roles = [role for role, status in zip(ROLES, row.statuses, strict=True) if status < 400]
        if methods.get(VARIANT.match(key)["endpoint"]) == "GET":
            cases.append(pytest.param(key, roles, id=key))
        else:
            cases += [pytest.param(key, [role], id=f"{key}-{role}") for role in roles]
    return cases


@pytest.mark.parametrize(("key", "roles"), _happy_cases())
def test_allowed_callers_get_the_happy_path(client, app, api_world, key, roles):
    for role in roles:
        response = _send(client, app, api_world, key, role)
        expected = TABLE[key].statuses[ROLES.index(role)]
        assert response.status_code == expected, (role, response.get_data(as_text=True)[:500])


def _send(client, app, world, key, role, *, wrong_input=False):
    row = TABLE[key]
    rule = _rule(app, key)
    method = next(iter(rule.methods - {"HEAD", "OPTIONS"}))
    url = _url(app, world, key, rule)
    query = WRONG_QUERY if wrong_input else row.query
    if query:
        url = f"{url}?{query}"
    body = row.body(world) if callable(row.body) else row.body
    if wrong_input and method != "GET":
        body = WRONG_BODY
    return client.open(url, method=method, json=body, headers=world.headers(role))


def _rule(app, key: str):
    endpoint = VARIANT.match(key)["endpoint"]
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def _url(app, world, key: str, rule) -> str:
    names = {name: world.named[value] for name, value in TABLE[key].variant.items()}
    args = {**world.args, **names}
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: args[name] for name in rule.arguments})


def test_a_closed_registration_refuses_before_it_reads_the_form(client, make):
    programme = make.programme(registration_open=False)
    url = f"{API_PREFIX}/programmes/{programme.id}/registrations"
    response = client.post(url, json=WRONG_BODY)
    assert response.status_code == 403
    assert response.json["error"]["message"] == "Registration for this programme is closed."
