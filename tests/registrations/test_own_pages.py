"""The participant's own page, and their data: edit, withdraw, download, erase."""

import json

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.extensions import db
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.models import Registration
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def mine(make, login):
    programme = make.programme()
    person = make.user("王小明")
    registration = make.registration(
        programme, programme.sides[1], person, status="accepted", affiliation="北京大学"
    )
    login(person)
    return registration


def _own_url(registration) -> str:
    return f"/programmes/{registration.programme.slug}/my-registration"


def _fresh(registration) -> Registration:
    db.session.rollback()  # a new transaction sees what the requests committed
    db.session.expire_all()
    return db.session.get(Registration, registration.id)


def test_the_own_page_shows_status_and_details(client, mine):
    page = client.get(_own_url(mine)).get_data(as_text=True)
    assert "王小明" in page
    assert "北京大学" in page
    assert "You have a place in this programme" in page
    assert "Withdraw my registration" in page
    assert 'data-confirm="Withdraw your registration?' in page
    assert "/account/data" in page


def test_someone_without_a_registration_gets_404(client, make, login):
    programme = make.programme()
    login(make.user())
    assert client.get(f"/programmes/{programme.slug}/my-registration").status_code == 404


def test_the_person_withdraws(client, mine, outbox):
    url = _own_url(mine)
    response = post_form(client, f"{url}/withdraw", {}, page=url)
    assert response.status_code == 302
    assert str(_fresh(mine).status) == "withdrawn"
    assert "Withdraw my registration" not in client.get(url).get_data(as_text=True)
    assert [m["Subject"] for m in outbox()] == [f"Registration withdrawn: {mine.programme.title}"]


def test_withdrawing_twice_is_a_conflict(client, mine):
    url = _own_url(mine)
    post_form(client, f"{url}/withdraw", {}, page=url)
    assert post_form(client, f"{url}/withdraw", {}, page=url).status_code == 409


def test_the_person_edits_their_details(client, mine):
    url = f"{_own_url(mine)}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="北京大学"' in page
    data = {
        "name": "فاطمة الزهراء",
        "affiliation": "جامعة القاهرة",
        "role": "civil_society",
        "nationality": "EG",
        "languages": ["ar"],
        "access_needs": "Interpretation into Arabic",
    }
    response = post_form(client, url, data)
    assert response.status_code == 302
    stored = _fresh(mine)
    assert (stored.user.name, stored.affiliation) == ("فاطمة الزهراء", "جامعة القاهرة")
    assert (str(stored.role), stored.nationality, stored.languages) == (
        "civil_society",
        "EG",
        ["ar"],
    )


def test_bad_details_are_refused(client, mine):
    url = f"{_own_url(mine)}/edit"
    data = {"name": "", "affiliation": "x", "role": "academic", "nationality": "CN"}
    response = post_form(client, url, data)
    assert response.status_code == 422
    assert "Full name: Enter a name." in response.get_data(as_text=True)
    assert _fresh(mine).affiliation == "北京大学"


def test_the_person_downloads_their_data(client, mine):
    response = post_form(client, "/account/data/export", {}, page="/account/data")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["name"] == "王小明"
    assert [r["affiliation"] for r in data["registrations"]] == ["北京大学"]


def test_erasure_needs_the_password(client, mine):
    data = {"password": "not my password", "understood": "y"}
    response = post_form(client, "/account/data/erase", data)
    assert response.status_code == 422
    assert "This is not your password." in response.get_data(as_text=True)
    assert _fresh(mine).user_id is not None


def test_erasure_needs_the_tick(client, mine):
    response = post_form(client, "/account/data/erase", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 422
    assert _fresh(mine).user_id is not None


def test_the_person_erases_their_account(client, mine):
    programme = mine.programme
    before = programme_balance(programme)
    own = _own_url(mine)
    data = {"password": DEFAULT_PASSWORD, "understood": "y"}
    response = post_form(client, "/account/data/erase", data)
    assert response.status_code == 302
    assert _fresh(mine).user_id is None
    assert programme_balance(programme) == before
    db.session.rollback()
    assert db.session.scalar(sa.select(User).filter_by(name="王小明")) is None
    # Signed out here, and the account can no longer sign in anywhere.
    assert client.get(own).status_code == 302
    assert client.get("/account/data").headers["Location"].startswith("/login")


def test_an_administrator_is_told_to_ask_another(client, make, login):
    admin = make.user(is_admin=True)
    login(admin)
    page = client.get("/account/data/erase").get_data(as_text=True)
    assert "ask another" in page
    assert 'name="password"' not in page
