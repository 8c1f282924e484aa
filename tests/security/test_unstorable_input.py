"""Input no one types — a NUL, a forged link, a number of 5,000 digits, the year 9999 — is
refused with the field named, changes nothing, and never gives a 500 (on both databases)."""

import re
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.extensions import db
from dialogues.sessions.models import DialogueSession
from tests.conftest import csrf_token, post_form
from tests.factories import DEFAULT_PASSWORD


def _fields(page: str) -> list[str]:
    return re.findall(r"<li><code>([^<]+)</code>:", page)


def test_a_nul_in_a_form_field_is_refused_naming_it(client, make, login):
    person = make.user("Dana Doe")
    login(person)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account/profile",
        data={"name": "Dana\x00Doe", "timezone": "UTC", "csrf_token": token},
        headers={"Referer": "http://localhost/account"},
    )
    assert response.status_code == 422
    assert _fields(response.get_data(as_text=True)) == ["name"]
    db.session.rollback()
    assert db.session.get(User, person.id).name == "Dana Doe"


def test_a_nul_in_a_query_parameter_is_refused_naming_it(client, make, login):
    programme = make.programme()
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    response = client.get(f"/programmes/{programme.slug}/registrations?q=a%00b&side=")
    assert response.status_code == 422
    assert _fields(response.get_data(as_text=True)) == ["q"]


@pytest.mark.parametrize("path", ["/p/%00/digest", "/p/x%00/register", "/programmes/%00"])
def test_a_nul_in_a_path_names_nothing(client, make, login, path):
    login(make.user())
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [("lb-7f3a.91:2", True), ("a\x00b", False), ("a forged; log line", False), ("x" * 65, False)],
)
def test_only_a_plain_request_id_is_taken_up(client, incoming, kept):
    answered = client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert (answered == incoming) is kept
    assert re.fullmatch(r"[A-Za-z0-9._:-]{1,64}", answered)


@pytest.mark.parametrize("target", ["//[", "/\r\nSet-Cookie: x=1", "//evil.example", "/\\evil"])
def test_a_next_link_off_this_site_goes_home(client, make, target):
    page = "/login"
    language = post_form(client, "/language", {"language": "en", "next": target}, page=page)
    assert language.status_code == 302
    assert language.headers["Location"] == "/"
    person = make.user()
    signed_in = post_form(
        client,
        f"/login?next={quote(target, safe='')}",
        {"email": person.email, "password": DEFAULT_PASSWORD},
        page=page,
    )
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"] == "/"


def test_a_next_link_on_this_site_is_followed(client):
    response = post_form(client, "/language", {"language": "en", "next": "/p/x?a=1"}, page="/login")
    assert response.headers["Location"] == "/p/x?a=1"


def test_an_api_number_too_long_to_read_is_a_bad_request(client):
    body = '{"email": "a@example.org", "password": ' + "1" * 5000 + "}"
    response = client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_session_times_beyond_the_calendar_are_refused_naming_the_field(
    client, make, login, bearer
):
    programme = make.programme(timezone="Asia/Tokyo")
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    url = f"/programmes/{programme.slug}/sessions/new"
    form = {"title": "Far", "format": "plenary", "confidentiality": "", "venue": ""}
    for timezone, starts, ends in [
        ("America/Los_Angeles", "9999-12-31T23:00", "9999-12-31T23:30"),
        ("Asia/Tokyo", "0001-01-01T00:00", "0001-01-01T01:00"),
    ]:
        times = {"timezone": timezone, "starts_at": starts, "ends_at": ends}
        response = post_form(client, url, {**form, **times})
        assert response.status_code in {200, 422}
        assert "Give a time between the years 1900 and 2199." in response.get_data(as_text=True)
    api = client.post(
        f"/api/v1/programmes/{programme.id}/sessions",
        json={
            "title": "Far",
            "format": "plenary",
            "starts_at": "9999-12-31T23:00:00Z",
            "ends_at": "9999-12-31T23:30:00Z",
        },
        headers=bearer(coordinator),
    )
    assert api.status_code == 422
    assert set(api.json["error"]["fields"]) == {"starts_at", "ends_at"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DialogueSession)) == 0


def test_the_error_page_draws_after_a_failed_write(app, client, make, login):
    """A failed flush leaves the session refusing every read until rolled back; the error page
    (which reads the signed-in user) is drawn after the rollback."""
    taken = make.user().email

    @app.post("/boom")
    def boom():
        db.session.add(User(email=taken, name="Twin"))
        db.session.flush()  # the email is unique: IntegrityError

    login(make.user("Signed In"))
    token = csrf_token(client, "/account")
    response = client.post("/boom", data={"csrf_token": token})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "Signed In" in page  # the page still knows who is signed in
