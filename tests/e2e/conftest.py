"""Browser tests: the app under gunicorn on loopback with a fresh database, driven by Playwright
in Debian's Chromium (``/usr/bin/chromium``; Playwright never downloads a browser here).

Screenshots go to ``test-artifacts/screenshots/``.
"""

import os
import re
import time
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import worker_database
from tests.servers import AppServer, app_environment, dialogues

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ADMIN_EMAIL = "admin@e2e.example"
ADMIN_PASSWORD = "a long admin password"


@pytest.fixture(scope="session")
def server_env(tmp_path_factory):
    database_url = None
    if os.environ.get("TEST_DATABASE_URL"):
        database_url = worker_database(os.environ["TEST_DATABASE_URL"], "e2e")
    return app_environment(tmp_path_factory.mktemp("e2e-instance"), database_url)


@pytest.fixture(scope="session")
def live_server(server_env):
    """gunicorn (2 workers × 2 threads) serving a freshly initialised database."""
    dialogues(server_env, "init")
    dialogues(
        server_env, "users", "create", ADMIN_EMAIL, "--name", "Ada Admin", "--admin",
        "--password-stdin", stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    server = AppServer(server_env, workers=2, threads=2).start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/ensure-chromium.sh (make test does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; any console error or page error fails the test."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], f"browser console errors: {problems}"


def screenshot(page, name: str) -> None:
    """Save desktop and phone-width screenshots of the current page as test artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def sign_in(page, email: str, password: str, secret: str | None = None) -> None:
    """Sign in through the form; with ``secret``, answer the two-factor step too."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        page.get_by_label("Code").fill(next_code(secret))
        page.get_by_role("button", name="Verify").click()


_LAST_STEP: dict[str, int] = {}  # per secret: the server refuses a step not after the last


def next_code(secret: str) -> str:
    """A code not used yet: the next time step (each code is accepted once, steps only go
    forward), waiting for the clock when several sign-ins of one account come in one step."""
    totp = pyotp.TOTP(secret)
    step = max(totp.timecode(time.time()) + 1, _LAST_STEP.get(secret, 0) + 1)
    while totp.timecode(time.time()) + 1 < step:
        time.sleep(1)
    _LAST_STEP[secret] = step
    return totp.generate_otp(step)


def enroll_two_factor(page, password: str) -> str:
    """Set up two-factor on the current account through the pages; return the secret."""
    page.goto("/account/two-factor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Set up two-factor").click()
    key = page.locator("code.secret")
    expect(key).to_have_text(re.compile(r"^[A-Z2-7]{26,}=*$"))  # the whole key, once shown
    secret = key.inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor").click()
    assert page.get_by_role("heading", name="Two-factor sign-in is on").is_visible()
    return secret


@pytest.fixture(scope="session")
def admin_secret(browser, live_server):
    """The administrator must set up two-factor at the first sign-in (production default)."""
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(page.get_by_text("Administrators and coordinators must use two-factor")).to_be_visible()
    assert page.url.endswith("/account/two-factor")
    secret = enroll_two_factor(page, ADMIN_PASSWORD)
    context.close()
    return secret


AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


def assert_accessible(page) -> None:
    """Run axe-core (vendored) on the current page: no serious or critical violations.

    Injected through the DevTools protocol, not a <script> tag: the app's strict CSP (rightly)
    refuses inline scripts."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run()).violations")
    bad = [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"accessibility violations on {page.url}: {bad}"


def outbox_messages(server_env) -> list:
    """The emails the server wrote to its instance outbox, oldest first."""
    from email import message_from_bytes, policy

    outbox = Path(server_env["DIALOGUES_INSTANCE"]) / "outbox"
    files = sorted(outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]
