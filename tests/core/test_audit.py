"""Audit events: written by operations, listed and filtered for administrators only."""

import pytest
import sqlalchemy as sa

from dialogues.auth.operations import create_user
from dialogues.core import audit
from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from tests.conftest import post_form


def test_creating_a_user_is_audited(make):
    admin = make.user(is_admin=True)
    user = create_user("new@example.org", "New Person", "a long password 1")
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.object_type == "user"
    assert event.object_id == user.id
    assert admin.id != user.id


def test_failed_sign_in_is_audited_without_the_password(client, make):
    user = make.user()
    post_form(client, "/login", {"email": user.email, "password": "the wrong secret!"})
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "login.failed"))
    assert event.object_id == user.id
    assert "the wrong secret!" not in str(event.detail)


@pytest.mark.parametrize("key", ["password", "token", "text", "body"])
def test_details_refuse_secrets_and_content(app_context, key):
    with pytest.raises(ValueError, match="may not hold"):
        audit.record("x.test", **{key: "secret"})


def test_audit_page_lists_and_filters(client, make, login):
    admin = make.user(is_admin=True)
    login(admin)
    programme = make.programme()
    audit.record("programme.update", programme, actor=admin)
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "programme.update" in page
    assert admin.email in page
    filtered = client.get("/admin/audit?action=login").get_data(as_text=True)
    assert "programme.update" not in filtered
    assert "<code>login</code>" in filtered
    by_type = client.get("/admin/audit?object_type=programme").get_data(as_text=True)
    assert "programme.update" in by_type


def test_audit_filter_bad_input_is_named(client, make, login):
    login(make.user(is_admin=True))
    response = client.get("/admin/audit?since=yesterday&programme_id=abc")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "From: Not a valid date value." in page
    assert "Programme id: Not a valid integer value." in page


def test_audit_page_paginates(client, make, login):
    admin = make.user(is_admin=True)
    for number in range(60):
        audit.record(f"test.event{number:02d}", actor=admin)
    db.session.commit()
    login(admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "test.event00" in second


@pytest.mark.parametrize("role", ["anonymous", "user"])
def test_audit_page_is_for_administrators(client, make, login, role):
    if role == "user":
        login(make.user())
    response = client.get("/admin/audit")
    assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event"]
)
def test_audit_table_is_append_only_in_the_database(make, statement):
    audit.record("x.kept", actor=make.user())
    db.session.commit()
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as connection:
        connection.execute(sa.text(statement))
    assert db.session.scalar(sa.select(AuditEvent.action)) == "x.kept"


def test_audit_table_cannot_be_truncated_on_postgresql(app_context):
    if db.engine.dialect.name != "postgresql":
        return
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE audit_event"))
