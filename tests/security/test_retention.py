"""Purging the personal data of a concluded programme: nothing about its participants remains,
while counts, the balance, recommendations with their per-side endorsements, sessions,
briefings and the digest stay; other programmes are untouched."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import StaffInvitation
from dialogues.recommendations.endorsements import backing_for
from dialogues.recommendations.models import Endorsement
from dialogues.registrations.balance import programme_balance
from dialogues.sessions.calendars import issue_token
from dialogues.sessions.models import Attendance
from dialogues.sessions.notes import NoteInput, create_note
from tests.conftest import post_form


@pytest.fixture
def ended(make):
    """A concluded programme: participants on both sides, one also in another programme."""
    programme = make.programme(slug="ended", title="Water Talks", status="concluded")
    other = make.programme(slug="ongoing", title="Other Talks", status="running")
    coordinator = make.user("Coordinator Kept")
    make.member(programme, coordinator, "coordinator")
    facilitator = make.user("Facilitator Kept")
    make.member(programme, facilitator, "facilitator")
    people = [make.user(f"Secret Person {n}", email=f"secret{n}@example.org") for n in range(4)]
    registrations = [
        make.registration(
            programme,
            programme.sides[n % 2],
            person,
            status="accepted",
            affiliation=f"Hidden Institute {n}",
            access_needs=f"Hidden need {n}",
        )
        for n, person in enumerate(people)
    ]
    elsewhere = make.registration(other, other.sides[0], people[3], affiliation="Kept Institute")
    session = make.session(programme, [facilitator], title="Plenary on water")
    recommendation = make.recommendation(
        programme, facilitator, status="published", published_at=datetime.now(UTC)
    )
    for registration in registrations[:3]:
        db.session.add(
            Endorsement(
                recommendation_id=recommendation.id, registration_id=registration.id, version=1
            )
        )
        db.session.add(
            Attendance(session_id=session.id, registration_id=registration.id, status="attended")
        )
    create_note(session, facilitator, NoteInput("Water was discussed."))
    membership = make.member(programme, make.user("Invited Liaison"), "liaison", programme.sides[0])
    db.session.add(
        StaffInvitation(
            membership=membership,
            email="invited@example.org",
            token_hash="0" * 64,
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
    )
    issue_token(people[0], programme)
    db.session.commit()
    return {
        "programme": programme,
        "other": other,
        "coordinator": coordinator,
        "people": people,
        "session": session,
        "recommendation": recommendation,
        "elsewhere": elsewhere,
    }


def _text_values() -> list[str]:
    """Every text value in every table (JSON columns as their text)."""
    values = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [
                c for c in table.columns if isinstance(c.type, sa.String | sa.Text | sa.JSON)
            ]
            if columns:
                for row in connection.execute(sa.select(*columns)):
                    values.extend(str(value) for value in row if value is not None)
    return values


def _traces(values: list[str], needles: list[str]) -> list[str]:
    return [needle for needle in needles if any(needle in value for value in values)]


def _purge(client, programme):
    page = f"/programmes/{programme.slug}/retention"
    return post_form(client, page, {"title": programme.title})


def test_nothing_personal_remains(ended, client_for):
    people = ended["people"]
    erased = people[:3]  # the fourth also takes part in another programme
    needles = [p.name for p in erased] + [p.email for p in erased]
    needles += [f"Hidden Institute {n}" for n in range(4)] + [f"Hidden need {n}" for n in range(4)]
    assert _traces(_text_values(), needles) == needles  # the scan sees them before
    response = _purge(client_for(ended["coordinator"]), ended["programme"])
    assert response.status_code == 302
    assert _traces(_text_values(), needles) == []
    with db.engine.connect() as connection:
        for table in ("attendance", "staff_invitation", "calendar_token", "auth_session"):
            rows = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()  # noqa: S608
            assert rows == (1 if table == "auth_session" else 0), table  # the coordinator's
        linked = connection.execute(
            sa.text("SELECT count(*) FROM registration WHERE user_id IS NOT NULL")
        ).scalar()
    assert linked == 1  # only the registration in the other programme


def test_the_person_in_another_programme_is_detached_not_erased(ended, client_for):
    kept = ended["people"][3]
    _purge(client_for(ended["coordinator"]), ended["programme"])
    values = _text_values()
    assert _traces(values, [kept.name, kept.email, "Kept Institute"]) == [
        kept.name,
        kept.email,
        "Kept Institute",
    ]
    assert client_for(kept).get("/").status_code == 200  # can still sign in


def test_counts_balance_endorsements_and_pages_stay(ended, client_for):
    programme, recommendation = ended["programme"], ended["recommendation"]
    balance = programme_balance(programme)
    backing = backing_for(programme, [recommendation])[recommendation.id]
    client = client_for(ended["coordinator"])
    assert _purge(client, programme).status_code == 302
    db.session.expire_all()
    assert programme_balance(programme) == balance
    after = backing_for(programme, [recommendation])[recommendation.id]
    assert after.counts == backing.counts
    assert sorted(after.counts.values()) == [1, 2]
    pages = (
        f"/programmes/{programme.slug}",
        f"/programmes/{programme.slug}/registrations",
        f"/recommendations/{recommendation.id}",
        f"/sessions/{ended['session'].id}",
        f"/programmes/{programme.slug}/briefings/{programme.sides[0].id}",
        f"/p/{programme.slug}/digest",
    )
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    assert "Plenary on water" in client.get(f"/sessions/{ended['session'].id}").get_data(True)
    assert "Open a hotline" in client.get(f"/p/{programme.slug}/digest").get_data(True)


def test_other_programmes_are_untouched(ended, client_for):
    elsewhere = ended["elsewhere"]
    _purge(client_for(ended["coordinator"]), ended["programme"])
    db.session.expire_all()
    assert elsewhere.user_id == ended["people"][3].id
    assert elsewhere.affiliation == "Kept Institute"


def test_a_programme_that_has_not_ended_is_refused(ended, client_for, make):
    programme = ended["other"]
    coordinator = make.user("Other coordinator")
    make.member(programme, coordinator, "coordinator")
    db.session.commit()
    client = client_for(coordinator)
    assert "Conclude it first" in client.get(f"/programmes/{programme.slug}/retention").get_data(
        True
    )
    response = post_form(
        client,
        f"/programmes/{programme.slug}/retention",
        {"title": programme.title},
        page=f"/programmes/{ended['programme'].slug}/retention",
    )
    assert response.status_code == 409
    db.session.expire_all()
    assert ended["elsewhere"].affiliation == "Kept Institute"


def test_the_title_must_be_typed(ended, client_for):
    programme = ended["programme"]
    client = client_for(ended["coordinator"])
    response = post_form(client, f"/programmes/{programme.slug}/retention", {"title": "water"})
    assert response.status_code == 422
    assert "exactly" in response.get_data(as_text=True)
    assert _traces(_text_values(), ["Hidden Institute 0"]) == ["Hidden Institute 0"]


def test_the_purge_is_audited_without_personal_data(ended, client_for):
    _purge(client_for(ended["coordinator"]), ended["programme"])
    with db.engine.connect() as connection:
        detail = connection.execute(
            sa.text("SELECT detail FROM audit_event WHERE action = 'programme.purge_personal_data'")
        ).scalar_one()
    assert "secret" not in str(detail).lower()
    assert '"registrations": 4' in str(detail).replace("'", '"')


def test_the_command_purges_and_refuses_what_has_not_ended(ended, runner):
    result = runner.invoke(args=["purge-programme", "ongoing", "--yes"])
    assert result.exit_code == 1
    assert "Conclude it first" in result.output
    result = runner.invoke(args=["purge-programme", "ended", "--yes"])
    assert result.exit_code == 0, result.output
    assert "4 registrations made anonymous, 3 accounts erased, 1 detached" in result.output
    assert _traces(_text_values(), ["secret0@example.org"]) == []
