"""Registering, at the operation level: every rule of the public form and the API."""

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.auth.passwords import verify_password
from dialogues.core.audit import AuditEvent
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.extensions import db
from dialogues.registrations import operations
from dialogues.registrations.models import Registration
from dialogues.registrations.rules import RULES_VERSION
from tests.factories import DEFAULT_PASSWORD
from tests.registrations.conftest import NAMES, body_of, registration_data

pytestmark = pytest.mark.usefixtures("as_command")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("name", NAMES)
def test_a_new_person_registers_with_a_new_account(make, outbox, name):
    programme = make.programme()
    data = registration_data(programme.sides[1], name=name, nationality="cn", languages="zh, ar")
    registration = operations.register(programme, data)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Registration, registration.id)
    assert stored.status == "pending"
    assert stored.user.name == name
    assert stored.user.email == "amelia@example.org"
    assert verify_password(stored.user.password_hash, "correct horse battery staple")
    assert stored.side_id == programme.sides[1].id
    assert stored.nationality == "CN"
    assert stored.languages == ["zh", "ar"]
    assert stored.consent_version == f"chatham_house@{RULES_VERSION}"
    assert stored.consented_data_processing_at is not None
    assert stored.consented_rule_at is not None
    (message,) = outbox()
    assert message["To"] == "amelia@example.org"
    assert message["Subject"] == f"Registration received: {programme.title}"
    assert name in body_of(message)
    assert "Chatham House Rule" in body_of(message)


def test_registration_is_audited_without_names(make):
    programme = make.programme()
    registration = operations.register(programme, registration_data(programme.sides[0]))
    event = db.session.scalar(sa.select(AuditEvent).filter_by(action="registration.create"))
    assert event.object_id == registration.id
    assert event.programme_id == programme.id
    assert "Amelia" not in str(event.detail)
    assert "amelia@example.org" not in str(event.detail)


def test_the_rule_version_follows_the_programme_rule(make):
    programme = make.programme(confidentiality="off_the_record")
    registration = operations.register(programme, registration_data(programme.sides[0]))
    assert registration.consent_version == f"off_the_record@{RULES_VERSION}"


def test_a_signed_in_person_registers_with_their_account(make):
    programme = make.programme()
    user = make.user("王小明")
    data = registration_data(programme.sides[1], email=None, password=None, name=None)
    registration = operations.register(programme, data, user)
    assert registration.user_id == user.id
    assert _count(User) == 1


def test_an_existing_account_joins_with_its_own_password(make):
    programme = make.programme()
    user = make.user("فاطمة الزهراء", email="fatima@example.org")
    data = registration_data(
        programme.sides[0], email="Fatima@Example.org", password=DEFAULT_PASSWORD, name="ignored"
    )
    registration = operations.register(programme, data)
    assert registration.user_id == user.id
    assert user.name == "فاطمة الزهراء"


def test_an_existing_account_with_another_password_is_a_conflict(make):
    programme = make.programme()
    make.user(email="fatima@example.org")
    data = registration_data(programme.sides[0], email="fatima@example.org", password="x" * 12)
    with pytest.raises(Conflict, match="Sign in instead"):
        operations.register(programme, data)
    assert _count(Registration) == 0
    # The failure counts towards the sign-in limits, like a wrong password on the sign-in form.
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEvent).filter_by(action="login.failed")
    )


def test_one_registration_per_person_and_programme(make):
    programme = make.programme()
    user = make.user()
    make.registration(programme, programme.sides[0], user, status="withdrawn")
    with pytest.raises(Conflict, match="already registered"):
        operations.register(programme, registration_data(programme.sides[1]), user)


def test_the_same_email_twice_is_a_conflict(make):
    programme = make.programme()
    operations.register(programme, registration_data(programme.sides[0]))
    db.session.commit()
    data = registration_data(programme.sides[1])
    with pytest.raises(Conflict):
        operations.register(programme, data)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent_data_processing": False}, "consent_data_processing"),
        ({"accepts_confidentiality_rule": False}, "accepts_confidentiality_rule"),
        ({"accepts_confidentiality_rule": None}, "accepts_confidentiality_rule"),
        ({"email": "not an email"}, "email"),
        ({"email": "someone@"}, "email"),
        ({"nationality": "XX"}, "nationality"),
        ({"nationality": "USA"}, "nationality"),
        ({"nationality": ""}, "nationality"),
        ({"languages": ["klingon"]}, "languages"),
        ({"languages": "en", "role": "spy"}, "role"),
        ({"affiliation": "   "}, "affiliation"),
        ({"affiliation": "x" * 201}, "affiliation"),
        ({"side_id": 999_999}, "side_id"),
        ({"name": ""}, "name"),
        ({"password": "short"}, "password"),
        ({"password": "password123"}, "password"),
        ({"password": ""}, "password"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(make, outbox, overrides, field):
    programme = make.programme()
    with pytest.raises(ValidationFailed) as raised:
        operations.register(programme, registration_data(programme.sides[0], **overrides))
    assert field in raised.value.fields
    assert raised.value.fields[field][0]
    assert _count(Registration) == 0
    assert _count(User) == 0
    assert outbox() == []


def test_every_problem_is_reported_at_once(make):
    programme = make.programme()
    data = registration_data(
        programme.sides[0], email="bad", nationality="ZZ", consent_data_processing=False
    )
    with pytest.raises(ValidationFailed) as raised:
        operations.register(programme, data)
    assert {"email", "nationality", "consent_data_processing"} <= set(raised.value.fields)


def test_a_side_of_another_programme_is_refused(make):
    programme = make.programme()
    other = make.programme()
    with pytest.raises(ValidationFailed) as raised:
        operations.register(programme, registration_data(other.sides[0]))
    assert "side_id" in raised.value.fields


@pytest.mark.parametrize(
    "fields",
    [{"registration_open": False}, {"status": "concluded"}, {"status": "archived"}],
)
def test_closed_registration_is_forbidden(make, fields):
    programme = make.programme(**fields)
    with pytest.raises(Forbidden):
        operations.register(programme, registration_data(programme.sides[0]))
    assert _count(Registration) == 0


def test_attribution_consent_is_kept(make):
    programme = make.programme(confidentiality="on_record")
    data = registration_data(programme.sides[0], consents_to_attribution=True)
    assert operations.register(programme, data).consents_to_attribution is True
