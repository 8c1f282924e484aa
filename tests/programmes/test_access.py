"""Who may open and use the programme pages: one row per role (403 table)."""

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side
from tests.conftest import post_form
from tests.programmes.conftest import ROLES

MANAGERS = {"coordinator", "administrator"}


def expected(role: str, allowed: set[str]) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    return 200 if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/programmes/new", {"administrator"}),
        ("/programmes/{slug}/edit", MANAGERS),
        ("/programmes/{slug}/sides", MANAGERS),
        ("/programmes/{slug}/staff", MANAGERS),
    ],
)
def test_who_may_open_each_page(client, cast, sign_in, role, path, allowed):
    sign_in(cast.people[role])
    response = client.get(path.format(slug=cast.programme.slug))
    assert response.status_code == expected(role, allowed)
    if role == "anonymous":
        assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("role", [role for role in ROLES if role not in MANAGERS])
def test_only_coordinators_change_anything(client, cast, sign_in, role):
    sign_in(cast.people[role])
    programme = cast.programme
    base = f"/programmes/{programme.slug}"
    side = programme.sides[0]
    membership = db.session.scalar(sa.select(Membership.id).where(Membership.role == "liaison"))
    attempts = [
        ("/programmes/new", {"title": "Hijack"}),
        (f"{base}/edit", {"title": "Hijack"}),
        (f"{base}/sides", {"new-name": "Hijack", "new-countries": ["US"]}),
        (f"{base}/sides/{side.id}", {f"side-{side.id}-name": "Hijack"}),
        (f"{base}/sides/{side.id}/delete", {}),
        (f"{base}/staff", {"email": "hijack@example.org", "role": "coordinator"}),
        (f"{base}/staff/{membership}/delete", {}),
        (f"{base}/staff/{membership}/invitation", {}),
    ]
    for url, data in attempts:
        if role == "anonymous":
            response = client.post(url, data=data)
            assert response.status_code in (302, 400), url  # sign in first, or no CSRF token
        else:
            response = post_form(client, url, data, page="/")
            assert response.status_code == 403, url
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Programme)) == 2
    assert db.session.scalar(sa.select(Side.name).where(Side.id == side.id)) == "United States"
    assert db.session.get(Membership, membership) is not None


@pytest.mark.parametrize(
    "path", ["/programmes/nowhere", "/programmes/nowhere/edit", "/programmes/nowhere/staff"]
)
def test_an_unknown_programme_is_not_found(client, make, login, path):
    login(make.user(is_admin=True))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("key", ["id", "slug"])
def test_the_access_read_with_the_programme_is_the_one_read_alone(cast, make, key):
    """Loading a programme reads the person's access in the same statement (a row per staff
    role, the registration on each): the same access as the check's own statement reads, and
    the checks that follow run no statement."""
    programme = cast.programme
    us, cn = programme.sides
    several = make.user("Two Roles 两个角色")  # two staff roles and a registration: two rows
    make.member(programme, several, "facilitator")
    make.member(programme, several, "liaison", cn)
    make.registration(programme, us, several, status="waitlisted")
    db.session.commit()
    people = [person for person in cast.people.values() if person is not None] + [several]
    statements = []  # what this test's own session runs (the requests' app has its own engine)
    sa.event.listen(db.engine, "before_cursor_execute", lambda *run: statements.append(run[2]))
    for person in people:
        person.__dict__.pop("_programme_access", None)
        alone = programme.access_for(person)
        person.__dict__.pop("_programme_access", None)
        db.session.expire_all()
        value = getattr(programme, key)
        assert person.id, person  # the person read again too, before counting
        statements.clear()
        loaded = Programme.with_access(key, value, person)
        checks = (loaded.can_view(person), loaded.can_manage(person))
        assert loaded.id == programme.id
        assert loaded.access_for(person) == alone, person.name
        assert checks == (alone.can_view, alone.is_coordinator)
        assert len(statements) == 1, statements
    assert alone.roles == {"facilitator", "liaison"}
    assert (alone.liaison_side_ids, alone.registration_status) == ({cn.id}, "waitlisted")
    assert Programme.with_access(key, "nowhere" if key == "slug" else 0, several) is None
    anonymous = Programme.with_access(key, getattr(programme, key), None)
    assert anonymous.id == programme.id
