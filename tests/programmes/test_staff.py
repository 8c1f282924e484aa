"""Staff operations: adding by email, invitations (single use, expiring, bound), removal."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.auth.passwords import verify_password
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Membership, StaffInvitation
from dialogues.programmes.operations import accept_invitation, add_member, remove_member
from dialogues.programmes.staff import resend_invitation
from tests.programmes.conftest import audit_actions, read_outbox

pytestmark = pytest.mark.usefixtures("in_request")
NEW_PASSWORD = "harbour lights at dusk"


def invite(make, email="new.person@example.org", role="facilitator", **fields):
    programme = make.programme(title="Maritime dialogue")
    membership = add_member(programme, email, role, **fields)
    db.session.commit()
    return programme, membership


def link_token(app_context) -> str:
    body = read_outbox(app_context)[-1].get_content()
    return re.search(r"http://localhost/invitations/(\S+)", body).group(1)


def test_known_person_is_added_and_told(make, app_context):
    programme = make.programme(title="Maritime dialogue")
    person = make.user(email="known@example.org")
    membership = add_member(programme, "  Known@Example.org ", "facilitator")
    db.session.commit()
    assert (membership.user_id, membership.role, membership.side_id) == (
        person.id,
        "facilitator",
        None,
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffInvitation)) == 0
    (message,) = read_outbox(app_context)
    assert message["To"] == "known@example.org"
    assert "facilitator of the programme “Maritime dialogue”" in message.get_content()
    assert audit_actions(programme.id) == ["membership.create"]


def test_unknown_email_gets_an_account_and_an_invitation(make, app_context):
    programme, membership = invite(make, "New.Person@Example.org", name="Нина Иванова")
    user = membership.user
    assert (user.email, user.name, user.password_hash) == (
        "new.person@example.org",
        "Нина Иванова",
        None,
    )
    invitation = db.session.scalar(sa.select(StaffInvitation))
    token = link_token(app_context)
    assert invitation.email == "new.person@example.org"
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    lifetime = invitation.expires_at - datetime.now(UTC)
    assert timedelta(days=6, hours=23) < lifetime <= timedelta(days=7)
    (message,) = read_outbox(app_context)
    assert message["To"] == "new.person@example.org"
    assert message["Subject"] == "You are invited to “Maritime dialogue”"
    assert "works once, for this email address only" in message.get_content()
    assert audit_actions(programme.id) == ["membership.create", "invitation.create"]


def test_an_unnamed_invitee_is_named_after_the_address(make):
    _programme, membership = invite(make, "li.wei@example.org")
    assert membership.user.name == "li.wei"


def test_liaison_belongs_to_a_side(make):
    programme = make.programme()
    cn = programme.sides[1]
    membership = add_member(programme, "liaison@example.org", "liaison", side_id=cn.id)
    assert membership.side_id == cn.id


@pytest.mark.parametrize(
    ("email", "role", "side", "field", "message"),
    [
        ("not-an-email", "facilitator", None, "email", "Enter a valid email address"),
        ("", "facilitator", None, "email", "Enter a valid email address"),
        (
            "a@example.org",
            "observer",
            None,
            "role",
            "Choose one of: coordinator, facilitator, liaison.",
        ),
        ("a@example.org", "liaison", None, "side_id", "A liaison belongs to one side: choose it."),
        (
            "a@example.org",
            "facilitator",
            "own",
            "side_id",
            "Only a liaison belongs to a side; leave it empty.",
        ),
        ("a@example.org", "liaison", "other", "side_id", "No side with this id in this programme."),
    ],
)
def test_add_member_names_each_problem(make, email, role, side, field, message):
    programme = make.programme()
    other = make.programme()
    side_id = {"own": programme.sides[0].id, "other": other.sides[0].id, None: None}[side]
    with pytest.raises(ValidationFailed) as caught:
        add_member(programme, email, role, side_id)
    assert any(text.startswith(message) for text in caught.value.fields[field])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_the_same_role_twice_is_a_conflict(make):
    programme = make.programme()
    person = make.user(email="twice@example.org")
    make.member(programme, person, "facilitator")
    with pytest.raises(Conflict, match="already a facilitator"):
        add_member(programme, "twice@example.org", "facilitator")
    add_member(programme, "twice@example.org", "coordinator")  # another role is fine


def test_remove_member(make):
    programme = make.programme()
    coordinator = make.member(programme, make.user(), "coordinator")
    facilitator = make.member(programme, make.user(), "facilitator")
    remove_member(facilitator)
    db.session.commit()
    assert db.session.scalars(sa.select(Membership.id)).all() == [coordinator.id]
    assert audit_actions(programme.id) == ["membership.delete"]


def test_the_last_coordinator_stays(make):
    programme = make.programme()
    first = make.member(programme, make.user(), "coordinator")
    second = make.member(programme, make.user(), "coordinator")
    remove_member(first)
    with pytest.raises(Conflict, match="at least one coordinator"):
        remove_member(second)


def test_removing_an_invited_person_voids_the_link(make, app_context):
    _programme, membership = invite(make)
    token = link_token(app_context)
    make.member(membership.programme, make.user(), "coordinator")
    remove_member(membership)
    db.session.commit()
    with pytest.raises(Exception, match="not valid") as caught:
        accept_invitation(token, None, name="N", password=NEW_PASSWORD)
    assert caught.value.code == 404


def test_accepting_sets_name_and_password_once(make, app_context):
    programme, membership = invite(make, name="Placeholder")
    token = link_token(app_context)
    invitee = accept_invitation(token, None, name="  Lin Mei ", password=NEW_PASSWORD)
    db.session.commit()
    assert invitee.id == membership.user_id
    assert invitee.name == "Lin Mei"
    assert verify_password(invitee.password_hash, NEW_PASSWORD)
    assert db.session.scalar(sa.select(StaffInvitation.used_at)) is not None
    assert audit_actions(programme.id)[-1] == "invitation.accept"
    with pytest.raises(Conflict, match="already been used"):
        accept_invitation(token, None, name="Someone else", password="another long password")


def test_an_expired_invitation_is_refused(make, app_context):
    invite(make)
    token = link_token(app_context)
    db.session.execute(
        sa.update(StaffInvitation).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    with pytest.raises(Conflict, match="expired"):
        accept_invitation(token, None, name="Late", password=NEW_PASSWORD)


def test_a_tampered_token_is_not_found(make, app_context):
    invite(make)
    token = link_token(app_context)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (tampered, token + "x", "", "../" + token):
        with pytest.raises(Exception, match="not valid") as caught:
            accept_invitation(wrong, None, name="N", password=NEW_PASSWORD)
        assert caught.value.code == 404


def test_someone_signed_in_with_another_email_is_refused(make, app_context):
    invite(make)
    token = link_token(app_context)
    intruder = make.user(email="intruder@example.org")
    with pytest.raises(Exception, match="another email address") as caught:
        accept_invitation(token, intruder)
    assert caught.value.status == 403
    assert db.session.scalar(sa.select(StaffInvitation.used_at)) is None


@pytest.mark.parametrize(
    ("name", "password", "field", "message"),
    [
        ("", NEW_PASSWORD, "name", "Enter your name."),
        ("x" * 201, NEW_PASSWORD, "name", "Use at most 200 characters."),
        ("Lin Mei", "", "password", "Choose a password."),
        ("Lin Mei", "short", "password", "Use at least 10 characters."),
        (
            "Lin Mei",
            "new.person@example.org",
            "password",
            "The password must not be your email address.",
        ),
    ],
)
def test_account_problems_leave_the_invitation_usable(
    make, app_context, name, password, field, message
):
    invite(make)
    token = link_token(app_context)
    with pytest.raises(ValidationFailed) as caught:
        accept_invitation(token, None, name=name, password=password)
    assert caught.value.fields[field] == [message]
    db.session.rollback()
    assert accept_invitation(token, None, name="Lin Mei", password=NEW_PASSWORD)


def test_resending_voids_the_earlier_link(make, app_context):
    _programme, membership = invite(make)
    first = link_token(app_context)
    resend_invitation(membership)
    db.session.commit()
    second = link_token(app_context)
    assert first != second
    with pytest.raises(Conflict, match="expired"):
        accept_invitation(first, None, name="N", password=NEW_PASSWORD)
    assert accept_invitation(second, None, name="N", password=NEW_PASSWORD)


def test_no_resend_for_someone_with_a_password(make):
    programme = make.programme()
    membership = make.member(programme, make.user(), "facilitator")
    with pytest.raises(Conflict):
        resend_invitation(membership)
