"""Fields a client must not set (``is_admin``, ``role``, ``programme_id``, ``status``, ``user_id``,
``id``) change nothing: the API refuses them as unknown (422), forms ignore them."""

import pytest

from dialogues.auth.models import User
from dialogues.programmes.models import Membership
from dialogues.recommendations.models import Recommendation
from dialogues.registrations.models import Registration
from dialogues.sessions.models import DialogueSession
from tests.conftest import post_form, reload

EXTRA = {"is_admin": True, "role": "coordinator", "status": "accepted", "user_id": 1, "id": 999}


def _registration_body(programme, **extra):
    return {
        "name": "Mallory",
        "email": "mallory@example.org",
        "password": "a long enough password",
        "side_id": programme.sides[0].id,
        "affiliation": "University",
        "role": "academic",
        "nationality": "US",
        "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
        **extra,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("is_admin", True), ("status", "accepted"), ("user_id", 1), ("id", 999),
     ("programme_id", 1)],
)  # fmt: skip
def test_registration_api_refuses_fields_a_registrant_may_not_set(client, world, field, value):
    programme = world.programme
    body = _registration_body(programme, **{field: value})
    response = client.post(f"/api/v1/programmes/{programme.id}/registrations", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert _count(Registration) == 2
    assert _count(User, User.email == "mallory@example.org") == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/programmes/{programme_id}", {"id": 999, "is_admin": True}),
        ("/api/v1/programmes/{programme_id}", {"programme_id": 999}),
        ("/api/v1/sessions/{session_id}", {"programme_id": 999, "id": 999}),
        ("/api/v1/recommendations/{recommendation_id}", {"status": "published"}),
        ("/api/v1/recommendations/{recommendation_id}", {"programme_id": 999, "user_id": 1}),
        ("/api/v1/registrations/{registration_id}", {"status": "declined", "user_id": 1}),
        ("/api/v1/registrations/{registration_id}", {"status": "declined", "side_id": 1}),
    ],
)
def test_api_updates_refuse_unknown_fields_and_change_nothing(client, world, path, body):
    before = _snapshot(world)
    response = client.patch(
        path.format(**world.args), json=body, headers=world.headers("coordinator")
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert _snapshot(world) == before


def test_register_form_ignores_extra_fields(client, make):
    programme = make.programme(status="registration_open")
    page = f"/p/{programme.slug}/register"
    # the form's own "role" (the registrant's background) wins over the extra one
    response = post_form(client, page, {**EXTRA, "programme_id": 999, **_form_data(programme)})
    assert response.status_code == 302, response.get_data(as_text=True)
    registration = reload_registration("mallory@example.org")
    assert registration.status == "pending"
    assert registration.programme_id == programme.id
    assert registration.user.is_admin is False
    assert _count(Membership) == 0


def test_profile_form_ignores_extra_fields(client, login, make):
    user = make.user("Eve")
    login(user)
    data = {"name": "Eve Renamed", "timezone": "Europe/Zurich", **EXTRA, "email": "x@example.org"}
    response = post_form(client, "/account/profile", data, page="/account")
    assert response.status_code == 302, response.get_data(as_text=True)
    user = reload(user)
    assert (user.name, user.is_admin, user.email) == ("Eve Renamed", False, user.email)
    assert user.email != "x@example.org"
    assert _count(Membership) == 0


def test_own_registration_form_ignores_status_and_side(client, login, world):
    registration = _own(world)
    login(world.people["participant_a"])
    page = f"/programmes/{world.programme.slug}/my-registration/edit"
    data = {
        "name": "Participant A",
        "affiliation": "Elsewhere",
        "role": "academic",
        "nationality": "US",
        "status": "withdrawn",
        "side_id": world.programme.sides[1].id,
        "user_id": world.people["participant_b"].id,
        "programme_id": 999,
    }
    response = post_form(client, page, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    after = reload(registration)
    assert (after.status, after.side_id, after.user_id, after.programme_id) == (
        "accepted",
        registration.side_id,
        registration.user_id,
        registration.programme_id,
    )
    assert after.affiliation == "Elsewhere"


def _own(world):
    from dialogues.extensions import db

    return db.session.get(Registration, world.args["registration_id"])


def _form_data(programme) -> dict:
    return {
        "name": "Mallory",
        "email": "mallory@example.org",
        "password": "a long enough password",
        "password_confirm": "a long enough password",
        "side_id": str(programme.sides[0].id),
        "affiliation": "University",
        "role": "academic",
        "nationality": "US",
        "consent_data_processing": "y",
        "accepts_confidentiality_rule": "y",
    }


def reload_registration(email: str) -> Registration:
    from dialogues.extensions import db

    db.session.rollback()
    return db.session.scalars(db.select(Registration).join(User).where(User.email == email)).one()


def _count(model, *where) -> int:
    from dialogues.extensions import db

    db.session.rollback()
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def _snapshot(world) -> tuple:
    from dialogues.extensions import db

    db.session.rollback()
    db.session.expire_all()
    rows = [
        db.session.get(model, world.args[key])
        for model, key in (
            (DialogueSession, "session_id"),
            (Recommendation, "recommendation_id"),
            (Registration, "registration_id"),
        )
    ]
    programme = db.session.get(type(world.programme), world.programme.id)
    return (
        (programme.id, programme.slug, programme.status),
        tuple((row.id, getattr(row, "status", None), row.programme_id) for row in rows),
        tuple(sorted((u.id, u.is_admin) for u in db.session.scalars(db.select(User)))),
    )
