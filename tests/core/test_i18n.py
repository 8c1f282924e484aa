"""Choosing the language: profile, then the switcher's cookie, then Accept-Language."""

import re

from dialogues.core.i18n import COOKIE
from tests.conftest import post_form, reload


def html_attributes(page: str) -> tuple[str, str]:
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)"', page)
    return match.group(1), match.group(2)


def test_english_left_to_right_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert html_attributes(page) == ("en", "ltr")


def test_browser_language_chosen_when_nothing_else_says(client):
    page = client.get("/", headers={"Accept-Language": "ar, en;q=0.5"}).get_data(as_text=True)
    assert html_attributes(page) == ("ar", "rtl")


def test_unknown_browser_language_falls_back_to_english(client):
    page = client.get("/", headers={"Accept-Language": "sw, de;q=0.8"}).get_data(as_text=True)
    assert html_attributes(page) == ("en", "ltr")


def test_switcher_remembers_choice_for_visitor(client):
    answer = post_form(client, "/language", {"language": "zh", "next": "/login"}, page="/")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login"
    assert client.get_cookie(COOKIE).value == "zh"
    page = client.get("/", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert html_attributes(page) == ("zh-Hans", "ltr")


def test_switcher_is_on_every_page_with_the_current_choice_marked(client):
    page = client.get("/login", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert 'value="ru" lang="ru"\n' in page or 'value="ru" lang="ru"' in page
    current = re.search(r'value="(\w+)"[^>]*aria-current="true"', page)
    assert current.group(1) == "ru"


def test_signed_in_choice_is_kept_in_the_profile(client, make, login):
    user = make.user()
    login(user)
    post_form(client, "/language", {"language": "ar", "next": "/"}, page="/")
    assert reload(user).locale == "ar"
    client.delete_cookie(COOKIE)
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert html_attributes(page) == ("ar", "rtl")


def test_unknown_language_refused_naming_the_field(client, make, login):
    user = make.user()
    login(user)
    answer = post_form(client, "/language", {"language": "xx"}, page="/")
    assert answer.status_code == 422
    assert "language" in answer.get_data(as_text=True).lower()
    assert reload(user).locale == "en"


def test_switcher_never_redirects_off_site(client):
    answer = post_form(client, "/language", {"language": "ru", "next": "//evil.example"}, page="/")
    assert answer.headers["Location"] == "/"


def test_switching_needs_the_csrf_token(client):
    assert client.post("/language", data={"language": "ru"}).status_code == 400


def test_new_account_starts_in_the_language_in_use(client, make):
    client.set_cookie(COOKIE, "ru")
    with client:
        client.get("/")
        from dialogues.auth.operations import create_user

        user = create_user("новый@example.org", "Новый участник", "a long enough passphrase")
    assert user.locale == "ru"
