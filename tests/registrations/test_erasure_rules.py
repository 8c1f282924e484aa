"""What erasing an account must not break and must not leave: a programme under way keeps a
coordinator, no place goes to an application nobody stands behind, and the sign-in failure
counts forget the email address."""

import fakeredis
import pytest
import sqlalchemy as sa

from dialogues.core import throttle
from dialogues.core.audit import AuditEvent
from dialogues.core.errors import Conflict
from dialogues.core.throttle import FailureRecord
from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.registrations import operations
from dialogues.registrations.balance import programme_balance
from tests.conftest import post_form, reload
from tests.factories import DEFAULT_PASSWORD

ERASED = "Erased account"


def _coordinator(make, *programmes):
    person = make.user("Sole Coordinator")
    for programme in programmes:
        make.member(programme, person, "coordinator")
    return person


# --- The last coordinator ---------------------------------------------------------------------


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize("status", ["draft", "registration_open", "running"])
def test_the_last_coordinator_of_a_programme_under_way_cannot_erase(make, status):
    programme = make.programme(title="Water Talks", status=status)
    coordinator = _coordinator(make, programme)
    with pytest.raises(Conflict, match="only coordinator of “Water Talks”"):
        operations.erase_account(coordinator)
    assert coordinator.name == "Sole Coordinator"


@pytest.mark.usefixtures("as_command")
def test_every_programme_left_without_a_coordinator_is_named(make):
    first, second = make.programme(title="Water Talks"), make.programme(title="Arctic Talks")
    coordinator = _coordinator(make, first, second)
    with pytest.raises(Conflict) as raised:
        operations.erase_account(coordinator)
    assert "“Arctic Talks”, “Water Talks”" in raised.value.message


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize("status", ["concluded", "archived"])
def test_the_last_coordinator_of_an_ended_programme_may_erase(make, status):
    programme = make.programme(status=status)
    coordinator = _coordinator(make, programme)
    operations.erase_account(coordinator)
    db.session.commit()
    assert coordinator.name == ERASED


@pytest.mark.usefixtures("as_command")
def test_a_coordinator_with_a_colleague_may_erase(make):
    programme = make.programme(status="running")
    coordinator = _coordinator(make, programme)
    colleague = make.user("Colleague")
    make.member(programme, colleague, "coordinator")
    operations.erase_account(coordinator)
    db.session.commit()
    kept = db.session.scalars(sa.select(Membership.user_id).filter_by(programme_id=programme.id))
    assert list(kept) == [colleague.id]


def test_the_erase_page_says_why_instead_of_asking_the_password(make, client_for):
    coordinator = _coordinator(make, make.programme(title="Water Talks", status="running"))
    client = client_for(coordinator)
    page = client.get("/account/data/erase")
    assert page.status_code == 200
    assert "only coordinator of “Water Talks”" in page.get_data(as_text=True)
    assert 'name="password"' not in page.get_data(as_text=True)
    response = post_form(
        client,
        "/account/data/erase",
        {"password": DEFAULT_PASSWORD, "understood": "y"},
        page="/account/data",
    )
    assert response.status_code == 409
    assert "only coordinator of “Water Talks”" in response.get_data(as_text=True)
    assert reload(coordinator).name == "Sole Coordinator"


# --- Open applications ------------------------------------------------------------------------


@pytest.mark.usefixtures("as_command")
def test_erasure_withdraws_open_applications_and_keeps_decided_ones(make):
    person = make.user("Applicant")
    statuses = ("pending", "waitlisted", "accepted", "declined")
    registrations = []
    for status in statuses:
        programme = make.programme()
        registrations.append(
            make.registration(programme, programme.sides[0], person, status=status)
        )
    accepted = registrations[2].programme
    before = programme_balance(accepted)
    operations.erase_account(person)
    db.session.commit()
    assert [str(r.status) for r in registrations] == [
        "withdrawn",
        "withdrawn",
        "accepted",
        "declined",
    ]
    assert programme_balance(accepted) == before
    events = db.session.scalars(
        sa.select(AuditEvent).filter_by(action="registration.withdraw").order_by(AuditEvent.id)
    )
    assert [(e.object_id, e.detail["status_from"]) for e in events] == [
        (registrations[0].id, "pending"),
        (registrations[1].id, "waitlisted"),
    ]


# --- Sign-in failures -------------------------------------------------------------------------


@pytest.mark.usefixtures("as_command")
def test_erasure_forgets_the_sign_in_failures_counted_under_the_email(make):
    person = make.user(email="typo@example.org")
    make.user(email="other@example.org")
    throttle.counter().add(
        "login:account:typo@example.org",
        "login:account:other@example.org",
        "login:address:10.0.0.1",
    )
    db.session.commit()
    operations.erase_account(person)
    db.session.commit()
    keys = db.session.scalars(sa.select(FailureRecord.key).order_by(FailureRecord.key))
    assert list(keys) == ["login:account:other@example.org", "login:address:10.0.0.1"]


@pytest.mark.usefixtures("as_command")
def test_erasure_forgets_the_sign_in_failures_on_redis(make, app_context):
    counter = throttle.RedisCounter(fakeredis.FakeRedis())
    app_context.extensions["dialogues.counter"] = counter
    person = make.user(email="typo@example.org")
    counter.add("login:account:typo@example.org", "login:account:other@example.org")
    operations.erase_account(person)
    assert not counter.client.exists("dialogues:failures:login:account:typo@example.org")
    assert counter.client.exists("dialogues:failures:login:account:other@example.org")
