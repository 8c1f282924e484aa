"""The public registration page, /p/<slug>/register."""

import pytest
import sqlalchemy as sa
from markupsafe import escape

from dialogues.auth.models import User
from dialogues.core.i18n import COOKIE
from dialogues.extensions import db
from dialogues.registrations.models import Registration
from dialogues.registrations.rules import RULES, RULES_VERSION
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD
from tests.registrations.conftest import NAMES


def _form(side, **overrides) -> dict:
    data = {
        "name": "Amelia Turner",
        "email": "amelia@example.org",
        "password": "correct horse battery staple",
        "side_id": str(side.id),
        "affiliation": "Institute of Peace Studies",
        "role": "academic",
        "nationality": "US",
        "languages": ["en", "zh"],
        "access_needs": "",
        "consent_data_processing": "y",
        "accepts_confidentiality_rule": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _registrations() -> list[Registration]:
    return list(db.session.scalars(sa.select(Registration)))


@pytest.mark.parametrize("rule", ["chatham_house", "off_the_record", "on_record"])
def test_the_page_shows_the_full_rule_and_labelled_fields(client, make, rule):
    programme = make.programme(confidentiality=rule)
    page = client.get(f"/p/{programme.slug}/register").get_data(as_text=True)
    for paragraph in RULES[rule].paragraphs:
        assert str(escape(paragraph)) in page
    assert f"{rule}@{RULES_VERSION}" in page
    for label in ("Full name", "Email", "Password", "Your side", "Affiliation", "Nationality"):
        assert f">{label}</label>" in page
    assert "Already have an account?" in page
    assert ("I agree to be named" in page) == (rule == "on_record")


@pytest.mark.parametrize("name", NAMES)
def test_a_new_person_registers_and_is_signed_in(client, make, outbox, name):
    programme = make.programme()
    url = f"/p/{programme.slug}/register"
    response = post_form(client, url, _form(programme.sides[1], name=name))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmes/{programme.slug}/my-registration"
    own = client.get(response.headers["Location"]).get_data(as_text=True)
    assert name in own
    assert "pending" in own
    (registration,) = _registrations()
    assert registration.languages == ["en", "zh"]
    assert [message["To"] for message in outbox()] == ["amelia@example.org"]
    assert f"http://localhost/programmes/{programme.slug}/my-registration" in (
        outbox()[0].get_body().get_content()
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accepts_confidentiality_rule": None}, "Accept the programme's confidentiality rule"),
        ({"consent_data_processing": None}, "Agree to the processing of your data"),
        ({"email": "amelia@"}, "Email: Enter a valid email address"),
        ({"nationality": "XX"}, "Nationality: Not a valid choice"),
        ({"languages": ["xx"]}, "is not an ISO 639 language code"),
        ({"side_id": "999999"}, "Your side: Not a valid choice"),
        ({"password": "short"}, "Use at least 10 characters"),
    ],
)
def test_bad_input_is_shown_beside_its_field(client, make, outbox, overrides, message):
    programme = make.programme()
    url = f"/p/{programme.slug}/register"
    response = post_form(client, url, _form(programme.sides[0], **overrides))
    assert response.status_code == 422
    assert str(escape(message)) in response.get_data(as_text=True)
    assert _registrations() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    assert outbox() == []


def test_an_existing_account_with_the_wrong_password_is_told_to_sign_in(client, make):
    programme = make.programme()
    make.user(email="amelia@example.org")
    url = f"/p/{programme.slug}/register"
    response = post_form(client, url, _form(programme.sides[0], password="not my password"))
    assert response.status_code == 409
    assert "Sign in instead" in response.get_data(as_text=True)
    assert _registrations() == []


def test_an_existing_account_with_its_password_joins_and_then_signs_in(client, make):
    programme = make.programme()
    user = make.user("王小明", email="amelia@example.org")
    url = f"/p/{programme.slug}/register"
    response = post_form(client, url, _form(programme.sides[1], password=DEFAULT_PASSWORD))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    (registration,) = _registrations()
    assert registration.user_id == user.id


def test_a_signed_in_person_registers_without_account_fields(client, make, login):
    programme = make.programme()
    user = make.user("فاطمة الزهراء")
    login(user)
    url = f"/p/{programme.slug}/register"
    page = client.get(url).get_data(as_text=True)
    assert 'name="password"' not in page
    assert "فاطمة الزهراء" in page
    data = _form(programme.sides[0], name=None, email=None, password=None)
    response = post_form(client, url, data)
    assert response.status_code == 302
    (registration,) = _registrations()
    assert registration.user_id == user.id
    again = client.get(url)
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/my-registration")


@pytest.mark.parametrize(
    "fields", [{"registration_open": False}, {"status": "concluded"}, {"status": "archived"}]
)
def test_closed_registration_answers_403(client, make, fields):
    programme = make.programme(**fields)
    url = f"/p/{programme.slug}/register"
    response = client.get(url)
    assert response.status_code == 403
    assert "Registration is closed" in response.get_data(as_text=True)
    assert client.post(url, data=_form(programme.sides[0])).status_code in (400, 403)
    assert _registrations() == []


def test_an_unknown_programme_is_404(client):
    assert client.get("/p/nowhere/register").status_code == 404


@pytest.mark.parametrize(
    ("language", "search"),
    [("en", "Search by name or code"), ("ru", "Поиск по названию или коду")],
)
def test_the_searchable_picker_gets_its_words_in_the_readers_language(
    client, make, language, search
):
    programme = make.programme()
    client.set_cookie(COOKIE, language)
    page = client.get(f"/p/{programme.slug}/register").get_data(as_text=True)
    assert f'data-text-search="{search}"' in page
    assert "{count}" in page  # the script fills in the number
