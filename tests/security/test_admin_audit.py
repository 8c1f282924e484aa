"""The administration and audit-log surface: who reads the log, what its entries and the app's
log lines hold, bad input on the audit page's filters, and the admin CLI (users, backup, restore).

Tests that fail name a defect; their docstrings say what a person would see.
"""

import logging
import re

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.core import audit
from dialogues.core.audit import AuditEvent
from dialogues.core.backup import backup, restore
from dialogues.extensions import db
from dialogues.programmes.models import StaffInvitation
from dialogues.sessions.notes import NoteInput, create_note
from tests.conftest import post_form, reload
from tests.programmes.conftest import read_outbox

SECRET_NOTE = "The deputy minister privately conceded the strait must stay open."


def _errors(page: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", item).strip()
        for block in re.findall(r'<ul class="errors"[^>]*>(.*?)</ul>', page, re.S)
        for item in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]


# -- who reads the log ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?programme_id={id}", "?object_type=programme&page=1"])
def test_a_coordinator_cannot_read_even_their_own_programmes_entries(client, make, login, query):
    """A coordinator who asks for the log, even filtered to their own programme, gets a 403:
    the log (which names actors by email across programmes) is for administrators only."""
    programme = make.programme()
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    audit.record("programme.update", programme, actor=coordinator)
    db.session.commit()
    login(coordinator)
    response = client.get("/admin/audit" + query.format(id=programme.id))
    assert response.status_code == 403


# -- what the entries hold ------------------------------------------------------------------------


def test_the_audit_log_holds_no_off_the_record_note_text(client, make, login):
    """An administrator reading the log sees that a note was written, never what it says."""
    programme = make.programme()
    facilitator = make.user("Facilitator")
    make.member(programme, facilitator, "facilitator")
    off_record = make.session(programme, [facilitator], confidentiality_override="off_the_record")
    create_note(off_record, facilitator, NoteInput(SECRET_NOTE))
    db.session.commit()
    details = " ".join(str(d) for d in db.session.scalars(sa.select(AuditEvent.detail)))
    assert "strait" not in details
    admin = make.user("Admin", is_admin=True)
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<code>note.create</code>" in page
    assert "strait" not in page


def test_a_refused_invitation_link_leaves_no_live_token_in_the_audit_log(client, app, make, login):
    """Someone signed in under another address opens a staff invitation link: the 403 is
    recorded as ``access.denied`` with ``detail.path`` = ``/invitations/<the token>``. The link
    still works (signed out, it lets whoever holds it set the invitee's name and password), yet
    its secret now sits in clear, for good, in an append-only table and every backup — where
    only its SHA-256 was meant to be stored."""
    programme = make.programme()
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    data = {"email": "invitee@example.org", "name": "", "role": "facilitator", "side_id": ""}
    response = post_form(client, f"/programmes/{programme.slug}/staff", data)
    assert response.status_code == 302
    token = re.search(r"/invitations/(\S+)", read_outbox(app)[-1].get_content()).group(1)
    client.delete_cookie("dialogues_session")
    login(make.user("Bystander", email="bystander@example.org"))

    assert client.get(f"/invitations/{token}").status_code == 403

    db.session.rollback()
    assert db.session.scalar(sa.select(StaffInvitation.used_at)) is None  # still usable
    denied = db.session.scalars(
        sa.select(AuditEvent.detail).where(AuditEvent.action == "access.denied")
    ).all()
    assert denied
    assert token not in str(denied)


@pytest.fixture
def failing_name_update(app_context):
    """The database refuses the next change of a user's name (a lock timeout, a full disk, a
    constraint added by an upgrade: any error the app does not expect)."""
    sqlite = db.engine.dialect.name == "sqlite"
    with db.engine.begin() as connection:
        if sqlite:
            connection.exec_driver_sql(
                "CREATE TRIGGER test_refuse_name BEFORE UPDATE OF name ON user "
                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE FUNCTION test_refuse_name() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$"
            )
            connection.exec_driver_sql(
                'CREATE TRIGGER test_refuse_name BEFORE UPDATE OF name ON "user" '
                "FOR EACH ROW EXECUTE FUNCTION test_refuse_name()"
            )
    yield
    db.session.rollback()
    with db.engine.begin() as connection:
        if sqlite:
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS test_refuse_name")
        else:
            connection.exec_driver_sql('DROP TRIGGER IF EXISTS test_refuse_name ON "user"')
            connection.exec_driver_sql("DROP FUNCTION IF EXISTS test_refuse_name()")


