"""Signing in to the app under test: a session cookie for pages, a bearer token for the API."""

import http.cookiejar
import json
import re
import urllib.parse
import urllib.request

COOKIE = "dialogues_session"


def session_cookie(base_url: str, email: str, password: str) -> str:
    """Sign in through the real form; the ``Cookie`` header value of the signed-in session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base_url + "/login") as page:  # noqa: S310 -- loopback URL we built
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode()).group(1)
    form = {"email": email, "password": password, "csrf_token": token}
    opener.open(base_url + "/login", urllib.parse.urlencode(form).encode()).close()  # noqa: S310
    cookies = {cookie.name: cookie.value for cookie in jar}
    if COOKIE not in cookies:
        raise RuntimeError(f"signing in as {email} failed")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def api_token(base_url: str, email: str, password: str) -> str:
    body = json.dumps({"email": email, "password": password, "name": "benchmark"}).encode()
    request = urllib.request.Request(  # noqa: S310
        base_url + "/api/v1/auth/token", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:  # noqa: S310
        return json.load(answer)["token"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


def status_of(url: str, headers: dict) -> int:
    """The status of one GET, redirects not followed (a redirect to /login is a failure)."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers)) as answer:  # noqa: S310
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
