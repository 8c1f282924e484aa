"""The staff page and the invitation page, through the forms."""

import re
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.extensions import db
from dialogues.programmes.models import Membership, StaffInvitation
from tests.conftest import post_form
from tests.programmes.conftest import audit_actions, read_outbox

NEW_PASSWORD = "harbour lights at dusk"


def staff_url(programme) -> str:
    return f"/programmes/{programme.slug}/staff"


def coordinated(make, login):
    programme = make.programme(title="Maritime dialogue")
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    return programme


def invite_by_page(client, app, programme, email="invitee@example.org", **fields) -> str:
    """Add someone unknown through the staff page; the token from the emailed link."""
    data = {"email": email, "name": "", "role": "facilitator", "side_id": "", **fields}
    response = post_form(client, staff_url(programme), data)
    assert response.status_code == 302, response.get_data(as_text=True)
    body = read_outbox(app)[-1].get_content()
    return re.search(r"/invitations/(\S+)", body).group(1)


def test_staff_page_lists_people_and_their_roles(client, make, login):
    programme = coordinated(make, login)
    make.member(
        programme, make.user("محمد علي", email="liaison@example.org"), "liaison", programme.sides[1]
    )
    page = client.get(staff_url(programme)).get_data(as_text=True)
    assert "<bdi>محمد علي</bdi>" in page
    assert "Government liaison" in page
    assert "<bdi>China</bdi>" in page
    assert 'data-confirm="Remove liaison@example.org as government liaison?"' in page
    for label in ("Email", "Name (for a new account)", "Role", "Side (liaisons only)"):
        assert f">{label}</label>" in page


def test_add_a_liaison_by_email(client, app, make, login):
    programme = coordinated(make, login)
    cn = programme.sides[1]
    token = invite_by_page(client, app, programme, role="liaison", side_id=str(cn.id))
    membership = db.session.scalar(sa.select(Membership).where(Membership.role == "liaison"))
    assert (membership.side_id, membership.user.email) == (cn.id, "invitee@example.org")
    assert len(token) >= 40
    page = client.get(staff_url(programme)).get_data(as_text=True)
    assert "Invited, link valid until" in page
    assert audit_actions(programme.id) == ["membership.create", "invitation.create"]


def test_add_problems_are_named(client, make, login):
    programme = coordinated(make, login)
    data = {"email": "someone@example.org", "role": "liaison", "side_id": ""}
    response = post_form(client, staff_url(programme), data)
    assert response.status_code == 422
    assert "Side (liaisons only): A liaison belongs to one side: choose it." in response.get_data(
        as_text=True
    )
    data = {"email": "not an email", "role": "facilitator", "side_id": ""}
    response = post_form(client, staff_url(programme), data)
    assert response.status_code == 422
    assert "Email: Enter a valid email address" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(sa.select(User.id).where(User.email == "someone@example.org")) is None


def test_adding_the_same_role_twice_is_a_conflict(client, make, login):
    programme = coordinated(make, login)
    make.member(programme, make.user(email="again@example.org"), "facilitator")
    data = {"email": "again@example.org", "role": "facilitator", "side_id": ""}
    response = post_form(client, staff_url(programme), data)
    assert response.status_code == 409
    assert "again@example.org is already a facilitator" in response.get_data(as_text=True)


def test_remove_and_keep_the_last_coordinator(client, make, login):
    programme = coordinated(make, login)
    facilitator = make.member(programme, make.user(), "facilitator")
    coordinator = db.session.scalar(sa.select(Membership).where(Membership.role == "coordinator"))
    url = f"{staff_url(programme)}/{facilitator.id}/delete"
    assert post_form(client, url, {}, page=staff_url(programme)).status_code == 302
    url = f"{staff_url(programme)}/{coordinator.id}/delete"
    response = post_form(client, url, {}, page=staff_url(programme))
    assert response.status_code == 409
    assert "keeps at least one coordinator" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalars(sa.select(Membership.id)).all() == [coordinator.id]
    assert audit_actions(programme.id) == ["membership.delete"]


def test_removal_needs_the_csrf_token(client, make, login):
    programme = coordinated(make, login)
    facilitator = make.member(programme, make.user(), "facilitator")
    response = client.post(f"{staff_url(programme)}/{facilitator.id}/delete")
    assert response.status_code == 400
    db.session.rollback()
    assert db.session.get(Membership, facilitator.id) is not None