def test_an_unexpected_database_error_logs_no_participants_name(
    app, client, make, login, caplog, failing_name_update
):
    """A participant (Chatham House programme) changes their name and the database fails at
    the request's commit: the server logs ``Exception on /account/profile [POST]`` with a
    traceback ending in SQLAlchemy's ``[parameters: ('Наталья Иванова', 1)]`` — the person's
    name (or whatever else a failing statement bound: emails, affiliations) lands in the log
    files. Nothing hides statement parameters (no ``hide_parameters`` on the engine)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: logged, answered with a 500
    programme = make.programme()
    person = make.user("Participant")
    make.registration(programme, programme.sides[0], person, status="accepted")
    login(person)
    caplog.set_level(logging.ERROR)
    data = {"name": "Наталья Иванова", "timezone": "UTC"}
    response = post_form(client, "/account/profile", data, page="/account")
    assert response.status_code == 500
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    assert "Наталья Иванова" not in caplog.text


# -- the audit page's filters and pages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("programme_id=-1", "Programme id"),
        ("programme_id=99999999999999999999999", "Programme id"),
        ("programme_id=1.5", "Programme id"),
        ("since=2027-02-30", "From"),
        ("until=99999-01-01", "To"),
        ("object_type=no_such_table", "Record type"),
    ],
)
def test_bad_filters_are_named_never_a_500(client, make, login, query, named):
    """A bad filter value shows the page with a message naming the field."""
    login(make.user(is_admin=True))
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    assert any(error.startswith(f"{named}:") for error in _errors(response.get_data(as_text=True)))


@pytest.mark.parametrize(
    "query",
    ["page=-3", "page=0", "page=abc", "page=99999999999999999999999", "since=0001-01-01",
     "until=9999-12-31", "until=9999-12-30", "action=%E6%B5%B7%25_", "actor=" + "y" * 3000],
)  # fmt: skip
def test_extreme_but_valid_filters_never_fail(client, make, login, query):
    """Edge values (first and last dates, huge page numbers, long or non-Latin text) answer 200
    (a page past the last after a redirect to it)."""
    login(make.user(is_admin=True))
    assert client.get(f"/admin/audit?{query}", follow_redirects=True).status_code == 200


def test_a_nul_in_a_filter_is_refused_naming_it(client, make, login):
    login(make.user(is_admin=True))
    response = client.get("/admin/audit?action=log%00in")
    assert response.status_code == 422
    assert "<code>action</code>" in response.get_data(as_text=True)


def test_times_are_shown_with_their_zone(client, make, login):
    admin = make.user(is_admin=True, timezone="Asia/Shanghai")
    audit.record("x.shown", actor=admin)
    db.session.commit()
    login(admin)
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "When (UTC)" in page
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d UTC</td>", page)


def test_a_from_date_after_the_to_date_is_named(client, make, login):
    """An administrator who swaps the dates (From 2027-05-01, To 2027-04-01) sees "No events
    match — widen the filters" and no word about the dates: nothing says the range is empty
    by construction (Rule 5: bad input gets a message naming the field)."""
    admin = make.user(is_admin=True)
    audit.record("x.event", actor=admin)
    db.session.commit()
    login(admin)
    page = client.get("/admin/audit?since=2027-05-01&until=2027-04-01").get_data(as_text=True)
    assert any(error.startswith(("From:", "To:")) for error in _errors(page))


def test_a_page_past_the_last_goes_to_the_last(client, make, login):
    """``?page=5`` of a 2-page log (an old bookmark, a list that shrank) used to say "No events
    match — Widen the filters or clear them" with no page links: it now opens the last page,
    with the filters kept."""
    admin = make.user(is_admin=True)
    for number in range(60):
        audit.record(f"test.event{number:02d}", actor=admin)
    db.session.commit()
    login(admin)
    response = client.get("/admin/audit?action=test.&page=5")
    assert response.status_code == 302
    assert response.location == "/admin/audit?action=test.&page=2"
    page = client.get(response.location).get_data(as_text=True)
    assert "No events match" not in page
    assert page.count("<code>test.event") == 10


# -- the CLI: users create ------------------------------------------------------------------------


def test_users_create_with_a_name_the_terminal_could_not_decode_is_a_clear_error(
    runner, app_context
):
    """A name typed in a Latin-1 terminal ("Renée" as the byte 0xE9) reaches Python as a lone
    surrogate; ``dialogues users create`` dies with ``UnicodeEncodeError`` (a traceback,
    exit 1) instead of "name: …" as for any other bad name."""
    result = runner.invoke(
        args=["users", "create", "renee@example.org", "--name", "Ren\udce9e", "--password-stdin"],
        input="a long password here\n",
    )
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "name:" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_users_create_with_a_password_that_is_not_utf8_is_a_clear_error(runner, app_context):
    """``--password-stdin`` fed Latin-1 bytes ("café…" from a file in the wrong encoding) ends
    in a ``UnicodeDecodeError`` traceback, not "password: …"."""
    result = runner.invoke(
        args=["users", "create", "cafe@example.org", "--name", "Café", "--password-stdin"],
        input=b"caf\xe9 long password here\n",
    )
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "password" in result.output


# -- the CLI: backup and restore ------------------------------------------------------------------


@pytest.fixture
def kept_database(app_context, tmp_path):
    """A copy of the test database, put back after the test whatever it did."""
    copy = tmp_path / "kept.backup"
    db.session.close()
    backup(db.engine, copy)
    yield
    db.session.close()
    restore(db.engine, copy)


def test_restore_refuses_a_file_that_is_not_a_dialogues_backup(
    runner, make, tmp_path, kept_database
):
    """``dialogues restore empty.db --yes`` (an empty file: a mistyped name, a backup that was
    never written) prints "Database restored from empty.db." and exits 0 — having replaced the
    database with one that has no tables at all. Every record is gone; the app can no longer
    start a request. Restore checks nothing about the file it copies in."""
    person = make.user("Kept Person")
    db.session.commit()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    db.session.close()

    result = runner.invoke(args=["restore", str(empty), "--yes"])

    db.session.close()
    assert result.exit_code != 0, result.output
    assert "restored" not in result.output
    assert reload(person).name == "Kept Person"


def test_restore_of_a_file_that_is_not_a_database_is_a_clear_error(runner, tmp_path, kept_database):
    """``dialogues restore notes.txt --yes`` ends in ``sqlite3.DatabaseError: file is not a
    database`` (a traceback), not an ``Error: …`` line."""
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n" * 100)
    result = runner.invoke(args=["restore", str(text), "--yes"])
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "Error:" in result.output


@pytest.mark.parametrize("target", ["missing-folder/dialogues.db", "notes.txt"])
def test_backup_to_an_unusable_file_is_a_clear_error(runner, app_context, tmp_path, target):
    """``dialogues backup /no/such/folder/x.db`` ends in ``sqlite3.OperationalError: unable to
    open database file``, and ``dialogues backup notes.txt`` (an existing non-database file) in
    ``sqlite3.DatabaseError: file is not a database`` — tracebacks, not ``Error: …`` lines (on
    PostgreSQL, ``pg_dump`` wrote over the notes)."""
    (tmp_path / "notes.txt").write_text("someone's notes\n" * 100)
    result = runner.invoke(args=["backup", str(tmp_path / target)])
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "Error:" in result.output
    assert (tmp_path / "notes.txt").read_text() == "someone's notes\n" * 100
