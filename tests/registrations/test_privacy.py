"""A person's own data: editing it, a copy of it, and erasing the account."""

import json

import pytest
import sqlalchemy as sa

from dialogues.api.models import ApiToken
from dialogues.api.tokens import create_token
from dialogues.auth.models import AuthSession, User
from dialogues.core.audit import AuditEvent
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.recommendations.models import Endorsement
from dialogues.registrations import operations
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.models import Registration
from dialogues.sessions.models import Attendance
from tests.registrations.conftest import body_of

pytestmark = pytest.mark.usefixtures("as_command")


@pytest.fixture
def person(make):
    return make.user("فاطمة الزهراء", email="fatima@example.org")


@pytest.fixture
def registration(make, person):
    programme = make.programme()
    return make.registration(
        programme,
        programme.sides[1],
        person,
        status="accepted",
        affiliation="جامعة القاهرة",
        access_needs="Step-free access",
        languages=["ar", "en"],
    )


def test_the_person_edits_their_details(registration, person):
    operations.update_own_details(
        registration,
        person,
        {"name": "王小明", "affiliation": "北京大学", "languages": ["zh"], "nationality": "us"},
    )
    assert person.name == "王小明"
    assert (registration.affiliation, registration.languages) == ("北京大学", ["zh"])
    assert registration.nationality == "US"
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="registration.update"))
    assert event.detail == {"fields": ["affiliation", "languages", "name", "nationality"]}


def test_bad_details_change_nothing(registration, person):
    with pytest.raises(ValidationFailed) as raised:
        operations.update_own_details(
            registration, person, {"affiliation": "Elsewhere", "nationality": "QQ"}
        )
    assert list(raised.value.fields) == ["nationality"]
    assert registration.affiliation == "جامعة القاهرة"


def test_only_the_person_edits_their_details(make, registration):
    with pytest.raises(Forbidden):
        operations.update_own_details(registration, make.user(is_admin=True), {"name": "x"})


def test_a_withdrawn_registration_cannot_be_edited(registration, person):
    registration.status = "withdrawn"
    db.session.commit()
    with pytest.raises(Conflict):
        operations.update_own_details(registration, person, {"affiliation": "x"})


def test_the_copy_holds_the_persons_data(make, registration, person):
    make.member(make.programme(), person, "facilitator")
    data = operations.export_own_data(person)
    json.dumps(data)  # ready for a JSON file
    assert data["account"]["name"] == "فاطمة الزهراء"
    assert data["account"]["email"] == "fatima@example.org"
    (own,) = data["registrations"]
    assert own["id"] == registration.id
    assert own["affiliation"] == "جامعة القاهرة"
    assert own["side"]["name"] == "China"
    assert own["status"] == "accepted"
    assert own["consent_version"] == "1"
    assert [role["role"] for role in data["staff_roles"]] == ["facilitator"]


def test_the_copy_holds_nobody_else(make, registration, person):
    make.registration(registration.programme, registration.programme.sides[0], make.user("Other"))
    data = operations.export_own_data(person)
    assert "Other" not in json.dumps(data, ensure_ascii=False)
    assert len(data["registrations"]) == 1


def _endorse(make, registration):
    author = make.user()
    recommendation = make.recommendation(registration.programme, author, status="submitted")
    db.session.add(
        Endorsement(recommendation_id=recommendation.id, registration_id=registration.id, version=1)
    )
    dialogue_session = make.session(registration.programme)
    db.session.add(
        Attendance(
            session_id=dialogue_session.id, registration_id=registration.id, status="attended"
        )
    )
    db.session.commit()
    return recommendation


def test_erasure_anonymises_and_keeps_the_counts(make, registration, person, outbox):
    programme = registration.programme
    _endorse(make, registration)
    db.session.add(AuthSession(user=person, token_hash="a" * 64))
    db.session.commit()
    before = programme_balance(programme)
    user_id = person.id

    operations.erase_account(person)
    db.session.commit()
    db.session.expire_all()

    assert programme_balance(programme) == before
    stored = db.session.get(Registration, registration.id)
    assert stored.user_id is None
    assert (stored.affiliation, stored.access_needs, stored.languages) == ("", "", [])
    assert stored.nationality == ""
    assert stored.status == "accepted"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Endorsement)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attendance)) == 1
    account = db.session.get(User, user_id)
    assert account.name == "Erased account"
    assert "fatima" not in account.email
    assert account.password_hash is None
    assert not account.is_active
    assert db.session.scalar(sa.select(AuthSession).filter_by(user_id=user_id)) is None
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="account.erase"))
    assert event.detail == {"registrations": 1}
    (message,) = outbox()
    assert message["To"] == "fatima@example.org"
    assert "erased" in body_of(message)


def test_erasure_removes_staff_roles_tokens_and_facilitator_places(make, person):
    programme = make.programme()
    make.member(programme, person, "facilitator")
    dialogue_session = make.session(programme, facilitators=[person])
    recommendation = make.recommendation(programme, person)
    create_token(person, "CRM")
    db.session.commit()
    operations.erase_account(person)
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(sa.select(Membership).filter_by(user_id=person.id)) is None
    assert db.session.scalar(sa.select(ApiToken).filter_by(user_id=person.id)) is None
    assert db.session.get(type(dialogue_session), dialogue_session.id).facilitators == []
    # Authorship stays, with no name behind it.
    assert db.session.get(type(recommendation), recommendation.id).author.name == "Erased account"


def test_the_email_can_register_again_after_erasure(make, registration, person):
    operations.erase_account(person)
    db.session.commit()
    assert db.session.scalar(sa.select(User).filter_by(email="fatima@example.org")) is None


def test_an_administrator_cannot_erase_their_account(make):
    admin = make.user(is_admin=True)
    with pytest.raises(Conflict):
        operations.erase_account(admin)
    assert admin.name != "Erased account"


def test_the_copy_holds_attendance_and_endorsements(make, registration, person):
    recommendation = _endorse(make, registration)
    data = operations.export_own_data(person)
    (endorsement,) = data["endorsements"]
    assert (endorsement["recommendation_id"], endorsement["version"]) == (recommendation.id, 1)
    (attendance,) = data["attendance"]
    assert (attendance["registration_id"], attendance["status"]) == (registration.id, "attended")
    json.dumps(data)