def test_a_membership_of_another_programme_is_not_found(client, make, login):
    programme = coordinated(make, login)
    elsewhere = make.member(make.programme(), make.user(), "facilitator")
    url = f"{staff_url(programme)}/{elsewhere.id}/delete"
    assert post_form(client, url, {}, page=staff_url(programme)).status_code == 404


def test_send_a_new_link(client, app, make, login):
    programme = coordinated(make, login)
    first = invite_by_page(client, app, programme)
    membership = db.session.scalar(sa.select(Membership).where(Membership.role == "facilitator"))
    url = f"{staff_url(programme)}/{membership.id}/invitation"
    assert post_form(client, url, {}, page=staff_url(programme)).status_code == 302
    second = re.search(r"/invitations/(\S+)", read_outbox(app)[-1].get_content()).group(1)
    assert second != first
    client.post("/logout", data={})  # the coordinator's session is irrelevant from here
    assert client.get(f"/invitations/{first}").status_code == 409
    assert client.get(f"/invitations/{second}").status_code in (200, 403)


def test_accept_an_invitation_and_arrive_signed_in(client, app, make, login):
    programme = coordinated(make, login)
    token = invite_by_page(client, app, programme)
    client.delete_cookie("dialogues_session")
    url = f"/invitations/{token}"
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer"}  # token in path
    assert "invitee@example.org" in page
    assert "<strong>facilitator</strong>" in page
    data = {"name": "Lin Mei 林梅", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = post_form(client, url, data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmes/{programme.slug}"
    dashboard = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lin Mei 林梅" in dashboard  # signed in, shown in the header
    client.delete_cookie("dialogues_session")
    assert client.get(url).status_code == 409  # used
    assert "already been used" in client.get(url).get_data(as_text=True)


def test_acceptance_problems_keep_the_link_usable(client, app, make, login):
    programme = coordinated(make, login)
    token = invite_by_page(client, app, programme)
    client.delete_cookie("dialogues_session")
    url = f"/invitations/{token}"
    response = post_form(client, url, {"name": "", "password": "short", "confirm": "other"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Repeat the password: The passwords do not match." in page
    response = post_form(client, url, {"name": "", "password": "short", "confirm": "short"})
    page = response.get_data(as_text=True)
    assert "Your name: Enter your name." in page
    assert "Choose a password: Use at least 10 characters." in page
    db.session.rollback()
    assert db.session.scalar(sa.select(StaffInvitation.used_at)) is None


def test_an_expired_link_is_refused(client, app, make, login):
    programme = coordinated(make, login)
    token = invite_by_page(client, app, programme)
    db.session.execute(
        sa.update(StaffInvitation).values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    db.session.commit()
    client.delete_cookie("dialogues_session")
    response = client.get(f"/invitations/{token}")
    assert response.status_code == 409
    assert "This invitation has expired" in response.get_data(as_text=True)


def test_a_tampered_link_is_not_found(client, app, make, login):
    programme = coordinated(make, login)
    token = invite_by_page(client, app, programme)
    client.delete_cookie("dialogues_session")
    tampered = token[:10] + ("x" if token[10] != "x" else "y") + token[11:]
    response = client.get(f"/invitations/{tampered}")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_someone_else_signed_in_is_refused(client, app, make, login):
    programme = coordinated(make, login)
    token = invite_by_page(client, app, programme)
    client.delete_cookie("dialogues_session")
    login(make.user(email="other@example.org"))
    url = f"/invitations/{token}"
    assert client.get(url).status_code == 403
    response = client.post(url, data={})
    assert response.status_code in (400, 403)
    db.session.rollback()
    assert db.session.scalar(sa.select(StaffInvitation.used_at)) is None


def test_the_invitee_signed_in_confirms_with_one_button(client, app, make, login):
    programme = coordinated(make, login)
    person = make.user(email="known@example.org")
    membership = make.member(programme, make.user(email="invitee@example.org"), "facilitator")
    db.session.execute(
        sa.update(User).where(User.id == membership.user_id).values(password_hash=None)
    )
    db.session.commit()
    url = f"{staff_url(programme)}/{membership.id}/invitation"
    assert post_form(client, url, {}, page=staff_url(programme)).status_code == 302
    token = re.search(r"/invitations/(\S+)", read_outbox(app)[-1].get_content()).group(1)
    client.delete_cookie("dialogues_session")
    login(person)
    assert client.get(f"/invitations/{token}").status_code == 403  # another person's link
