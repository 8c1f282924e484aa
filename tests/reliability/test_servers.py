"""More than one app server: two separate gunicorn processes sharing one database and one
Redis (PostgreSQL in the PostgreSQL run; the same SQLite file otherwise). A browser signed in
on one is signed in on the other, failed sign-ins count across both, and a write on one is
read on the other.
"""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import redis

from tests.reliability.conftest import environment
from tests.reliability.load import PASSWORD, bearer, call, registration_body, seed_open_programme
from tests.servers import app_environment

ACCOUNT_LIMIT = 10  # failures per account (the default configuration)


class Browser:
    """Cookies kept across requests and servers (cookies do not depend on the port)."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects()
        )

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))  # noqa: S310 (loopback)

    def post(self, url: str, fields: dict) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310
        return self._open(request)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def sign_in(self, base: str, email: str, password: str) -> int:
        _status, page = self.get(f"{base}/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        fields = {"email": email, "password": password, "csrf_token": token}
        return self.post(f"{base}/login", fields)[0]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args):
        return None  # a 302 is an answer to look at, not to follow


def test_two_servers_share_sessions_limits_and_data(
    fresh_database, instance, servers, redis_server, tmp_path
):
    url = fresh_database("servers")
    env = environment(instance, url, REDIS_URL=redis_server.url)
    other_instance = tmp_path / "other-instance"  # nothing shared through the file system
    other_instance.mkdir()
    other_env = app_environment(other_instance, url, DIALOGUES_PRODUCTION="0",
                                REDIS_URL=redis_server.url)  # fmt: skip
    seeded = seed_open_programme(url, instance, 2)
    first, second = servers(env, workers=2, threads=2), servers(other_env, workers=2, threads=2)

    _signed_in_on_one_is_signed_in_on_the_other(first.url, second.url)
    _written_on_one_is_read_on_the_other(first.url, second.url, seeded)
    _failures_count_across_both(first.url, second.url, redis_server.url)
    assert first.errors() == second.errors() == []


def _signed_in_on_one_is_signed_in_on_the_other(first: str, second: str) -> None:
    browser = Browser()
    assert browser.get(f"{second}/account")[0] == 302  # to the sign-in page
    assert browser.sign_in(first, "registrant0@load.example", PASSWORD) == 302
    status, page = browser.get(f"{second}/account")
    assert status == 200
    assert "registrant0@load.example" in page


def _written_on_one_is_read_on_the_other(first: str, second: str, seeded: dict) -> None:
    token = bearer(seeded["tokens"][1])
    path = f"/api/v1/programmes/{seeded['programme']}/registrations"
    created = call(f"{first}{path}", "POST", registration_body(seeded, 1), token)
    assert created.status == 201
    read = call(f"{second}/api/v1/registrations/{created.body['id']}", headers=token)
    assert read.status == 200
    assert read.body == created.body


def _failures_count_across_both(first: str, second: str, redis_url: str) -> None:
    email = "registrant1@load.example"
    for attempt in range(ACCOUNT_LIMIT):
        server = (first, second)[attempt % 2]
        assert Browser().sign_in(server, email, "not the password at all") == 200
    assert Browser().sign_in(first, email, PASSWORD) == 429  # even the right password now
    assert Browser().sign_in(second, email, PASSWORD) == 429
    client = redis.Redis.from_url(redis_url)
    assert client.zcard(f"dialogues:failures:login:account:{email}") == ACCOUNT_LIMIT
    client.close()
