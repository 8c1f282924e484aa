"""Every role's journey through the pages, in a real browser, one programme from creation to
the public digest. The steps depend on each other, so they run as one test (one xdist worker);
each step is its own function, so a failure names the step that broke."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    assert_accessible,
    enroll_two_factor,
    outbox_messages,
    screenshot,
    sign_in,
)

TITLE = "Black Sea water dialogue"
RECOMMENDATION = "Joint monitoring of river flows"


@dataclass
class Journey:
    """What the steps learn and pass on: pages per person, the programme's address, ids."""

    browser: object
    base_url: str
    server_env: dict
    pages: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    slug: str = ""
    secrets: dict = field(default_factory=dict)
    refusal_expected: bool = False

    @contextmanager
    def refusal(self):
        """The page answers 4xx on purpose here (a refused clash, a forbidden briefing)."""
        self.refusal_expected = True
        yield
        self.refusal_expected = False

    def page(self, who: str):
        """The browser tab of one person (own cookies), opened at first use."""
        if who not in self.pages:
            context = self.browser.new_context(base_url=self.base_url)
            page = context.new_page()
            page.set_default_timeout(8000)
            page.on("console", lambda m: self._console(who, m))
            page.on("pageerror", lambda error: self.problems.append(f"{who}: {error}"))
            self.pages[who] = page
        return self.pages[who]

    def _console(self, who, message) -> None:
        expected = self.refusal_expected and "Failed to load resource" in message.text
        if message.type == "error" and not expected:
            self.problems.append(f"{who}: {message.text}")


@pytest.fixture
def journey(browser, live_server, server_env, admin_secret):
    state = Journey(browser, live_server, server_env, secrets={"admin": admin_secret})
    yield state
    for page in state.pages.values():
        page.context.close()
    assert state.problems == [], f"browser console errors: {state.problems}"


def create_programme(j: Journey) -> None:
    page = j.page("admin")
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD, j.secrets["admin"])
    page.goto("/programmes/new")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Starts on").fill("2030-05-01")
    page.get_by_label("Ends on").fill("2030-05-31")
    page.get_by_label("Kind").select_option(label="Dialogue series")
    page.get_by_label("Home time zone").select_option("Europe/Istanbul")
    page.get_by_role("radio", name="Chatham House rule").check()
    for index, (name, country) in enumerate(
        (("Riverside", "Georgia (GE)"), ("Hillside", "Türkiye (TR)"))
    ):
        side = page.get_by_role("group", name=f"Side {index + 1}")
        side.get_by_label("Side name").fill(name)
        side.get_by_role("searchbox").fill(country[:-5])
        side.get_by_role("checkbox", name=country).check()
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_text(f"Programme “{TITLE}” created.")).to_be_visible()
    j.slug = page.url.rstrip("/").rsplit("/", 1)[-1]


def open_registration(j: Journey) -> None:
    page = j.page("admin")
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Status").select_option(label="Registration open")
    page.get_by_label("Accept registrations").check()
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_role("definition").filter(has_text="Open")).to_be_visible()


STAFF = {
    "coordinator": ("cora@e2e.example", "Cora Coordinator", "Coordinator", None),
    "facilitator": ("farid@e2e.example", "Farid Facilitator", "Facilitator", None),
    "liaison": ("lia@e2e.example", "Lia Liaison", "Government liaison", "Riverside"),
}
PASSWORDS = {who: f"a long {who} password" for who in (*STAFF, "nino", "emre")}


def add_staff(j: Journey) -> None:
    page = j.page("admin")
    page.get_by_role("link", name="Staff", exact=True).click()
    for email, name, role, side in STAFF.values():
        page.get_by_label("Email").fill(email)
        page.get_by_label("Name (for a new account)").fill(name)
        page.get_by_label("Role").select_option(label=role)
        if side:
            page.get_by_label("Side").select_option(label=side)
        page.get_by_role("button", name="Add").click()
        expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()
    screenshot(page, "staff")


def accept_invitations(j: Journey) -> None:
    for who, (email, name, _role, _side) in STAFF.items():
        message = next(m for m in outbox_messages(j.server_env) if m["To"] == email)
        link = re.search(r"https?://\S+/invitations/\S+", message.get_content()).group(0)
        page = j.page(who)
        page.goto(link)
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Choose a password").fill(PASSWORDS[who])
        page.get_by_label("Repeat the password").fill(PASSWORDS[who])
        page.get_by_role("button", name="Accept and sign in").click()
        if who == "coordinator":  # coordinators must use two-factor in production mode
            expect(page.get_by_role("button", name="Set up two-factor")).to_be_visible()
            j.secrets[who] = enroll_two_factor(page, PASSWORDS[who])


PARTICIPANTS = {
    "nino": ("nino@e2e.example", "Nino Beridze", "Riverside", "Georgia"),
    "emre": ("emre@e2e.example", "Emre Yılmaz", "Hillside", "Türkiye"),
}


def register_participants(j: Journey) -> None:
    for who, (email, name, side, nationality) in PARTICIPANTS.items():
        page = j.page(who)
        page.goto(f"/p/{j.slug}/register")
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORDS[who])
        page.get_by_label("Your side").select_option(label=side)
        page.get_by_label("Affiliation").fill("Independent")
        page.get_by_label("Role").select_option(index=1)
        page.get_by_label("Nationality").select_option(label=nationality)
        page.get_by_label("I have read the confidentiality rule").check()
        page.get_by_label("I agree that the organisers process").check()
        if who == "nino":
            screenshot(page, "register")
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", name="My registration")).to_be_visible()
        expect(page.locator(".badge").get_by_text("pending")).to_be_visible()


def accept_registrations(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto(f"/programmes/{j.slug}")
    balance = page.get_by_role("table", name="The same numbers as a table")
    expect(balance.get_by_role("row", name="Riverside 0 1 0")).to_be_visible()
    page.get_by_role("link", name="Registrations", exact=True).click()
    for _email, name, _side, _nationality in PARTICIPANTS.values():
        page.get_by_label(name).check()
    page.get_by_role("button", name="Accept", exact=True).click()
    screenshot(page, "desk")
    assert_accessible(page)
    page.get_by_role("link", name="Overview", exact=True).click()
    for side in ("Riverside", "Hillside"):
        expect(balance.get_by_role("row", name=f"{side} 1 0 0")).to_be_visible()
    screenshot(page, "dashboard")
    assert_accessible(page)


def test_every_role_journey(journey):
    create_programme(journey)
    open_registration(journey)
    add_staff(journey)
    accept_invitations(journey)
    register_participants(journey)
    accept_registrations(journey)


def show(page):  # debugging aid while writing a step: print the page's accessibility tree
    print(page.url, page.locator("main").aria_snapshot())
