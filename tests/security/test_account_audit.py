"""Audit of the account pages: one's own data (export, erasure), password, email, two-factor,
API tokens, password reset, and the purge command.

Each test that fails today shows a defect; its docstring says what the person would see.
The last ones pass and pin behaviour worth keeping (what the export and erasure leave behind).
"""

import json
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from dialogues.auth import reset
from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.recommendations.models import Endorsement
from dialogues.registrations.models import Registration
from dialogues.sessions.models import Attendance
from dialogues.sessions.notes import NoteInput, create_note
from tests.auth.test_two_factor import _set_up as set_up_two_factor
from tests.conftest import post_form, reload
from tests.factories import DEFAULT_PASSWORD
from tests.security.test_access_matrix import MATRIX, _url
from tests.security.test_retention import _text_values

WRONG = "not the password at all"
ERASE = {"password": DEFAULT_PASSWORD, "understood": "y"}


# --- Two-factor ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["participant", "coordinator"])
def test_starting_a_new_set_up_does_not_turn_two_factor_off(app, client, make, login, role):
    """Someone with two-factor on posts the set-up form again (the page hides it, the route
    takes it) and leaves the QR page without confirming. Today two-factor is silently off:
    the next sign-in asks for the password only. For a coordinator whose role requires it
    ("cannot be turned off", and /disable refuses) this is a way round the rule."""
    app.config["TWO_FACTOR_REQUIRED"] = role == "coordinator"
    user = make.user()
    if role == "coordinator":
        make.member(make.programme(), user, "coordinator")
    login(user)
    set_up_two_factor(client)
    post_form(
        client,
        "/account/two-factor/start",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    assert reload(user).two_factor_enabled_at is not None, "two-factor turned off by /start"
    other = app.test_client()
    response = post_form(other, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["Location"] == "/login/two-factor"


def test_turning_two_factor_off_without_the_password_names_the_field(client, make, login):
    """Submitting "Turn off" with the password left empty sends the person back to the
    two-factor page with no message at all: nothing says the password is missing."""
    user = make.user()
    login(user)
    set_up_two_factor(client)
    response = post_form(
        client, "/account/two-factor/disable", {"password": ""}, page="/account/two-factor"
    )
    page = (
        client.get(response.headers["Location"]).get_data(as_text=True)
        if response.status_code == 302
        else response.get_data(as_text=True)
    )
    assert reload(user).two_factor_enabled_at is not None
    assert re.search(r"flash-error|field-error|This field is required", page), "no message"


# --- Password re-entry: guesses are limited like sign-ins -----------------------------------

GUESSES = {
    "password": (
        "/account/password",
        "/account",
        {"current_password": WRONG, "new_password": "another long password"},
        "current_password",
    ),
    "email": (
        "/account/email",
        "/account",
        {"email": "moved@example.org", "current_password": WRONG},
        "current_password",
    ),
    "two-factor start": (
        "/account/two-factor/start",
        "/account/two-factor",
        {"password": WRONG},
        "password",
    ),
    # Controls: these two already count failures towards the sign-in limit (they pass).
    "erase": (
        "/account/data/erase",
        "/account/data/erase",
        {"password": WRONG, "understood": "y"},
        "password",
    ),
    "token": ("/account/tokens", "/account/tokens", {"name": "CI", "password": WRONG}, "password"),
}


@pytest.mark.parametrize("form", list(GUESSES))
def test_password_guesses_on_account_pages_are_limited(client, make, login, form):
    """With a borrowed signed-in browser, the current-password fields of "Change password",
    "Change email" and "Set up two-factor" take unlimited guesses (each a plain 422), then the
    right password works; the sign-in page, the erase page and the token page stop at 10
    failures per account (429)."""
    url, page, data, field = GUESSES[form]
    login(make.user())
    for _ in range(10):
        assert post_form(client, url, data, page=page).status_code == 422
    response = post_form(client, url, {**data, field: DEFAULT_PASSWORD}, page=page)
    assert response.status_code == 429


def test_turning_two_factor_off_limits_password_guesses(client, make, login):
    """ "Turn off" takes unlimited password guesses (each only a flash message), then turns
    two-factor off with the right one: a borrowed browser can guess the password freely."""
    user = make.user()
    login(user)
    set_up_two_factor(client)
    for _ in range(10):
        post_form(
            client, "/account/two-factor/disable", {"password": WRONG}, page="/account/two-factor"
        )
    response = post_form(
        client,
        "/account/two-factor/disable",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    assert response.status_code == 429 or reload(user).two_factor_enabled_at is not None


# --- Password reset ---------------------------------------------------------------------------


def test_a_reset_link_stops_working_once_the_email_changes(client, make, login):
    """A reset link mailed to the old address (say a mailbox the person no longer trusts,
    the reason they moved) still opens the "choose a new password" form for the hour after
    the email was changed, and sets the password of the account."""
    user = make.user()
    token = reset.make_token(user)
    login(user)
    moved = post_form(
        client,
        "/account/email",
        {"email": "moved@example.org", "current_password": DEFAULT_PASSWORD},
        page="/account",
    )
    assert moved.status_code == 302
    assert client.get(f"/password-reset/{token}").status_code == 404


# --- Erasure ----------------------------------------------------------------------------------


def test_the_last_coordinator_cannot_erase_their_account(make, client_for):
    """The staff page refuses to remove a programme's last coordinator ("A programme keeps at
    least one coordinator"); erasing that coordinator's account does it anyway, and leaves a
    running programme that nobody can manage (desk, sessions, briefings: admin only)."""
    programme = make.programme(status="running")
    coordinator = make.user("Sole Coordinator")
    make.member(programme, coordinator, "coordinator")
    response = post_form(client_for(coordinator), "/account/data/erase", ERASE)
    assert response.status_code in (409, 422)
    coordinators = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.programme_id == programme.id, Membership.role == "coordinator")
    )
    assert coordinators == 1
    assert reload(coordinator).name == "Sole Coordinator"


@pytest.mark.parametrize("status", ["pending", "waitlisted"])
def test_an_erased_persons_open_application_cannot_be_accepted(make, client_for, status):
    """After a person with a pending (or waitlisted) application erases their account, the
    desk still offers it ("Erased account"), and accepting it gives a place on the side to
    nobody: the balance and parity then count a participant who does not exist."""
    programme = make.programme()
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    person = make.user("Applicant")
    registration = make.registration(programme, programme.sides[0], person, status=status)
    assert post_form(client_for(person), "/account/data/erase", ERASE).status_code == 302
    desk = f"/programmes/{programme.slug}/registrations"
    post_form(
        client_for(coordinator),
        f"/programmes/{programme.slug}/registrations/decide",
        {"registration_ids": str(registration.id), "status": "accepted", "confirm_parity": "yes"},
        page=desk,
    )
    assert reload(registration).status != "accepted"


# --- Purge (CLI) ------------------------------------------------------------------------------


def test_the_purge_command_leaves_no_email_in_the_sign_in_failure_counts(make, client, runner):
    """A participant whose last sign-in attempt failed (a typo) has their email address kept
    in the failure counter's table (``failure_record.key = "login:account:<email>"``, never
    pruned on the database counter). ``dialogues purge-programme`` erases the account but the
    address stays in the database (and its backups) for good."""
    programme = make.programme(slug="ended", status="concluded")
    person = make.user("Secret Person", email="secret-typo@example.org")
    make.registration(programme, programme.sides[0], person, status="accepted")
    response = post_form(client, "/login", {"email": person.email, "password": WRONG})
    assert response.status_code == 200
    result = runner.invoke(args=["purge-programme", "ended", "--yes"])
    assert result.exit_code == 0, result.output
    assert "1 accounts erased" in result.output
    assert [value for value in _text_values() if "secret-typo" in value] == []


# --- Bad input on the profile -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["\u200b", "\u202e", "\u200b\u200c\u2060", "\x07\x1b"])
def test_a_name_must_have_something_to_show(client, make, login, name):
    """ "Name" left blank is refused ("Enter a name."), but a name made only of invisible
    characters (zero-width space, a right-to-left override, control characters) is saved:
    the person then appears with no visible name on staff lists, the desk and session pages."""
    user = make.user("Visible Name")
    login(user)
    response = post_form(
        client, "/account/profile", {"name": name, "timezone": "UTC"}, page="/account"
    )
    assert response.status_code == 422
    assert reload(user).name == "Visible Name"


# --- Pinned behaviour (passes today) ----------------------------------------------------------


def test_a_staff_members_export_holds_nobody_else_nor_any_note(make, client_for):
    """The copy of a facilitator's data names no participant, no other staff member, no note
    text (off the record or not), and nothing of a programme they have no part in."""
    programme = make.programme(title="Water Talks")
    other = make.programme(title="Secret Other Programme")
    facilitator = make.user("Fiona Facilitator", email="fiona@example.org")
    make.member(programme, facilitator, "facilitator")
    participant = make.user("Pavel Participant", email="pavel@example.org")
    registration = make.registration(
        programme, programme.sides[0], participant, status="accepted", affiliation="Hidden Inst"
    )
    make.registration(other, other.sides[1], make.user("Olga Elsewhere"), status="accepted")
    session = make.session(
        programme, [facilitator], title="Closed room", confidentiality_override="off_the_record"
    )
    db.session.add(
        Attendance(session_id=session.id, registration_id=registration.id, status="attended")
    )
    db.session.commit()
    create_note(session, facilitator, NoteInput("Off the record: the minister said yes."))
    make.recommendation(programme, facilitator)
    db.session.commit()
    response = post_form(client_for(facilitator), "/account/data/export", {}, page="/account/data")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    data = json.loads(text)
    assert data["account"]["email"] == "fiona@example.org"
    for secret in ("Pavel", "pavel@", "Hidden Inst", "Olga", "Secret Other", "minister"):
        assert secret not in text, secret


def test_after_erasure_no_page_or_api_answer_names_the_person(app, world, make, client_for):
    """A participant (on-record speaker, attendee, endorser) and a facilitator (author of a
    note and of recommendations) erase their accounts: every page and API answer of the access
    matrix, for coordinator, administrator, other side's participant and liaison, answers
    without a 500 and without their names, emails or affiliation."""
    participant, facilitator = world.people["participant_a"], world.people["facilitator"]
    participant.name, facilitator.name = "Qwertyuiop Alpha", "Asdfghjkl Beta"
    registration = db.session.scalar(sa.select(Registration).filter_by(user_id=participant.id))
    registration.consents_to_attribution = True
    registration.affiliation = "Zxcvbnm Institute"
    on_record = make.session(
        world.programme,
        [facilitator],
        title="On record",
        confidentiality_override="on_record",
        starts_at=datetime(2027, 3, 4, 9, tzinfo=UTC),
    )
    for session_id in (on_record.id, world.args["session_id"]):
        db.session.add(
            Attendance(session_id=session_id, registration_id=registration.id, status="attended")
        )
    db.session.add(
        Endorsement(
            recommendation_id=world.recommendations["adopted"].id,
            registration_id=registration.id,
            version=1,
        )
    )
    db.session.commit()
    create_note(on_record, facilitator, NoteInput("Said things.", speaker_id=registration.id))
    db.session.commit()
    needles = ["Qwertyuiop", "Asdfghjkl", participant.email, facilitator.email, "Zxcvbnm"]
    coordinator = client_for(world.people["coordinator"])
    assert "Qwertyuiop" in coordinator.get(f"/sessions/{on_record.id}").get_data(as_text=True)
    for person in (participant, facilitator):
        assert post_form(client_for(person), "/account/data/erase", ERASE).status_code == 302
    urls = [_url(app, world, key) for key, (statuses, _) in MATRIX.items() if statuses]
    urls += [f"/sessions/{on_record.id}", "/admin/audit"]
    wrong = []
    for role in ("coordinator", "administrator", "participant_b", "liaison_a"):
        client = client_for(world.people[role])
        for url in urls:
            headers = world.headers(role) if url.startswith("/api/") else {}
            response = client.get(url, headers=headers)
            text = response.get_data().decode("utf-8", "replace")
            if response.status_code >= 500:
                wrong.append((role, url, response.status_code))
            wrong.extend((role, url, needle) for needle in needles if needle in text)
    assert wrong == []
